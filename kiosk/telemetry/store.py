"""The terminal's telemetry store (SQLite, WAL): events not yet acknowledged by the broker,
the birth/death sequence, a "running" mark to detect crashes, and commands already seen.

Events are committed before they are sent and deleted only when the broker acknowledges them
(QoS 1 PUBACK), so a broker outage or a restart of the kiosk loses none.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (row INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS commands (id TEXT PRIMARY KEY, received_at TEXT NOT NULL,
                                     answer TEXT);
"""


class TelemetryStore:
    """Thread-safe; one file per terminal (``<data_dir>/telemetry.sqlite``)."""

    def __init__(self, path: Path, max_events: int = 10_000) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()
        self._max_events = max_events

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def next_bdseq(self) -> int:
        """The birth/death sequence for the next connection (0–255, +1 each time, persisted)."""
        with self._lock:
            value = self._meta("bdseq")
            current = 0 if value is None else (int(value) + 1) % 256
            self._set("bdseq", str(current))
            return current

    def mark_running(self) -> bool:
        """Record that the kiosk runs; True if the previous run ended without a clean stop."""
        with self._lock:
            crashed = self._meta("running") == "1"
            self._set("running", "1")
            return crashed

    def mark_stopped(self) -> None:
        with self._lock:
            self._set("running", "0")

    def add_event(self, body: dict[str, Any]) -> int:
        """Keep an event until the broker has it; the oldest go first past ``max_events``."""
        with self._lock:
            row = self._db.execute(
                "INSERT INTO events (body) VALUES (?)", (json.dumps(body, ensure_ascii=False),)
            ).lastrowid
            self._db.execute("DELETE FROM events WHERE row <= ?", (row - self._max_events,))
            return row

    def pending_events(self, after: int = 0, limit: int = 100) -> list[tuple[int, dict[str, Any]]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT row, body FROM events WHERE row > ? ORDER BY row LIMIT ?", (after, limit)
            ).fetchall()
        return [(row, json.loads(body)) for row, body in rows]

    def event_count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    def event_delivered(self, row: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM events WHERE row = ?", (row,))

    def claim_command(self, command_id: str, received_at: str) -> bool:
        """Record a command id; False if it was seen before (a replay: never run twice)."""
        with self._lock:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO commands (id, received_at) VALUES (?, ?)",
                (command_id, received_at),
            )
            self._db.execute(
                "DELETE FROM commands WHERE rowid <= (SELECT MAX(rowid) FROM commands) - 10000"
            )
            return cursor.rowcount == 1
