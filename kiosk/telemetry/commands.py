"""Remote commands: checked, run at most once, answered.

Only the operations manager can publish on a terminal's ``cmd`` topic (the broker's ACL says
so). Here a command is refused if it is malformed, unknown, expired, issued too far in the
future or valid for too long, or already seen (a replay); its id is recorded *before* it
runs, so a crash mid-command never runs it a second time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from kiosk.telemetry.protocol import COMMANDS, iso, parse_iso, utc_now
from kiosk.telemetry.store import TelemetryStore

Handler = Callable[[dict[str, Any]], dict[str, Any]]
"""Runs a command's ``args``; returns the result (JSON-able, no personal data)."""

MAX_TTL = timedelta(hours=1)
CLOCK_SKEW = timedelta(minutes=2)


class CommandDesk:
    def __init__(
        self,
        store: TelemetryStore,
        handlers: dict[str, Handler],
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        unknown = set(handlers) - set(COMMANDS)
        if unknown:
            raise ValueError(f"no such commands: {sorted(unknown)}")
        self._store = store
        self._handlers = handlers
        self._now = now

    def _refusal(self, message: dict[str, Any]) -> str | None:
        if not isinstance(message.get("id"), str) or not message["id"]:
            return "malformed"
        if message.get("name") not in self._handlers:
            return "unknown_command"
        if not isinstance(message.get("args", {}), dict):
            return "malformed"
        try:
            issued = parse_iso(message["issued_at"])
            expires = parse_iso(message["expires_at"])
        except (KeyError, TypeError, ValueError):
            return "malformed"
        now = self._now()
        if expires <= now:
            return "expired"
        if issued > now + CLOCK_SKEW or expires - issued > MAX_TTL:
            return "invalid_validity"
        return None

    def handle(self, message: dict[str, Any]) -> dict[str, Any]:
        """The answer to publish on ``cmd/result`` (without seq and bdSeq)."""
        answer: dict[str, Any] = {"id": message.get("id"), "name": message.get("name")}
        refusal = self._refusal(message)
        if refusal is None and not self._store.claim_command(message["id"], iso(self._now())):
            refusal = "replayed"
        if refusal is not None:
            return answer | {"status": "rejected", "reason": refusal}
        try:
            result = self._handlers[message["name"]](message.get("args", {}))
        except Exception as exc:  # noqa: BLE001 - reported to the operator, never retried
            return answer | {"status": "failed", "reason": type(exc).__name__}
        return answer | {"status": "done", "result": result}
