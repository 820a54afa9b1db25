"""The durable outbox: every state-changing request is committed here before the citizen is
told "submitted", then delivered to the platform in order, exactly once.

- SQLite in WAL mode with ``synchronous=FULL``: :meth:`Outbox.enqueue` returns only after the
  entry is on disk, so a power cut after "submitted" loses nothing.
- Each entry gets its idempotency key at enqueue time and keeps it across retries and restarts;
  the platform stores its answer under that key, so re-sending after a crash between "sent"
  and "acknowledged" yields the first answer instead of a second application.
- An entry the platform refuses for good (4xx) is *parked*: kept, reported on the event bus,
  and no longer blocking the ones behind it.
- Entries hold no session secrets (citizen tokens): delivery is authenticated as the terminal.
  Request bodies (personal data) are sealed with the terminal's data key
  (:mod:`kiosk.sealing`) and erased once delivered; the answer is kept for receipts.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from kiosk.platform import contract
from kiosk.platform.client import new_idempotency_key
from kiosk.sealing import Sealer

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    operation TEXT NOT NULL,
    path_params TEXT NOT NULL,
    request TEXT,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    last_error TEXT,
    result TEXT,
    content_type TEXT NOT NULL DEFAULT 'application/json'
);
CREATE INDEX IF NOT EXISTS outbox_state ON outbox (state, seq);
"""


JSON = "application/json"


class EntryState(str, Enum):
    PENDING = "pending"
    DELIVERED = "delivered"
    PARKED = "parked"


@dataclass(frozen=True)
class Entry:
    seq: int
    idempotency_key: str
    operation: str
    path_params: dict[str, str]
    request: dict[str, Any] | bytes | None
    """JSON request, or the raw body (an image) when ``content_type`` is not JSON."""
    state: EntryState
    attempts: int
    created_at: str
    last_error: str | None
    result: dict[str, Any] | None
    content_type: str = JSON


class NotQueueable(ValueError):
    """A request the outbox refuses to hold: not an idempotent operation, or not valid."""


def _entry(row: sqlite3.Row, sealer: Sealer) -> Entry:
    request = row["request"]
    if request is not None:
        request = sealer.open(request, row["idempotency_key"])
        if row["content_type"] == JSON:
            request = json.loads(request)
    return Entry(
        seq=row["seq"], idempotency_key=row["idempotency_key"], operation=row["operation"],
        path_params=json.loads(row["path_params"]), request=request,
        state=EntryState(row["state"]), attempts=row["attempts"], created_at=row["created_at"],
        last_error=row["last_error"], result=json.loads(row["result"]) if row["result"] else None,
        content_type=row["content_type"],
    )


def _check(operation: str, request: dict[str, Any] | bytes, path_params: dict[str, str],
           content_type: str) -> None:
    """Refuse what the platform could only refuse: unknown or non-idempotent operations,
    missing or malformed path parameters, a body of the wrong kind or shape."""
    op = contract.operations().get(operation)
    if op is None or not (op.method == "PUT" or contract.takes_idempotency_key(op)):
        raise NotQueueable(f"{operation} is not an idempotent state-changing operation")
    for param, pointer in contract.parameters(op):
        if param["in"] == "path" and (param["name"] not in path_params or contract.errors_at(
                pointer, path_params[param["name"]])):
            raise NotQueueable(f"{operation}: path parameter {param['name']} missing or invalid")
    body = contract.request_body(op)
    if body is None or content_type not in body["content"]:
        raise NotQueueable(f"{operation} takes no {content_type} body")
    if content_type != JSON:
        if not isinstance(request, bytes) or not request:
            raise NotQueueable(f"{operation}: expected a non-empty {content_type} body")
        return
    pointer = f"{op.pointer}/requestBody/content/application~1json/schema"
    if problems := contract.errors_at(pointer, request):
        raise NotQueueable(f"{operation}: {problems[0]}")


