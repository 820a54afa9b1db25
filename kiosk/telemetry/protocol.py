"""The MQTT wire contract between terminals and the operations manager (no paho here).

Topics, all under ``[mqtt] topic_prefix`` (default ``govkiosk/v1``)::

    <prefix>/<site>/<terminal>/state       retained: birth {"status": "online", ...};
                                           last will and clean stop {"status": "offline"}
    <prefix>/<site>/<terminal>/health      every health_interval_s and on every change
    <prefix>/<site>/<terminal>/event       alerts (paper out, catalogue rejected, crash …)
    <prefix>/<site>/<terminal>/cmd         manager → terminal (only the manager may write)
    <prefix>/<site>/<terminal>/cmd/result  terminal → manager, one per command

Every terminal message carries ``bdSeq`` (birth/death sequence, +1 per connection, 0–255,
persisted) and ``seq`` (0 on birth, +1 per message, 255 → 0), Sparkplug B style: the manager
detects a gap in ``seq`` and asks for a rebirth, and ignores a will whose ``bdSeq`` is not the
current birth's. Payloads are UTF-8 JSON; they never hold personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

import msgspec

KINDS = ("state", "health", "event", "cmd", "cmd/result")
COMMANDS = (
    "rebirth",
    "sync_catalogue",
    "enter_maintenance",
    "leave_maintenance",
    "print_test_page",
    "restart_app",
    "collect_diagnostics",
)


class Severity(str, Enum):
    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Topics:
    """The topics of one terminal."""

    prefix: str
    site: str
    terminal: str

    @property
    def base(self) -> str:
        return f"{self.prefix}/{self.site}/{self.terminal}"

    def of(self, kind: str) -> str:
        if kind not in KINDS:
            raise ValueError(f"unknown topic kind {kind!r}")
        return f"{self.base}/{kind}"


def parse_topic(prefix: str, topic: str) -> tuple[str, str, str] | None:
    """``(site, terminal, kind)`` of a terminal topic under ``prefix``, else None."""
    if not topic.startswith(prefix + "/"):
        return None
    parts = topic[len(prefix) + 1 :].split("/", 2)
    if len(parts) != 3 or parts[2] not in KINDS:
        return None
    return parts[0], parts[1], parts[2]


def next_seq(value: int) -> int:
    return (value + 1) % 256


def seq_gap(last: int, received: int) -> list[int]:
    """The sequence numbers missing between ``last`` and ``received`` (wrapping at 256)."""
    missing, value = [], next_seq(last)
    while value != received and len(missing) < 255:
        missing.append(value)
        value = next_seq(value)
    return missing


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def encode(payload: dict[str, Any]) -> bytes:
    return msgspec.json.encode(payload)


def decode(data: bytes) -> dict[str, Any] | None:
    """The JSON object in ``data``, or None if it is not one."""
    try:
        value = msgspec.json.decode(data)
    except msgspec.DecodeError:
        return None
    return value if isinstance(value, dict) else None


def command(
    name: str,
    args: dict[str, Any] | None = None,
    *,
    command_id: str,
    ttl_s: float = 60.0,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A command as the manager sends it: expires ``ttl_s`` after it was issued."""
    issued = now or utc_now()
    return {
        "id": command_id,
        "name": name,
        "args": args or {},
        "issued_at": iso(issued),
        "expires_at": iso(issued + timedelta(seconds=ttl_s)),
    }
