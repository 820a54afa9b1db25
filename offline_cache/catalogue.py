"""The installed guide catalogue in SQLite (WAL): verified versions, switched atomically.

Item bodies are stored once by hash (``blobs``, zlib-compressed; they decompress to the exact
published bytes), with their search keys (``blob_keys``) computed when they arrive, so a delta
sync only brings and indexes what changed. A version becomes active in the
same transaction that writes it; the previous version is kept as the last good fallback and
older ones are pruned. Only items that passed ``catalogue_bundle`` checks are ever written.
"""

from __future__ import annotations

import ctypes
import gc
import json
import sqlite3
import sys
import threading
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.guides.model import Guide
from offline_cache.catalogue_bundle import Manifest, VerifiedItem
from offline_cache.search import IndexRecord, SearchIndex
from offline_cache.search_keys import ItemKeys, item_keys

SEP = "\x1f"
SCHEMA_VERSION = 2
"""Bumped when the tables change; an older store is emptied and filled again (bundle, sync)."""
TABLES = ("blobs", "blob_keys", "versions", "version_items", "state")
SCHEMA = """
CREATE TABLE IF NOT EXISTS blobs (sha256 TEXT PRIMARY KEY, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS blob_keys (
    sha256 TEXT PRIMARY KEY, phrases TEXT NOT NULL, head TEXT NOT NULL, inner TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    version INTEGER PRIMARY KEY, published_at TEXT NOT NULL, installed_at TEXT NOT NULL,
    source TEXT NOT NULL, manifest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS version_items (
    version INTEGER NOT NULL, code TEXT NOT NULL, sha256 TEXT NOT NULL,
    name TEXT NOT NULL, name_en TEXT NOT NULL, department_id TEXT NOT NULL,
    department_zh TEXT NOT NULL, department_en TEXT NOT NULL, popularity INTEGER NOT NULL,
    themes TEXT NOT NULL, life_events TEXT NOT NULL,
    PRIMARY KEY (version, code));
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS usage (code TEXT PRIMARY KEY, opens INTEGER NOT NULL);
"""


class MissingItems(Exception):
    """A manifest names items whose bodies were neither given nor already stored (a bug)."""


@dataclass(frozen=True)
class VersionInfo:
    version: int
    published_at: str
    installed_at: str
    source: str
    items: int


@dataclass(frozen=True)
class Summary:
    """One line of a browse list: a department, theme or life event and its item count."""

    key: str
    name_zh: str
    name_en: str
    items: int


