"""Structured logging: one JSON object per line, and never a citizen's personal data.

Two guards: a redactor masks the exact personal values the current session holds (registered by
:class:`kiosk.session.PersonalData`), and patterns mask anything shaped like a resident ID
number or a mainland mobile number wherever it comes from.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
import threading
from datetime import datetime, timezone
from pathlib import Path

_PATTERNS = (
    re.compile(r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![0-9])"),
    re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])"),
)
MASK = "***"
_STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class Redactor:
    """Masks registered personal values and ID/phone-shaped strings in text."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def register(self, *values: str) -> None:
        """Mask these values from now on. Values too short to identify anyone on their own (one
        character, or under four ASCII characters such as a sex code) are not worth masking and
        would garble unrelated words."""
        with self._lock:
            self._secrets.update(
                v for v in values if v and len(v) >= (2 if not v.isascii() else 4)
            )

    def forget(self, *values: str) -> None:
        with self._lock:
            self._secrets.difference_update(values)

    def clear(self) -> None:
        with self._lock:
            self._secrets.clear()

    def __call__(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for pattern in _PATTERNS:  # whole ID and phone numbers first, before parts of them
            text = pattern.sub(MASK, text)
        for secret in secrets:
            text = text.replace(secret, MASK)
        return text


REDACTOR = Redactor()


class JsonLinesFormatter(logging.Formatter):
    """Formats a record as one redacted JSON object: time (UTC), level, logger, message, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value if isinstance(value, (int, float, bool)) else str(value)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return REDACTOR(json.dumps(entry, ensure_ascii=False, default=str))


def configure_logging(log_dir: Path | None, level: int = logging.INFO) -> None:
    """Send the ``govkiosk`` logs (and Kivy's) as JSON lines to ``log_dir/kiosk.jsonl``, rotated."""
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_govkiosk", False):
            root.removeHandler(handler)
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_dir / "kiosk.jsonl", maxBytes=5_000_000, backupCount=5, encoding="utf-8"
            )
        )
    for handler in handlers:
        handler.setFormatter(JsonLinesFormatter())
        handler._govkiosk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
