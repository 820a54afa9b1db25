"""The locker bank: compartments, which pickup order each holds, door intents and the audit trail.

SQLite in WAL mode with ``synchronous=FULL``: a write returns only once it is on disk, so the
intent to open a door is durable *before* the pulse goes out, and a power cut can never leave
an opened door unrecorded. Nothing personal is stored: orders by their opaque id, actors as
``citizen:<how identified>`` or ``staff:<staff number>``, no names, ID numbers or codes.

Intent states: ``pending`` (written; the pulse may have gone out) → ``opened`` (the door read
open) → ``closed``; or ``failed`` (the board answered and the door stayed shut), ``unknown``
(no answer: the door may have opened) and, after a restart, ``unresolved`` (the door reads shut
but may have opened meanwhile). A compartment with an unknown or unresolved intent is held for
staff: it is never given to another order.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from peripherals.locker.profile import CabinetLayout

SCHEMA = """
CREATE TABLE IF NOT EXISTS compartments (key TEXT PRIMARY KEY, board INTEGER NOT NULL,
    lock INTEGER NOT NULL, size TEXT NOT NULL, label TEXT NOT NULL, order_id TEXT UNIQUE,
    out_of_service TEXT, held_for_staff INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS intents (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,
    order_id TEXT NOT NULL, compartment TEXT NOT NULL, actor TEXT NOT NULL, state TEXT NOT NULL,
    created_at TEXT NOT NULL, opened_at TEXT, closed_at TEXT, outbox_seq INTEGER);
CREATE INDEX IF NOT EXISTS intents_state ON intents (state);
CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
    actor TEXT NOT NULL, action TEXT NOT NULL, order_id TEXT, compartment TEXT, detail TEXT);