class CatalogueStore:
    """All catalogue versions on this terminal; reads always see the active one."""

    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        if self._db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            for table in TABLES:
                self._db.execute(f"DROP TABLE IF EXISTS {table}")
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._db.executescript(SCHEMA)
        self._index: tuple[int, SearchIndex] | None = None

    def close(self) -> None:
        self._db.close()

    # --- versions -------------------------------------------------------------------------
    def active(self) -> VersionInfo | None:
        return self._version_info(self._state("active"))

    def previous(self) -> VersionInfo | None:
        return self._version_info(self._state("previous"))

    def known_hashes(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT sha256 FROM blobs")}

    def install(
        self, manifest: Manifest, new_items: Iterable[VerifiedItem], source: str
    ) -> VersionInfo:
        """Write ``manifest``'s version and make it active, all or nothing.

        ``new_items`` are the verified items not stored yet; the others must already be stored
        under the hashes the manifest names."""
        new_items = list(new_items)
        blobs = [(v.sha256, zlib.compress(v.body)) for v in new_items]
        keys = [(v.sha256, *self._keys_row(item_keys(v.guide))) for v in new_items]
        guides = {v.guide.code: v.guide for v in new_items}
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR IGNORE INTO blobs VALUES (?,?)", blobs)
                db.executemany("INSERT OR IGNORE INTO blob_keys VALUES (?,?,?,?)", keys)
                db.execute("DELETE FROM version_items WHERE version = ?", (manifest.version,))
                db.execute("DELETE FROM versions WHERE version = ?", (manifest.version,))
                db.execute(
                    "INSERT INTO versions VALUES (?,?,?,?,?)",
                    (
                        manifest.version,
                        manifest.published_at,
                        now,
                        source,
                        json.dumps(manifest.document, ensure_ascii=False),
                    ),
                )
                db.executemany(
                    "INSERT INTO version_items VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    self._listing(manifest, guides),
                )
                old = self._state("active")
                if old is not None and old != manifest.version:
                    self._set_state("previous", old)
                self._set_state("active", manifest.version)
                self._prune()
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return self.active()  # type: ignore[return-value]

    def _listing(self, manifest: Manifest, fresh: dict[str, Guide]) -> list[tuple]:
        stored = {
            row[1]: row[2:]
            for row in self._db.execute(
                "SELECT code, sha256, name, name_en, department_id, department_zh, department_en,"
                " popularity, themes, life_events FROM version_items"
            )
        }
        rows = []
        for entry in manifest.entries:
            guide = fresh.get(entry.code)
            if guide is not None:
                rows.append(
                    (
                        manifest.version,
                        guide.code,
                        entry.sha256,
                        guide.name,
                        guide.name_en,
                        guide.department.id,
                        guide.department.name_zh,
                        guide.department.name_en,
                        guide.popularity,
                        SEP.join(guide.themes),
                        SEP.join(guide.life_events),
                    )
                )
            elif entry.sha256 in stored:
                rows.append((manifest.version, entry.code, entry.sha256, *stored[entry.sha256]))
            else:
                raise MissingItems(entry.code)
        return rows

    def _prune(self) -> None:
        keep = [v for v in (self._state("active"), self._state("previous")) if v is not None]
        marks = ",".join("?" * len(keep))
        self._db.execute(f"DELETE FROM version_items WHERE version NOT IN ({marks})", keep)
        self._db.execute(f"DELETE FROM versions WHERE version NOT IN ({marks})", keep)
        for table in ("blobs", "blob_keys"):
            self._db.execute(
                f"DELETE FROM {table} WHERE sha256 NOT IN (SELECT sha256 FROM version_items)"
            )

    # --- reading the active version -------------------------------------------------------
    def guide(self, code: str) -> Guide | None:
        row = self._db.execute(
            "SELECT b.body FROM version_items v JOIN blobs b USING (sha256)"
            " WHERE v.version = ? AND v.code = ?",
            (self._state("active"), code),
        ).fetchone()
        return Guide.model_validate_json(zlib.decompress(row[0])) if row else None

    def guides(self) -> Iterator[Guide]:
        rows = self._db.execute(
            "SELECT b.body FROM version_items v JOIN blobs b USING (sha256)"
            " WHERE v.version = ? ORDER BY v.code",
            (self._state("active"),),
        )
        return (Guide.model_validate_json(zlib.decompress(body)) for (body,) in rows)

    def departments(self) -> list[Summary]:
        rows = self._db.execute(
            "SELECT department_id, department_zh, department_en, COUNT(*) FROM version_items"
            " WHERE version = ? GROUP BY department_id ORDER BY SUM(popularity) DESC",
            (self._state("active"),),
        )
        return [Summary(*row) for row in rows]

    def groups(self, column: str) -> list[Summary]:
        """Themes (``themes``) or life events (``life_events``) with their item counts."""
        if column not in ("themes", "life_events"):
            raise ValueError(column)
        counts: dict[str, int] = {}
        for (text,) in self._db.execute(
            f"SELECT {column} FROM version_items WHERE version = ?", (self._state("active"),)
        ):
            for name in filter(None, text.split(SEP)):
                counts[name] = counts.get(name, 0) + 1
        return [Summary(n, n, n, c) for n, c in sorted(counts.items(), key=lambda kv: -kv[1])]

    def codes_in(
        self, department: str | None = None, theme: str | None = None, life_event: str | None = None
    ) -> list[str]:
        """Codes of one browse group, most used first."""
        rows = self._db.execute(
            "SELECT code, themes, life_events FROM version_items WHERE version = ?"
            " AND (? IS NULL OR department_id = ?) ORDER BY popularity DESC, code",
            (self._state("active"), department, department),
        )
        return [
            code
            for code, themes, events in rows
            if (theme is None or theme in themes.split(SEP))
            and (life_event is None or life_event in events.split(SEP))
        ]

    def search_index(self) -> SearchIndex:
        """The index of the active version, built on first use and after each switch."""
        with self._lock:
            version = self._state("active")
            if self._index is None or self._index[0] != version:
                self._index = (version or 0, SearchIndex(self._records(version), self.usage()))
                gc.collect()
                gc.freeze()  # the index lives long: keep the collector from rescanning it
                _return_freed_memory()
            return self._index[1]

    def _records(self, version: int | None) -> Iterator[IndexRecord]:
        rows = self._db.execute(
            "SELECT v.code, v.name, v.name_en, v.department_zh, v.department_en, v.popularity,"
            " k.phrases, k.head, k.inner FROM version_items v JOIN blob_keys k USING (sha256)"
            " WHERE v.version = ?",
            (version,),
        )
        shared: dict[tuple[str, str, str], ItemKeys] = {}  # one object per distinct key set
        for code, name, name_en, dept_zh, dept_en, popularity, *raw in rows:
            keys = shared.get(tuple(raw))
            if keys is None:
                phrases, head, inner = raw
                keys = ItemKeys(
                    tuple(map(sys.intern, phrases.split(SEP))),
                    tuple(map(sys.intern, head.split())),
                    tuple(map(sys.intern, inner.split())),
                )
                shared[tuple(raw)] = keys
            texts = map(sys.intern, (name, name_en, dept_zh, dept_en))  # shared by many items
            yield IndexRecord(code, *texts, popularity, keys)

    # --- local use counts -----------------------------------------------------------------
    def record_open(self, code: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO usage VALUES (?, 1) ON CONFLICT(code) DO UPDATE SET opens = opens + 1",
                (code,),
            )

    def usage(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT code, opens FROM usage"))

    # --- helpers --------------------------------------------------------------------------
    @staticmethod
    def _keys_row(keys: ItemKeys) -> tuple[str, str, str]:
        return SEP.join(keys.phrases), " ".join(keys.head), " ".join(keys.inner)

    def _state(self, key: str) -> int | None:
        row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else None

    def _set_state(self, key: str, value: int) -> None:
        self._db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (key, str(value)))

    def _version_info(self, version: int | None) -> VersionInfo | None:
        if version is None:
            return None
        row = self._db.execute(
            "SELECT v.version, v.published_at, v.installed_at, v.source,"
            " (SELECT COUNT(*) FROM version_items i WHERE i.version = v.version)"
            " FROM versions v WHERE v.version = ?",
            (version,),
        ).fetchone()
        return VersionInfo(*row) if row else None


def _return_freed_memory() -> None:
    """Hand the memory freed after an index build back to the system (glibc only)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
