"""Progress lookup (办件进度): by the QR code on a printed notice, or the receipt number typed.

The scanned payload is checked whole before use: printable ASCII, at most 512 bytes, and either
a bare receipt number or the progress address printed on the notices.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, Protocol

from kiosk.flows.citizen_services import Observed, is_offline
from kiosk.platform.errors import PlatformError
from kiosk.result import Err, Ok, Result

RECEIPT_NO = r"[A-Z]{2}[0-9]{8,24}"
SCAN_WAIT_S = 20.0


class ApplicationsPlatform(Protocol):
    def application(self, receipt_no: str) -> Result[dict[str, Any], PlatformError]: ...


class ProgressStep(str, Enum):
    ENTER = "enter"  # scan the notice's code or type the number
    LOOKING = "looking"
    FOUND = "found"
    NOT_FOUND = "not_found"
    OFFLINE = "offline"
    INVALID = "invalid"  # not a receipt number or one of our codes


class ProgressLookup(Observed[ProgressStep]):
    def __init__(self, client: ApplicationsPlatform, progress_url: str,
                 scanner: Any | None = None) -> None:
        super().__init__(ProgressStep.ENTER)
        prefix = re.escape(progress_url.split("{receipt_no}")[0])
        self._pattern = re.compile(rf"(?:{prefix})?({RECEIPT_NO})")
        self._client, self.scanner = client, scanner
        self.application: dict[str, Any] = {}

    def reset(self) -> None:
        self.application = {}
        self._set(ProgressStep.ENTER)

    def receipt_no(self, text: str) -> str | None:
        """The receipt number in ``text`` (typed or scanned), or None."""
        if len(text) > 512 or not text.isascii() or not text.isprintable():
            return None
        match = self._pattern.fullmatch(text)
        return match.group(1) if match else None

    def look_up(self, text: str) -> ProgressStep:
        """Blocks on the platform: call from a worker."""
        receipt_no = self.receipt_no(text)
        if receipt_no is None:
            return self._set(ProgressStep.INVALID, "progress.invalid")
        self._set(ProgressStep.LOOKING, "progress.looking")
        match self._client.application(receipt_no):
            case Ok(value=application):
                self.application = application
                return self._set(ProgressStep.FOUND, f"progress.status.{application['status']}",
                                 receipt_no=receipt_no)
            case Err(error=error) if is_offline(error):
                return self._set(ProgressStep.OFFLINE, "progress.offline")
            case Err():
                return self._set(ProgressStep.NOT_FOUND, "progress.not_found")
        return self.state

    def scan(self) -> ProgressStep:
        """Wait for the notice's QR code at the scanner (blocks up to 20 s)."""
        if self.scanner is None:
            return self._set(ProgressStep.ENTER, "progress.no_scanner")
        match self.scanner.scan(SCAN_WAIT_S):
            case Ok(value=None):
                return self._set(ProgressStep.ENTER, "progress.scan_timeout")
            case Ok(value=code):
                try:
                    return self.look_up(code.payload.decode("ascii"))
                except UnicodeDecodeError:
                    return self._set(ProgressStep.INVALID, "progress.invalid")
            case Err():
                return self._set(ProgressStep.ENTER, "progress.scanner_failed")
        return self.state
