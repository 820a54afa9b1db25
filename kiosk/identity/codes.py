"""Strict validation of QR payloads before any use: length, character set, format, signature.

Two kinds of code exist:

- :class:`LoginCode`, shown by the kiosk for the government app to scan:
  ``govlogin:1:<terminal>:<session>:<nonce>:<expiry>:<signature>``, signed (Ed25519, URL-safe
  base64) by the platform over everything before the last colon, valid at most 120 s.
- :class:`AppCode`, shown by the citizen's government app to the kiosk's scanner:
  ``GOVAPP:<account>``; the platform verifies it, the kiosk only checks its form.

Anything else, or anything failing a check, is an :class:`InvalidCode` with a stable reason:
never an exception, never forwarded unchecked.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk.result import Err, Ok, Result

MAX_PAYLOAD = 512
MAX_LOGIN_VALIDITY_S = 120
_PRINTABLE_ASCII = re.compile(rb"[\x21-\x7e]+")  # used with fullmatch: no "$\n" slip
_LOGIN = re.compile(
    r"govlogin:1:(?P<terminal>[A-Za-z0-9][A-Za-z0-9_-]{2,63}):(?P<session>[A-Za-z0-9_-]{8,64})"
    r":(?P<nonce>[0-9a-f]{16}):(?P<expiry>[0-9]{10}):(?P<signature>[A-Za-z0-9_-]{86}==)"
)
_APP = re.compile(r"GOVAPP:(?P<account>[0-9A-Za-z_-]{3,64})")


@dataclass(frozen=True)
class LoginCode:
    terminal_id: str
    session_id: str
    expires_at: datetime
    text: str = field(repr=False)


@dataclass(frozen=True)
class AppCode:
    text: str = field(repr=False)


@dataclass(frozen=True)
class InvalidCode:
    """``reason``: too_long, empty, charset, format, signature, expired, too_long_lived,
    wrong_terminal, no_key."""

    reason: str


def _text(payload: bytes | str) -> Result[str, InvalidCode]:
    raw = payload.encode("utf-8", "replace") if isinstance(payload, str) else payload
    if not raw:
        return Err(InvalidCode("empty"))
    if len(raw) > MAX_PAYLOAD:
        return Err(InvalidCode("too_long"))
    if not _PRINTABLE_ASCII.fullmatch(raw):
        return Err(InvalidCode("charset"))
    return Ok(raw.decode("ascii"))


def parse_app_code(payload: bytes | str) -> Result[AppCode, InvalidCode]:
    """A government-app code read by the scanner, checked before it goes to the platform."""
    match _text(payload):
        case Err() as err:
            return err
        case Ok(text):
            if not _APP.fullmatch(text):
                return Err(InvalidCode("format"))
            return Ok(AppCode(text))


def parse_login_code(
    payload: bytes | str,
    platform_key: bytes,
    terminal_id: str,
    now: datetime | None = None,
) -> Result[LoginCode, InvalidCode]:
    """A login code from the platform, checked before it is shown: form, signature by the
    pinned platform key (raw 32 bytes), this terminal, not expired, at most 120 s left."""
    match _text(payload):
        case Err() as err:
            return err
        case Ok(text):
            pass
    found = _LOGIN.fullmatch(text)
    if found is None:
        return Err(InvalidCode("format"))
    if len(platform_key) != 32:
        return Err(InvalidCode("no_key"))
    signed, _, signature = text.rpartition(":")
    try:
        raw_signature = base64.urlsafe_b64decode(signature)
        if base64.urlsafe_b64encode(raw_signature).decode("ascii") != signature:
            raise ValueError("non-canonical base64")  # spare bits set: one code, one spelling
        Ed25519PublicKey.from_public_bytes(platform_key).verify(
            raw_signature, signed.encode("ascii")
        )
    except (InvalidSignature, binascii.Error, ValueError):
        return Err(InvalidCode("signature"))
    if found["terminal"] != terminal_id:
        return Err(InvalidCode("wrong_terminal"))
    expires = datetime.fromtimestamp(int(found["expiry"]), UTC)
    left = (expires - (now or datetime.now(UTC))).total_seconds()
    if left <= 0:
        return Err(InvalidCode("expired"))
    if left > MAX_LOGIN_VALIDITY_S + 1:  # one second of clock granularity
        return Err(InvalidCode("too_long_lived"))
    return Ok(LoginCode(found["terminal"], found["session"], expires, text))
