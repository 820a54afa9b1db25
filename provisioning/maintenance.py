"""Maintenance mode as a plain-Python flow: who may enter, what they may do, and the audit trail.

A hidden gesture only opens the PIN pad (``ask``); entry needs the technician PIN or a registered
technician card (PC/SC, its card number's SHA-256 in ``[maintenance] technician_cards``). Wrong
PINs count across restarts; after ``max_attempts`` in a row, PIN entry is locked for
``lockout_s``. Inside: device status, a test of each device, recent logs, re-sync, settings
within allowed ranges. Every action, allowed or refused, goes into ``<data_dir>/maintenance.sqlite``
(who is ``pin`` or ``card:<first 8 hex of its hash>``, never a name). Leaving goes home.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from kiosk.config import ConfigError, DeviceClass, KioskConfig
from kiosk.logs import REDACTOR
from kiosk.result import Ok
from peripherals.device import Device
from peripherals.status import StatusBoard
from provisioning.device_test import Options, Report, describe, run_test
from provisioning.enrol import EnrolmentFailed, enrol, read_raw, write_config

PIN_ITERATIONS = 200_000
AUDIT_KEEP_S = 366 * 86_400  # a year of maintenance history
SETTINGS: dict[str, tuple[int, int]] = {  # key → allowed range, as the config validates them
    "accessibility.text_size": (1, 4),
    "timeouts.idle_s": (30, 1800),
    "timeouts.warning_s": (20, 120),
}
SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (at REAL NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,
                                  detail TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS pin_guard (id INTEGER PRIMARY KEY CHECK (id = 1),
                                      failures INTEGER NOT NULL, locked_until REAL NOT NULL);
"""


def hash_pin(pin: str, iterations: int = PIN_ITERATIONS) -> str:
    """``pbkdf2_sha256$<iterations>$<salt>$<hash>`` for ``[maintenance] pin_hash``."""
    if not (pin.isdigit() and 6 <= len(pin) <= 12):
        raise ValueError("a technician PIN is 6 to 12 digits")
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    if not stored:
        return False
    _, iterations, salt, expected = stored.split("$")
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(digest.hex(), expected)


def card_digest(card_number: str) -> str:
    return hashlib.sha256(card_number.strip().encode()).hexdigest()


class State(str, Enum):
    CLOSED = "closed"  # citizen screens; nothing asked
    ASKING = "asking"  # PIN pad shown (the hidden gesture alone never gets further)
    LOCKED_OUT = "locked_out"
    OPEN = "open"


@dataclass(frozen=True)
class Outcome:
    """What the screen shows after a step: a message key (``maintenance.po``) and values."""

    key: str
    values: dict


class AuditLog:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path, self._clock = path, clock
        with self._db() as db:
            db.executescript(SCHEMA)

    def _db(self) -> sqlite3.Connection:
        return sqlite3.connect(self._path, timeout=5)

    def record(self, who: str, action: str, detail: str = "") -> None:
        """Add an entry; entries older than :data:`AUDIT_KEEP_S` go."""
        now = self._clock()
        with self._db() as db:
            db.execute("INSERT INTO audit VALUES (?, ?, ?, ?)", (now, who, action, detail))
            db.execute("DELETE FROM audit WHERE at < ?", (now - AUDIT_KEEP_S,))

    def recent(self, limit: int = 50) -> list[tuple[float, str, str, str]]:
        with self._db() as db:
            rows = db.execute("SELECT * FROM audit ORDER BY rowid DESC LIMIT ?", (limit,))
            return rows.fetchall()

    def guard(self) -> tuple[int, float]:
        with self._db() as db:
            row = db.execute("SELECT failures, locked_until FROM pin_guard").fetchone()
        return row or (0, 0.0)

    def set_guard(self, failures: int, locked_until: float) -> None:
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO pin_guard VALUES (1, ?, ?)", (failures, locked_until)
            )


