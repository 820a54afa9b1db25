"""Typed platform failures, returned as ``Err`` values; each names the message shown to the user.

- :class:`Offline`: no answer (no network, refused, timed out, connection cut mid-answer).
- :class:`Rejected`: the platform answered 4xx; ``error`` is its stable code, ``reasons`` the details.
- :class:`ServerError`: the platform answered 5xx.
- :class:`InvalidResponse`: an answer that does not follow the contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.i18n import translate

# Rejection codes with their own explanation for the citizen; others get the generic one.
EXPLAINED_REJECTIONS = frozenset({
    "slot_taken", "cancel_deadline_passed", "already_evaluated", "session_expired",
    "invalid_code", "identity_mismatch", "identity_not_verified", "unknown_item",
    "unauthorized", "already_collected",
})


@dataclass(frozen=True)
class Offline:
    detail: str

    @property
    def message_key(self) -> str:
        return "platform.error.offline"


@dataclass(frozen=True)
class Reason:
    code: str
    field: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Rejected:
    status: int
    error: str
    reasons: tuple[Reason, ...] = field(default=())

    @property
    def message_key(self) -> str:
        if self.error in EXPLAINED_REJECTIONS:
            return f"platform.rejected.{self.error}"
        return "platform.error.rejected"


@dataclass(frozen=True)
class ServerError:
    status: int

    @property
    def message_key(self) -> str:
        return "platform.error.server"


@dataclass(frozen=True)
class InvalidResponse:
    detail: str

    @property
    def message_key(self) -> str:
        return "platform.error.invalid_response"


PlatformError = Offline | Rejected | ServerError | InvalidResponse


def user_message(error: PlatformError, language: str) -> str:
    """The translated sentence a screen shows for ``error``."""
    return translate(error.message_key, language)
