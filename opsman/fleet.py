"""The manager's picture of the fleet, kept in memory and changed only by messages and time.

Pure logic, no I/O: each method returns what happened (:class:`Change` records for the store,
:class:`Rebirth` requests for the broker). Online/offline comes from births, wills (matching
``bdSeq`` only: a will from an older connection is stale) and a heartbeat timeout; a gap in
``seq`` that is not filled within the reorder timeout asks the terminal for a rebirth.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from kiosk.telemetry.protocol import Severity, next_seq, seq_gap
from opsman.grades import fault_grade

DEVICE_SEVERITY = {
    "hardware_error": "critical",
    "offline": "critical",
    "no_device": "critical",
    "user_error": "warning",
}
SEEN_EVENTS = 1000
DEVICE_EVENTS = ("device_fault", "device_recovered", "paper_near_end")


@dataclass
class Alert:
    id: str
    terminal: str
    site: str
    key: str
    kind: str
    severity: str
    device: str | None
    code: str
    opened_at: datetime
    detail: dict[str, Any] = field(default_factory=dict)
    acked_at: datetime | None = None
    acked_by: str | None = None
    resolved_at: datetime | None = None
    grade: str | None = None


@dataclass
class Terminal:
    id: str
    site: str
    status: str = "unknown"  # online | offline | unknown (no birth seen yet)
    reason: str = ""
    bdseq: int | None = None
    seq: int | None = None
    birth: dict[str, Any] = field(default_factory=dict)
    health: dict[str, Any] = field(default_factory=dict)
    last_seen: datetime | None = None
    missing: set[int] = field(default_factory=set)
    gap_since: datetime | None = None
    rebirth_asked: datetime | None = None
    seen_events: OrderedDict[str, None] = field(default_factory=OrderedDict)


@dataclass(frozen=True)
class Change:
    """Something to persist: ``what`` is terminal | history | event | alert | result.

    A terminal row is ``urgent`` when its status or a device changed; otherwise (new health
    figures only) the service may write it a little later, coalesced."""

    what: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Rebirth:
    site: str
    terminal: str


class Fleet:
    def __init__(
        self,
        reorder_timeout_s: float = 2.0,
        heartbeat_factor: float = 2.5,
        rebirth_backoff_s: float = 10.0,
    ) -> None:
        self.terminals: dict[str, Terminal] = {}
        self.alerts: dict[str, Alert] = {}  # open alerts by id
        self._by_key: dict[tuple[str, str], str] = {}
        self._reorder = timedelta(seconds=reorder_timeout_s)
        self._factor = heartbeat_factor
        self._rebirth_backoff = timedelta(seconds=rebirth_backoff_s)
        self.stats = {"gaps": 0, "stale_deaths": 0, "duplicates": 0, "rebirths": 0}

    def restore(self, alerts: list[Alert]) -> None:
        """Alerts still open in the store when the manager (re)starts."""
        for alert in alerts:
            self.alerts[alert.id] = alert
            self._by_key[(alert.terminal, alert.key)] = alert.id

    # ---- messages ---------------------------------------------------------------------
    def on_state(
        self, site: str, terminal_id: str, body: dict[str, Any], now: datetime
    ) -> list[Change | Rebirth]:
        t = self._terminal(site, terminal_id)
        out: list[Change | Rebirth] = []
        if body.get("status") == "online":
            t.bdseq, t.seq, t.birth, t.site = body.get("bdSeq"), body.get("seq", 0), body, site
            t.missing.clear()
            t.gap_since = None
            t.last_seen = now
            out += self._set_status(t, "online", "birth", now)
            out += self._resolve(t, "terminal", now)
        elif body.get("status") == "offline":
            if t.bdseq is not None and body.get("bdSeq") != t.bdseq:
                self.stats["stale_deaths"] += 1
                return []
            reason = body.get("reason", "connection_lost")
            out += self._set_status(t, "offline", reason, now)
            if reason != "shutdown":
                out += self._open(t, "terminal", "terminal_offline", "critical", None, reason, now)
        return out

    def on_message(
        self, site: str, terminal_id: str, kind: str, body: dict[str, Any], now: datetime
    ) -> list[Change | Rebirth]:
        t = self._terminal(site, terminal_id)
        out: list[Change | Rebirth] = []
        if t.bdseq is None or body.get("bdSeq") == t.bdseq:
            out += self._track_seq(t, body.get("seq"), now)
        t.last_seen = now
        if t.status != "online" and t.bdseq is not None and body.get("bdSeq") == t.bdseq:
            out += self._set_status(t, "online", "heartbeat", now)
            out += self._resolve(t, "terminal", now)
        if kind == "health":
            out += self._health(t, body, now)
        elif kind == "event":
            out += self._event(t, body, now)
        elif kind == "cmd/result":
            out.append(Change("result", {**body, "terminal": t.id, "answered_at": now}))
        return out

    def tick(self, now: datetime) -> list[Change | Rebirth]:
        """Heartbeat timeouts and unfilled sequence gaps; call about once a second."""
        out: list[Change | Rebirth] = []
        for t in self.terminals.values():
            interval = float(t.birth.get("health_interval_s", 30))
            silent = t.last_seen is not None and now - t.last_seen > timedelta(
                seconds=self._factor * interval + 5
            )
            if t.status == "online" and silent:
                out += self._set_status(t, "offline", "heartbeat_timeout", now)
                out += self._open(
                    t, "terminal", "terminal_offline", "critical", None, "heartbeat_timeout", now
                )
            if t.gap_since is not None and now - t.gap_since > self._reorder:
                t.missing.clear()
                t.gap_since = None
                out += self._ask_rebirth(t, now)
        for alert in self.alerts.values():
            grade = fault_grade(alert.severity, alert.opened_at, now)
            if grade != alert.grade:
                alert.grade = grade
                out.append(Change("alert", {"id": alert.id, "grade": grade}))
        return out

    # ---- operators --------------------------------------------------------------------
    def acknowledge(self, alert_id: str, who: str, now: datetime) -> list[Change]:
        alert = self.alerts.get(alert_id)
        if alert is None or alert.acked_at is not None:
            return []
        alert.acked_at, alert.acked_by = now, who
        return [Change("alert", {"id": alert.id, "acked_at": now, "acked_by": who})]

    def resolve(self, alert_id: str, now: datetime) -> list[Change]:
        alert = self.alerts.get(alert_id)
        return self._close(alert, now) if alert else []

    # ---- internals --------------------------------------------------------------------
    def _terminal(self, site: str, terminal_id: str) -> Terminal:
        t = self.terminals.get(terminal_id)
        if t is None:
            t = self.terminals[terminal_id] = Terminal(terminal_id, site)
        return t

    def _track_seq(self, t: Terminal, seq: Any, now: datetime) -> list[Change | Rebirth]:
        if not isinstance(seq, int):
            return []
        if t.bdseq is None:  # data before any birth: ask the terminal who it is
            return self._ask_rebirth(t, now)
        if seq in t.missing:  # a late message fills the gap
            t.missing.discard(seq)
            if not t.missing:
                t.gap_since = None
            return []
        if t.seq is not None and seq != next_seq(t.seq):
            missing = seq_gap(t.seq, seq)
            if len(missing) > 128:  # far behind: an old message, not a gap
                return []
            self.stats["gaps"] += 1
            t.missing.update(missing)
            t.gap_since = t.gap_since or now
        t.seq = seq
        return []

    def _ask_rebirth(self, t: Terminal, now: datetime) -> list[Change | Rebirth]:
        if t.rebirth_asked is not None and now - t.rebirth_asked < self._rebirth_backoff:
            return []
        t.rebirth_asked = now
        self.stats["rebirths"] += 1
        return [Rebirth(t.site, t.id)]

    def _set_status(self, t: Terminal, status: str, reason: str, now: datetime) -> list[Change]:
        changed = t.status != status
        t.status, t.reason = status, reason
        out = [Change("terminal", {"terminal": t, "urgent": changed})]
        if changed:
            out.append(
                Change(
                    "history",
                    {
                        "terminal": t.id,
                        "subject": "terminal",
                        "state": status,
                        "code": reason,
                        "at": now,
                    },
                )
            )
        return out

    def _health(self, t: Terminal, body: dict[str, Any], now: datetime) -> list[Change | Rebirth]:
        before = t.health.get("devices", {})
        devices = body.get("devices", {})
        t.health = body
        out: list[Change | Rebirth] = []
        for name, entry in devices.items():
            state = entry.get("state")
            code = entry.get("last_error") or state if state in DEVICE_SEVERITY else state
            old = before.get(name, {})
            if (old.get("state"), old.get("last_error"), old.get("paper")) != (
                state,
                entry.get("last_error"),
                entry.get("paper"),
            ):
                out.append(
                    Change(
                        "history",
                        {
                            "terminal": t.id,
                            "subject": name,
                            "state": state,
                            "code": code,
                            "paper": entry.get("paper"),
                            "at": now,
                        },
                    )
                )
            if state in DEVICE_SEVERITY:
                out += self._open(
                    t, f"device:{name}", "device_fault", DEVICE_SEVERITY[state], name, code, now
                )
            elif state == "online":
                out += self._resolve(t, f"device:{name}", now)
        for name in set(before) - set(devices):
            out += self._resolve(t, f"device:{name}", now)
        urgent = any(c.what == "history" for c in out if isinstance(c, Change))
        return [Change("terminal", {"terminal": t, "urgent": urgent}), *out]

    def _event(self, t: Terminal, body: dict[str, Any], now: datetime) -> list[Change | Rebirth]:
        event_id = body.get("id")
        if not isinstance(event_id, str) or event_id in t.seen_events:
            self.stats["duplicates"] += event_id in t.seen_events
            return []
        t.seen_events[event_id] = None
        if len(t.seen_events) > SEEN_EVENTS:
            t.seen_events.popitem(last=False)
        kind, device, severity = body.get("kind", ""), body.get("device"), body.get("severity")
        out: list[Change | Rebirth] = [
            Change("event", {**body, "terminal": t.id, "site": t.site, "received_at": now})
        ]
        detail = body.get("detail") or {}
        # Device faults and recoveries are history here: the health sent with them opens and
        # resolves the device's alert (at one instance, the one that gets that health).
        if kind not in DEVICE_EVENTS and severity in (
            Severity.CRITICAL.value,
            Severity.WARNING.value,
        ):
            key = f"event:{kind}:{device or ''}"
            # every instance gets every event: the same id everywhere, one row in a shared store
            alert_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{t.id}/{key}/{event_id}").hex
            out += self._open(
                t, key, kind, severity, device, detail.get("reason", kind), now, detail, alert_id
            )
        return out

    def _open(
        self,
        t: Terminal,
        key: str,
        kind: str,
        severity: str,
        device: str | None,
        code: str,
        now: datetime,
        detail: dict[str, Any] | None = None,
        alert_id: str | None = None,
    ) -> list[Change]:
        existing = self._by_key.get((t.id, key))
        if existing is not None:
            alert = self.alerts[existing]
            if (alert.code, alert.severity) == (code, severity):
                return []
            alert.code, alert.severity = code, severity
            return [Change("alert", {"id": alert.id, "code": code, "severity": severity})]
        alert = Alert(
            alert_id or uuid.uuid4().hex,
            t.id,
            t.site,
            key,
            kind,
            severity,
            device,
            code,
            now,
            detail or {},
            grade=fault_grade(severity, now, now),
        )
        self.alerts[alert.id] = alert
        self._by_key[(t.id, key)] = alert.id
        return [Change("alert", {"new": replace(alert)})]

    def _resolve(self, t: Terminal, key: str, now: datetime) -> list[Change]:
        alert_id = self._by_key.get((t.id, key))
        return self._close(self.alerts[alert_id], now) if alert_id else []

    def _close(self, alert: Alert, now: datetime) -> list[Change]:
        self.alerts.pop(alert.id, None)
        self._by_key.pop((alert.terminal, alert.key), None)
        alert.resolved_at = now
        alert.grade = fault_grade(alert.severity, alert.opened_at, now)
        return [Change("alert", {"id": alert.id, "resolved_at": now, "grade": alert.grade})]