class Outbox:
    """The queue itself; thread-safe. :class:`~offline_cache.delivery.OutboxWorker` drains it."""

    def __init__(self, path: Path, sealer: Sealer | None = None) -> None:
        """``sealer`` defaults to the data key of the terminal whose data folder holds ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self._sealer = sealer or Sealer.for_folder(path.parent)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        columns = {r["name"] for r in self._db.execute("PRAGMA table_info(outbox)")}
        if "content_type" not in columns:  # outboxes made before binary bodies
            self._db.execute("ALTER TABLE outbox ADD COLUMN content_type TEXT NOT NULL "
                             "DEFAULT 'application/json'")
        self._lock = threading.Lock()
        self.changed = threading.Condition()
        """Notified whenever an entry is added or changes state."""

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def enqueue(self, operation: str, request: dict[str, Any] | bytes,
                path_params: dict[str, str] | None = None, content_type: str = JSON) -> Entry:
        """Commit a request durably and return its entry; only then may the user be told.

        ``request`` is the JSON body, or raw bytes of ``content_type`` (a material's image)."""
        _check(operation, request, path_params or {}, content_type)
        plain = json.dumps(request, ensure_ascii=False).encode() if content_type == JSON else request
        key = new_idempotency_key()
        created = datetime.now(UTC).isoformat(timespec="milliseconds")
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO outbox (idempotency_key, operation, path_params, request, created_at,"
                " content_type) VALUES (?,?,?,?,?,?)",
                (key, operation, json.dumps(path_params or {}), self._sealer.seal(plain, key),
                 created, content_type),
            )
            row = self._db.execute("SELECT * FROM outbox WHERE seq = ?",
                                   (cursor.lastrowid,)).fetchone()
        self._notify()
        return _entry(row, self._sealer)

    def get(self, seq: int) -> Entry | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM outbox WHERE seq = ?", (seq,)).fetchone()
        return _entry(row, self._sealer) if row else None

    def head(self) -> Entry | None:
        """The oldest pending entry: the next to deliver."""
        with self._lock:
            row = self._db.execute("SELECT * FROM outbox WHERE state = 'pending' "
                                   "ORDER BY seq LIMIT 1").fetchone()
        return _entry(row, self._sealer) if row else None

    def entries(self, state: EntryState | None = None) -> list[Entry]:
        query, args = "SELECT * FROM outbox ORDER BY seq", ()
        if state:
            query, args = "SELECT * FROM outbox WHERE state = ? ORDER BY seq", (state.value,)
        with self._lock:
            return [_entry(r, self._sealer) for r in self._db.execute(query, args).fetchall()]

    def count(self, state: EntryState | None = None) -> int:
        query, args = "SELECT COUNT(*) FROM outbox", ()
        if state:
            query, args = "SELECT COUNT(*) FROM outbox WHERE state = ?", (state.value,)
        with self._lock:
            return self._db.execute(query, args).fetchone()[0]

    def mark_delivered(self, seq: int, result: Any) -> None:
        """Record the platform's answer; the request body (personal data) is erased."""
        self._update("UPDATE outbox SET state = 'delivered', request = NULL, result = ?, "
                     "attempts = attempts + 1, last_error = NULL WHERE seq = ?",
                     (json.dumps(result, ensure_ascii=False), seq))

    def mark_parked(self, seq: int, error: str) -> None:
        self._update("UPDATE outbox SET state = 'parked', attempts = attempts + 1, "
                     "last_error = ? WHERE seq = ?", (error, seq))

    def record_failure(self, seq: int, error: str) -> None:
        self._update("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
                     (error, seq))

    def discard(self, seq: int) -> None:
        """Staff remove a parked entry once it has been dealt with."""
        self._update("DELETE FROM outbox WHERE seq = ? AND state = 'parked'", (seq,))

    def prune_delivered(self, keep: int = 1000) -> None:
        """Forget all but the newest ``keep`` delivered entries (the worker calls it now and then)."""
        self._update("DELETE FROM outbox WHERE state = 'delivered' AND seq NOT IN (SELECT seq "
                     "FROM outbox WHERE state = 'delivered' ORDER BY seq DESC LIMIT ?)", (keep,))

    def wait_until_final(self, seq: int, timeout_s: float) -> Entry | None:
        """Wait up to ``timeout_s`` for the entry to be delivered or parked; the entry as it is."""
        deadline = time.monotonic() + timeout_s
        with self.changed:
            while True:
                entry = self.get(seq)
                left = deadline - time.monotonic()
                if entry is None or entry.state != EntryState.PENDING or left <= 0:
                    return entry
                self.changed.wait(min(left, 0.5))

    def _update(self, sql: str, args: tuple[Any, ...]) -> None:
        with self._lock:
            self._db.execute(sql, args)
        self._notify()

    def _notify(self) -> None:
        with self.changed:
            self.changed.notify_all()
