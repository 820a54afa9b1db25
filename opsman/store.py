"""The manager's store: current terminal state and history, in SQLite (default) or PostgreSQL.

SQLAlchemy Core keeps one schema for both. The ingest thread hands :class:`~opsman.fleet.Change`
records to :meth:`Store.write`, which batches them in one transaction; the web API reads here,
so several manager instances sharing one PostgreSQL show the same fleet.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from opsman.fleet import Alert, Change, Terminal

metadata = MetaData()
terminals = Table(
    "terminals",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("site", String(64), index=True),
    Column("site_name", Text),
    Column("status", String(16)),
    Column("reason", String(32)),
    Column("bdseq", Integer),
    Column("version", String(32)),
    Column("config_hash", String(64)),
    Column("catalogue_version", String(32)),
    Column("maintenance", Boolean),
    Column("last_seen", DateTime(timezone=True)),
    Column("health", JSON),
)
history = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("terminal", String(64), index=True),
    Column("subject", String(64)),
    Column("state", String(32)),
    Column("code", String(64)),
    Column("paper", String(16)),
    Column("at", DateTime(timezone=True)),
)
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), unique=True),
    Column("terminal", String(64), index=True),
    Column("site", String(64)),
    Column("kind", String(64)),
    Column("severity", String(16)),
    Column("device", String(64)),
    Column("at", String(40)),
    Column("received_at", DateTime(timezone=True)),
    Column("detail", JSON),
)
alerts = Table(
    "alerts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("terminal", String(64), index=True),
    Column("site", String(64), index=True),
    Column("key", String(160)),
    Column("kind", String(64)),
    Column("severity", String(16)),
    Column("device", String(64)),
    Column("code", String(64)),
    Column("opened_at", DateTime(timezone=True), index=True),
    Column("acked_at", DateTime(timezone=True)),
    Column("acked_by", String(64)),
    Column("resolved_at", DateTime(timezone=True), index=True),
    Column("grade", String(4)),
    Column("detail", JSON),
)
commands = Table(
    "commands",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("terminal", String(64), index=True),
    Column("name", String(32)),
    Column("args", JSON),
    Column("issued_by", String(64)),
    Column("issued_at", DateTime(timezone=True)),
    Column("status", String(16)),
    Column("reason", String(64)),
    Column("result", JSON),
    Column("answered_at", DateTime(timezone=True)),
)


def _utc(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; everything here is UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _row(row: Any) -> dict[str, Any]:
    return {k: _utc(v) if isinstance(v, datetime) else v for k, v in row._mapping.items()}


class Store:
    def __init__(self, url: str) -> None:
        self.engine: Engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

        self._insert = sqlite_insert if self.engine.dialect.name == "sqlite" else pg_insert

    def close(self) -> None:
        self.engine.dispose()

    # ---- writes -----------------------------------------------------------------------
    def write(self, changes: Iterable[Change]) -> None:
        """Persist a batch in one transaction; terminal rows are written once per batch."""
        latest: dict[str, Terminal] = {}
        rows: dict[str, list[dict[str, Any]]] = {"history": [], "event": [], "result": []}
        alert_changes: list[dict[str, Any]] = []
        for change in changes:
            if change.what == "terminal":
                latest[change.data["terminal"].id] = change.data["terminal"]
            elif change.what == "alert":
                alert_changes.append(change.data)
            else:
                rows[change.what].append(change.data)
        with self.engine.begin() as db:
            if latest:
                upsert = self._insert(terminals)
                db.execute(
                    upsert.on_conflict_do_update(
                        index_elements=[terminals.c.id],
                        set_={
                            c.name: upsert.excluded[c.name] for c in terminals.c if c.name != "id"
                        },
                    ),
                    [{"id": t.id, **_terminal_row(t)} for t in latest.values()],
                )
            if rows["history"]:  # one statement for many rows: every row has every column
                db.execute(
                    insert(history),
                    [{"code": None, "paper": None, **row} for row in rows["history"]],
                )
            if rows["event"]:  # an event delivered twice (QoS 1) is stored once
                db.execute(
                    self._insert(events).on_conflict_do_nothing(index_elements=[events.c.event_id]),
                    [_event_row(body) for body in rows["event"]],
                )
            for data in alert_changes:
                if "new" in data:
                    db.execute(  # opened by another instance from the same event: one row
                        self._insert(alerts)
                        .values(_alert_row(data["new"]))
                        .on_conflict_do_nothing(index_elements=[alerts.c.id])
                    )
                else:
                    db.execute(
                        update(alerts)
                        .where(alerts.c.id == data["id"])
                        .values({k: v for k, v in data.items() if k != "id"})
                    )
            for body in rows["result"]:
                db.execute(
                    update(commands)
                    .where(commands.c.id == body.get("id"))
                    .values(
                        status=body.get("status"),
                        reason=body.get("reason"),
                        result=body.get("result"),
                        answered_at=body["answered_at"],
                    )
                )

    def add_command(self, row: dict[str, Any]) -> None:
        with self.engine.begin() as db:
            db.execute(insert(commands).values(row))

    # ---- reads ------------------------------------------------------------------------
    def terminals(self, site: str | None = None) -> list[dict[str, Any]]:
        query = select(terminals).order_by(terminals.c.site, terminals.c.id)
        if site:
            query = query.where(terminals.c.site == site)
        return self._all(query)

    def terminal(self, terminal_id: str) -> dict[str, Any] | None:
        rows = self._all(select(terminals).where(terminals.c.id == terminal_id))
        return rows[0] if rows else None

    def sites(self) -> list[str]:
        with self.engine.connect() as db:
            return [
                r[0]
                for r in db.execute(select(terminals.c.site).distinct().order_by(terminals.c.site))
            ]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as db:
            by_status = dict(
                db.execute(
                    select(terminals.c.status, func.count()).group_by(terminals.c.status)
                ).all()
            )
            open_alerts = dict(
                db.execute(
                    select(alerts.c.severity, func.count())
                    .where(alerts.c.resolved_at.is_(None))
                    .group_by(alerts.c.severity)
                ).all()
            )
        return {"terminals": by_status, "open_alerts": open_alerts}

    def alerts(
        self,
        state: str = "open",
        site: str | None = None,
        terminal: str | None = None,
        limit: int = 500,
    ) -> list[dict[str, Any]]:
        query = select(alerts).order_by(alerts.c.opened_at.desc()).limit(limit)
        if state == "open":
            query = query.where(alerts.c.resolved_at.is_(None))
        elif state == "resolved":
            query = query.where(alerts.c.resolved_at.is_not(None))
        if site:
            query = query.where(alerts.c.site == site)
        if terminal:
            query = query.where(alerts.c.terminal == terminal)
        return self._all(query)

    def open_alerts(self) -> list[Alert]:
        fields = Alert.__dataclass_fields__
        return [
            Alert(**{k: v for k, v in row.items() if k in fields})
            for row in self.alerts("open", limit=1_000_000)
        ]

    def history(self, terminal: str, limit: int = 200) -> list[dict[str, Any]]:
        return self._all(
            select(history)
            .where(history.c.terminal == terminal)
            .order_by(history.c.id.desc())
            .limit(limit)
        )

    def events(self, terminal: str, limit: int = 100) -> list[dict[str, Any]]:
        return self._all(
            select(events)
            .where(events.c.terminal == terminal)
            .order_by(events.c.id.desc())
            .limit(limit)
        )

    def commands(
        self, terminal: str | None = None, command_id: str | None = None, limit: int = 50
    ) -> list[dict[str, Any]]:
        query = select(commands).order_by(commands.c.issued_at.desc()).limit(limit)
        if terminal:
            query = query.where(commands.c.terminal == terminal)
        if command_id:
            query = query.where(commands.c.id == command_id)
        return self._all(query)

    def _all(self, query: Any) -> list[dict[str, Any]]:
        with self.engine.connect() as db:
            return [_row(r) for r in db.execute(query)]


def _sqlite_pragmas(connection: Any, record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _terminal_row(t: Terminal) -> dict[str, Any]:
    birth = t.birth
    catalogue = birth.get("catalogue_version")
    return {
        "site": t.site,
        "site_name": birth.get("site_name"),
        "status": t.status,
        "reason": t.reason,
        "bdseq": t.bdseq,
        "version": birth.get("version"),
        "config_hash": birth.get("config_hash"),
        "catalogue_version": None if catalogue is None else str(catalogue),
        "maintenance": bool(birth.get("maintenance", False)),
        "last_seen": t.last_seen,
        "health": t.health,
    }


def _event_row(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": body["id"],
        "terminal": body["terminal"],
        "site": body["site"],
        "kind": body.get("kind"),
        "severity": body.get("severity"),
        "device": body.get("device"),
        "at": body.get("at"),
        "received_at": body["received_at"],
        "detail": body.get("detail"),
    }


def _alert_row(alert: Alert) -> dict[str, Any]:
    return {k: getattr(alert, k) for k in Alert.__dataclass_fields__}


def jsonable(value: Any) -> Any:
    """Rows as JSON: datetimes in ISO 8601 UTC."""
    return json.loads(
        json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v))
    )