CREATE TABLE IF NOT EXISTS code_failures (at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS code_lockout (id INTEGER PRIMARY KEY CHECK (id = 1), until REAL);
"""
SIZES = ("S", "M", "L")


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class CompartmentState:
    key: str  # "<board>-<lock>", as the platform names it
    board: int
    lock: int
    size: str
    label: str
    order_id: str | None
    out_of_service: str | None
    held_for_staff: bool

    @property
    def usable(self) -> bool:
        return self.out_of_service is None and not self.held_for_staff


@dataclass(frozen=True)
class Intent:
    id: int
    kind: str  # pickup | deposit
    order_id: str
    compartment: str
    actor: str
    state: str
    created_at: str
    opened_at: str | None
    outbox_seq: int | None


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: str
    actor: str
    action: str
    order_id: str | None
    compartment: str | None
    detail: str | None


class LockerBank:
    """One terminal's cabinets; thread-safe."""

    def __init__(self, path: Path, layout: CabinetLayout, now: Callable[[], float] = time.time):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()
        self._now = now
        self.layout = layout
        with self._tx() as db:
            for c in layout.compartments:
                db.execute(
                    "INSERT INTO compartments (key, board, lock, size, label) VALUES (?,?,?,?,?) "
                    "ON CONFLICT(key) DO UPDATE SET size = excluded.size, label = excluded.label",
                    (c.key, c.board, c.lock, c.size, c.label),
                )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _tx(self) -> _Transaction:
        return _Transaction(self._db, self._lock)

    def _rows(self, sql: str, *args: object) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # --- compartments ------------------------------------------------------------------------
    def compartments(self) -> list[CompartmentState]:
        rows = self._rows("SELECT * FROM compartments ORDER BY board, lock")
        return [_compartment(r) for r in rows]

    def compartment(self, key: str) -> CompartmentState | None:
        rows = self._rows("SELECT * FROM compartments WHERE key = ?", key)
        return _compartment(rows[0]) if rows else None

    def holding(self, order_id: str) -> CompartmentState | None:
        rows = self._rows("SELECT * FROM compartments WHERE order_id = ?", order_id)
        return _compartment(rows[0]) if rows else None

    def free_compartment(self, size: str) -> CompartmentState | None:
        """The first empty, usable compartment of ``size``, else of the next size up."""
        for fits in SIZES[SIZES.index(size) :]:
            rows = self._rows(
                "SELECT * FROM compartments c WHERE size = ? AND order_id IS NULL AND "
                "out_of_service IS NULL AND held_for_staff = 0 AND NOT EXISTS (SELECT 1 FROM "
                "intents i WHERE i.compartment = c.key AND i.state IN ('pending', 'opened', "
                "'unknown', 'unresolved')) ORDER BY board, lock LIMIT 1",
                fits,
            )
            if rows:
                return _compartment(rows[0])
        return None

    def set_out_of_service(self, key: str, reason: str | None, actor: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE compartments SET out_of_service = ? WHERE key = ?", (reason, key))
            self._audit(db, actor, "out_of_service" if reason else "in_service", None, key, reason)

    def release_for_staff(self, key: str, order_id: str | None, actor: str) -> None:
        """Staff checked a held compartment: it holds ``order_id`` (or nothing) again."""
        with self._tx() as db:
            db.execute("UPDATE intents SET state = 'resolved' WHERE compartment = ? AND state IN "
                       "('unknown', 'unresolved')", (key,))  # fmt: skip
            db.execute("UPDATE compartments SET held_for_staff = 0, order_id = ? WHERE key = ?",
                       (order_id, key))  # fmt: skip
            self._audit(db, actor, "checked", order_id, key, None)

    # --- intents -----------------------------------------------------------------------------
    def begin(self, kind: str, order_id: str, key: str, actor: str) -> Intent | None:
        """Durably record the intent to open ``key``; None if that door is already in use."""
        with self._tx() as db:
            busy = db.execute("SELECT 1 FROM intents WHERE compartment = ? AND state IN "
                              "('pending', 'opened', 'unknown')", (key,)).fetchone()  # fmt: skip
            if busy:
                return None
            cursor = db.execute(
                "INSERT INTO intents (kind, order_id, compartment, actor, state, created_at) "
                "VALUES (?,?,?,?, 'pending', ?)", (kind, order_id, key, actor, utc_now()),
            )  # fmt: skip
            self._audit(db, actor, "open_requested", order_id, key, kind)
            row = db.execute("SELECT * FROM intents WHERE id = ?", (cursor.lastrowid,)).fetchone()
        return _intent(row)

    def opened(self, intent: Intent, detail: str | None = None) -> Intent:
        with self._tx() as db:
            db.execute("UPDATE intents SET state = 'opened', opened_at = ? WHERE id = ?",
                       (utc_now(), intent.id))  # fmt: skip
            self._audit(db, intent.actor, "opened", intent.order_id, intent.compartment, detail)
        return self.intent(intent.id)

    def closed(self, intent: Intent) -> None:
        """The door read shut after opening: the compartment now holds the deposit, or nothing."""
        holds = intent.order_id if intent.kind == "deposit" else None
        with self._tx() as db:
            db.execute("UPDATE intents SET state = 'closed', closed_at = ? WHERE id = ?",
                       (utc_now(), intent.id))  # fmt: skip
            if intent.kind == "pickup":
                db.execute("UPDATE compartments SET order_id = NULL WHERE order_id = ?",
                           (intent.order_id,))  # fmt: skip
            else:
                db.execute("UPDATE compartments SET order_id = ? WHERE key = ?",
                           (holds, intent.compartment))  # fmt: skip
            self._audit(db, intent.actor, "closed", intent.order_id, intent.compartment, None)

    def failed(self, intent: Intent, reason: str, door_known_shut: bool) -> None:
        """The door did not open (``failed``), or nobody can tell (``unknown``: held for staff)."""
        state = "failed" if door_known_shut else "unknown"
        with self._tx() as db:
            db.execute("UPDATE intents SET state = ? WHERE id = ?", (state, intent.id))
            if not door_known_shut:
                db.execute("UPDATE compartments SET held_for_staff = 1 WHERE key = ?",
                           (intent.compartment,))  # fmt: skip
            self._audit(db, intent.actor, "open_failed", intent.order_id, intent.compartment,
                        reason)  # fmt: skip

    def unresolved(self, intent: Intent, detail: str) -> None:
        """After a restart the door reads shut but may have opened: hold it for staff."""
        with self._tx() as db:
            db.execute("UPDATE intents SET state = 'unresolved' WHERE id = ?", (intent.id,))
            db.execute("UPDATE compartments SET held_for_staff = 1 WHERE key = ?",
                       (intent.compartment,))  # fmt: skip
            self._audit(db, "kiosk", "unresolved", intent.order_id, intent.compartment, detail)

    def record_outbox(self, intent: Intent, seq: int) -> None:
        with self._tx() as db:
            db.execute("UPDATE intents SET outbox_seq = ? WHERE id = ?", (seq, intent.id))

    def intent(self, intent_id: int) -> Intent:
        return _intent(self._rows("SELECT * FROM intents WHERE id = ?", intent_id)[0])

    def intents(self, *states: str) -> list[Intent]:
        marks = ",".join("?" * len(states))
        rows = self._rows(f"SELECT * FROM intents WHERE state IN ({marks}) ORDER BY id", *states)
        return [_intent(r) for r in rows]

    def ever_opened(self, order_id: str, kind: str = "pickup") -> bool:
        rows = self._rows("SELECT 1 FROM intents WHERE order_id = ? AND kind = ? AND state IN "
                          "('opened', 'closed')", order_id, kind)  # fmt: skip
        return bool(rows)

    # --- audit -------------------------------------------------------------------------------
    def audit(self, actor: str, action: str, order_id: str | None = None,
              key: str | None = None, detail: str | None = None) -> None:  # fmt: skip
        with self._tx() as db:
            self._audit(db, actor, action, order_id, key, detail)

    @staticmethod
    def _audit(db: sqlite3.Connection, actor: str, action: str, order_id: str | None,
               key: str | None, detail: str | None) -> None:  # fmt: skip
        db.execute(
            "INSERT INTO audit (at, actor, action, order_id, compartment, detail) "
            "VALUES (?,?,?,?,?,?)",
            (utc_now(), actor, action, order_id, key, detail),
        )

    def audit_log(self) -> list[AuditRecord]:
        return [AuditRecord(**dict(r)) for r in self._rows("SELECT * FROM audit ORDER BY seq")]

    # --- pickup-code attempts ------------------------------------------------------------------
    def code_failed(self, window_s: float) -> int:
        """Record a wrong code; the number of wrong codes within ``window_s``."""
        now = self._now()
        with self._tx() as db:
            db.execute("DELETE FROM code_failures WHERE at < ?", (now - window_s,))
            db.execute("INSERT INTO code_failures VALUES (?)", (now,))
            return db.execute("SELECT COUNT(*) FROM code_failures").fetchone()[0]

    def code_succeeded(self) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM code_failures")

    def lock_code_entry(self, seconds: float) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM code_failures")
            until = self._now() + seconds
            db.execute("INSERT OR REPLACE INTO code_lockout VALUES (1, ?)", (until,))
            self._audit(db, "kiosk", "code_entry_locked", None, None, f"{seconds:.0f} s")

    def code_entry_locked_for(self) -> float:
        """Seconds until code entry opens again (0 if it is open); survives restarts."""
        rows = self._rows("SELECT until FROM code_lockout WHERE id = 1")
        return max(0.0, rows[0]["until"] - self._now()) if rows else 0.0


class _Transaction:
    """``with bank._tx() as db``: one serialised, durable transaction."""

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock) -> None:
        self._db, self._lock = db, lock

    def __enter__(self) -> sqlite3.Connection:
        self._lock.acquire()
        self._db.execute("BEGIN IMMEDIATE")
        return self._db

    def __exit__(self, kind, _value, _traceback) -> None:
        try:
            self._db.execute("ROLLBACK" if kind else "COMMIT")
        finally:
            self._lock.release()


def _compartment(row: sqlite3.Row) -> CompartmentState:
    return CompartmentState(
        row["key"], row["board"], row["lock"], row["size"], row["label"], row["order_id"],
        row["out_of_service"], bool(row["held_for_staff"]),
    )  # fmt: skip


def _intent(row: sqlite3.Row) -> Intent:
    return Intent(
        row["id"], row["kind"], row["order_id"], row["compartment"], row["actor"], row["state"],
        row["created_at"], row["opened_at"], row["outbox_seq"],
    )  # fmt: skip
