"""Per-device raw traffic log for support: ``govkiosk.raw.<device_id>``, hex, rotating file.

Every frame goes into an in-memory ring (the last 200, attached to fault events); when the
device's ``raw_log`` is on (config or maintenance mode) frames are also written to
``<log_dir>/raw/<device_id>.log``, which rolls over each time the device is opened. Frames pass
through the device codec's ``redact`` first, so personal data never reaches the log or the ring.
"""

from __future__ import annotations

import logging
import logging.handlers
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

RING_SIZE = 200
KEEP_FILES = 3
MAX_BYTES = 2_000_000

Redact = Callable[[str, bytes], str]
"""``redact(direction, frame) -> hex text`` with personal fields masked."""


def plain_hex(direction: str, frame: bytes) -> str:
    return frame.hex(" ")


class RawTraffic:
    """Records TX/RX frames of one device; file logging can be switched on and off at runtime."""

    def __init__(
        self, device_id: str, log_dir: Path | None, enabled: bool, redact: Redact = plain_hex
    ) -> None:
        self.device_id = device_id
        self._redact = redact
        self._ring: deque[str] = deque(maxlen=RING_SIZE)
        self._logger = logging.getLogger(f"govkiosk.raw.{device_id}")
        self._logger.propagate = False
        self._handler: logging.handlers.RotatingFileHandler | None = None
        if log_dir is not None:
            path = log_dir / "raw" / f"{device_id}.log"
            path.parent.mkdir(parents=True, exist_ok=True)
            self._handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=KEEP_FILES, encoding="utf-8", delay=True
            )
            self._handler.setFormatter(logging.Formatter("%(message)s"))
            for old in [h for h in self._logger.handlers if getattr(h, "_govkiosk_raw", False)]:
                self._logger.removeHandler(old)
                old.close()
            self._handler._govkiosk_raw = True  # type: ignore[attr-defined]
            self._logger.addHandler(self._handler)
        self.set_enabled(enabled)

    @property
    def enabled(self) -> bool:
        return self._logger.isEnabledFor(logging.DEBUG)

    def set_enabled(self, enabled: bool) -> None:
        """Switch file logging (maintenance mode); says so in the file when it is turned off."""
        if not enabled and self.enabled:
            self._logger.info(f"{self._stamp()} raw traffic logging off")
        self._logger.setLevel(logging.DEBUG if enabled else logging.INFO)
        if enabled:
            self._logger.info(f"{self._stamp()} raw traffic logging on")

    def opened(self, address: str) -> None:
        """Start a fresh file for this connection (the previous ones are kept)."""
        if self._handler is not None and self.enabled and self._handler.stream is not None:
            self._handler.doRollover()
        self._logger.debug(f"{self._stamp()} OPEN {address}")

    def frame(self, direction: str, data: bytes) -> None:
        if not data:
            return
        line = f"{self._stamp()} {direction} {self._redact(direction, data)}"
        self._ring.append(line)
        self._logger.debug(line)

    def note(self, text: str) -> None:
        line = f"{self._stamp()} -- {text}"
        self._ring.append(line)
        self._logger.debug(line)

    def recent(self) -> tuple[str, ...]:
        return tuple(self._ring)

    @staticmethod
    def _stamp() -> str:
        utc = datetime.now(UTC).isoformat(timespec="milliseconds")
        return f"{utc} mono={time.monotonic():.6f}"
