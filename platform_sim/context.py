"""What an operation handler gets (:class:`Ctx`) and how it refuses (:class:`Problem`)."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

Handler = Callable[["Ctx"], tuple[int, Any]]
HANDLERS: dict[str, Handler] = {}


def operation(operation_id: str) -> Callable[[Handler], Handler]:
    """Register a handler for an ``operationId`` of the contract."""

    def register(handler: Handler) -> Handler:
        HANDLERS[operation_id] = handler
        return handler

    return register


class Problem(Exception):
    """A 4xx answer: a stable ``error`` code, a message for logs and optional field reasons."""

    def __init__(self, status: int, error: str, message: str = "",
                 reasons: list[dict[str, str]] | None = None) -> None:
        super().__init__(message or error)
        self.status = status
        self.body: dict[str, Any] = {"error": error, "message": message or error}
        if reasons:
            self.body["reasons"] = reasons


@dataclass
class Ctx:
    db: sqlite3.Connection
    terminal_id: str
    params: dict[str, Any]
    body: Any
    headers: dict[str, str]
    signing_key: Ed25519PrivateKey
    clock_offset_s: float = 0.0
    content_type: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def now(self) -> datetime:
        """The platform's business clock (the simulator can move it forward)."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_s)

    def citizen(self) -> sqlite3.Row:
        """The citizen of the ``X-Citizen-Token`` header, or 401."""
        subject = self._token("X-Citizen-Token", "citizen")
        return self.db.execute("SELECT * FROM citizens WHERE citizen_ref = ?",
                               (subject,)).fetchone()

    def citizen_if_any(self) -> sqlite3.Row | None:
        return self.citizen() if self.headers.get("x-citizen-token") else None

    def staff_no(self) -> str:
        return self._token("X-Staff-Token", "staff")

    def _token(self, header: str, kind: str) -> str:
        token = self.headers.get(header.lower(), "")
        row = self.db.execute("SELECT subject, expires_at FROM tokens WHERE token = ? AND kind = ?",
                              (token, kind)).fetchone()
        if row is None or row["expires_at"] < self.now().timestamp():
            raise Problem(401, "unauthorized", f"{header} missing, unknown or expired")
        return row["subject"]

    def issue_token(self, kind: str, subject: str, minutes: int = 30) -> tuple[str, str]:
        token = secrets.token_urlsafe(24)
        expires = self.now() + timedelta(minutes=minutes)
        self.db.execute("INSERT INTO tokens VALUES (?,?,?,?)",
                        (token, kind, subject, expires.timestamp()))
        return token, iso(expires)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(8)}"