class MaintenanceFlow:
    """One technician visit at a time; the screen calls these methods and shows :attr:`state`."""

    def __init__(
        self,
        config: KioskConfig,
        devices: dict[str, Device],
        board: StatusBoard,
        go_home: Callable[[], None],
        config_path: Path | None = None,
        resync: Callable[[], str] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config, self.devices, self._board = config, devices, board
        self._go_home, self._config_path, self._resync = go_home, config_path, resync
        self._clock = clock
        self.audit = AuditLog(config.data_dir / "maintenance.sqlite", clock)
        self.state = State.CLOSED
        self.who = ""
        self._last_touch = clock()

    # --- access ----------------------------------------------------------------------------
    def ask(self) -> Outcome:
        """The hidden gesture: show the PIN pad (or say how long PIN entry stays locked)."""
        self._last_touch = self._clock()
        self.audit.record("-", "pin_pad")
        if (left := self._locked_for()) > 0:
            self.state = State.LOCKED_OUT
            return Outcome("maintenance.locked", {"minutes": max(1, round(left / 60))})
        self.state = State.ASKING
        return Outcome("maintenance.enter_pin", {})

    def enter_pin(self, pin: str) -> Outcome:
        if self.state is State.CLOSED:
            raise RuntimeError("enter_pin before ask(): the PIN pad is not shown")
        if (left := self._locked_for()) > 0:
            self.state = State.LOCKED_OUT
            self.audit.record("pin", "refused_locked")
            return Outcome("maintenance.locked", {"minutes": max(1, round(left / 60))})
        if pin_matches(pin, self.config.maintenance.pin_hash):
            self.audit.set_guard(0, 0.0)
            return self._open("pin")
        failures = self.audit.guard()[0] + 1
        limit = self.config.maintenance.max_attempts
        if failures >= limit:
            self.audit.set_guard(0, self._clock() + self.config.maintenance.lockout_s)
            self.audit.record("pin", "locked_out", f"{failures} wrong PINs")
            self.state = State.LOCKED_OUT
            return Outcome(
                "maintenance.locked", {"minutes": round(self.config.maintenance.lockout_s / 60)}
            )
        self.audit.set_guard(failures, 0.0)
        self.audit.record("pin", "wrong_pin", f"{failures} of {limit}")
        return Outcome("maintenance.wrong_pin", {"left": limit - failures})

    def present_card(self, card_number: str) -> Outcome:
        """A card read on the PC/SC reader while the PIN pad is shown."""
        digest = card_digest(card_number)
        who = f"card:{digest[:8]}"
        if self.state is State.CLOSED:
            raise RuntimeError("present_card before ask()")
        if digest in self.config.maintenance.technician_cards:
            return self._open(who)
        self.audit.record(who, "unknown_card")
        return Outcome("maintenance.unknown_card", {})

    @property
    def card_reader(self) -> str | None:
        """The configured PC/SC reader technician cards are read on, if any."""
        return next(
            (
                name
                for name, d in self.config.peripherals.items()
                if d.device_class is DeviceClass.PCSC
            ),
            None,
        )

    def wait_for_card(self, timeout_s: float) -> Outcome | None:
        """Read a card on the PC/SC reader while the PIN pad (or the lockout notice) shows;
        ``None``: no card came, or there is no reader."""
        if self.card_reader is None or self.state not in (State.ASKING, State.LOCKED_OUT):
            return None
        match self.devices[self.card_reader].read_social_security_card(timeout_s):
            case Ok(card) if card is not None:
                return self.present_card(card.card_number)
        return None

    def _locked_for(self) -> float:
        return max(0.0, self.audit.guard()[1] - self._clock())

    def _open(self, who: str) -> Outcome:
        self.state, self.who = State.OPEN, who
        self._last_touch = self._clock()
        self.audit.record(who, "entered")
        return Outcome("maintenance.welcome", {})

    def _require_open(self, action: str) -> None:
        if self.state is not State.OPEN:
            self.audit.record("-", "refused", action)
            raise PermissionError(f"{action}: maintenance mode is not open")
        if self._clock() - self._last_touch > self.config.maintenance.idle_s:
            self.audit.record(self.who, "timed_out")
            self.leave()
            raise PermissionError(f"{action}: maintenance mode closed after inactivity")
        self._last_touch = self._clock()

    # --- inside -----------------------------------------------------------------------------
    def device_status(self) -> dict[str, str]:
        self._require_open("device_status")
        self.audit.record(self.who, "device_status")
        known = self._board.all()
        return {
            name: describe(known[name]) if name in known else "unknown" for name in self.devices
        }

    def test_device(self, name: str, open_door: int | None = None) -> Report:
        """Print a test page, open one door, read a card or scan a code (waits up to 15 s)."""
        self._require_open("test_device")
        device = self.devices[name]
        device_class = self.config.peripherals[name].device_class
        options = Options(wait_s=15.0, open_door=open_door, terminal_id=self.config.terminal.id)
        report = run_test(device, device_class, self.config.peripherals[name].url, options)
        detail = f"{name} {'ok' if report.ok else report.error}"
        self.audit.record(
            self.who, "test_device", detail + (f" door {open_door}" if open_door else "")
        )
        return report

    def recent_logs(self, limit: int = 100) -> list[str]:
        """The newest application log lines, masked again on the way to the screen."""
        self._require_open("recent_logs")
        self.audit.record(self.who, "recent_logs")
        lines: list[str] = []
        logs = self.config.log_dir.glob("kiosk.jsonl*")
        for path in sorted(logs, key=lambda p: p.stat().st_mtime):
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
        return [REDACTOR(line) for line in lines[-limit:]]

    def resync(self) -> str:
        self._require_open("resync")
        result = self._resync() if self._resync else "not_available"
        self.audit.record(self.who, "resync", result)
        return result

    def change_setting(self, key: str, value: int) -> Outcome:
        """Change one setting within its range; saved to the configuration, used after restart."""
        self._require_open("change_setting")
        low, high = SETTINGS.get(key, (None, None))
        if low is None or not low <= value <= high:
            self.audit.record(self.who, "setting_refused", f"{key}={value}")
            return Outcome("maintenance.setting_out_of_range", {"low": low, "high": high})
        if self._config_path is None:
            return Outcome("maintenance.setting_not_saved", {})
        raw = read_raw(self._config_path)
        section, name = key.split(".")
        raw.setdefault(section, {})[name] = value
        try:
            self.config = write_config(self._config_path, raw)
        except ConfigError as exc:  # e.g. the warning would outlast the idle time
            self.audit.record(self.who, "setting_refused", f"{key}={value}")
            return Outcome("maintenance.setting_conflict", {"why": exc.problems[0][1]})
        self.audit.record(self.who, "setting", json.dumps({key: value}))
        return Outcome("maintenance.setting_saved", {})

    def enrol(self, opsman_url: str, code: str) -> Outcome:
        """The enrolment of ``kiosk provision``, from the screen (saved; used after restart)."""
        self._require_open("enrol")
        if self._config_path is None:
            return Outcome("maintenance.setting_not_saved", {})
        try:
            enrolled = enrol(
                self._config_path, self.config.data_dir, opsman_url, code.strip().upper()
            )
        except EnrolmentFailed as exc:
            self.audit.record(self.who, "enrol_refused", str(exc))
            return Outcome("maintenance.enrol_refused", {"why": str(exc)})
        self.config = enrolled.config
        self.audit.record(self.who, "enrolled", f"{enrolled.terminal_id} at {enrolled.site_id}")
        return Outcome("maintenance.enrolled", {"terminal": enrolled.terminal_id})

    def toggle_raw_log(self, name: str) -> bool | None:
        """Switch a device's raw traffic file on or off (support asks for it); the new state,
        or None for a device without a raw log."""
        self._require_open("raw_log")
        traffic = getattr(self.devices[name], "raw_traffic", None)
        if traffic is None:
            return None
        traffic.set_enabled(not traffic.enabled)
        self.audit.record(self.who, "raw_log", f"{name} {'on' if traffic.enabled else 'off'}")
        return traffic.enabled

    def leave(self) -> None:
        """Back to the citizen home screen."""
        if self.state is State.OPEN:
            self.audit.record(self.who, "left")
        self.state, self.who = State.CLOSED, ""
        self._go_home()


def resync_catalogue(config: KioskConfig, platform) -> str:
    """Ask the platform for a newer guide catalogue now (re-sync button); a line saying what happened."""
    from kiosk.guides.setup import open_catalogue

    result = open_catalogue(config).sync(platform.client)
    if not result.ok:
        return f"not updated: {result.error.message(config.locale.default)}"
    outcome = result.value
    done = f"{outcome.downloaded_items} items downloaded" if outcome.changed else "up to date"
    return f"catalogue {outcome.installed.version}: {done}"
