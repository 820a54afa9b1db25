"""The manager's store on SQLite and on PostgreSQL (a throwaway cluster started by the test)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from opsman.fleet import Fleet
from opsman.store import Store
from tests.telemetry.broker import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def _as_postgres(*command: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@pytest.fixture(scope="module")
def postgresql_url():
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 server binaries are not installed")
    folder = Path(tempfile.mkdtemp(prefix="govkiosk-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    port = free_port()
    subprocess.run(
        _as_postgres(
            str(PG_BIN / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres"
        ),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(folder / "data"),
            "-w",
            "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1",
            "-l",
            str(folder / "log"),
            "start",
        ),
        check=True,
        capture_output=True,
    )
    yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    subprocess.run(
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"),
        check=True,
        capture_output=True,
    )
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'opsman.sqlite'}"
    else:
        url = request.getfixturevalue("postgresql_url")
    opened = Store(url)
    yield opened
    from opsman.store import metadata

    metadata.drop_all(opened.engine)
    opened.close()


def test_fleet_changes_round_trip_through_the_store(store):
    fleet = Fleet()
    store.write(
        fleet.on_state(
            "east",
            "T1",
            {"status": "online", "seq": 0, "bdSeq": 3, "version": "0.1.0", "site_name": "东城"},
            T0,
        )
    )
    event = {
        "seq": 1,
        "bdSeq": 3,
        "id": "ev-1",
        "kind": "print_stopped",
        "severity": "warning",
        "device": "printer",
        "at": "2026-11-25T08:00:01Z",
        "detail": {"reason": "paper_out"},
    }
    changes = fleet.on_message("east", "T1", "event", event, T0 + timedelta(seconds=1))
    store.write(changes)
    store.write([c for c in changes if c.what == "event"])  # as another instance would: once
    store.write(
        fleet.on_message(
            "east",
            "T1",
            "health",
            {
                "seq": 2,
                "bdSeq": 3,
                "devices": {
                    "printer": {"state": "user_error", "paper": "out", "last_error": "paper_out"}
                },
            },
            T0 + timedelta(seconds=2),
        )
    )
    store.write(
        fleet.on_state("east", "T1", {"status": "offline", "bdSeq": 3}, T0 + timedelta(minutes=30))
    )

    [terminal] = store.terminals("east")
    assert (terminal["status"], terminal["bdseq"], terminal["site_name"]) == ("offline", 3, "东城")
    assert terminal["health"]["devices"]["printer"]["paper"] == "out"
    assert [e["kind"] for e in store.events("T1")] == ["print_stopped"]
    alerts = {a["kind"]: a for a in store.alerts("open", terminal="T1")}
    assert set(alerts) == {"print_stopped", "device_fault", "terminal_offline"}
    assert alerts["terminal_offline"]["opened_at"] == T0 + timedelta(minutes=30)
    assert [h["state"] for h in store.history("T1")] == ["offline", "user_error", "online"]
    assert store.counts() == {
        "terminals": {"offline": 1},
        "open_alerts": {"critical": 1, "warning": 2},
    }

    outage = alerts["terminal_offline"]["id"]
    store.write(fleet.resolve(outage, T0 + timedelta(minutes=95)))
    [closed] = [a for a in store.alerts("resolved") if a["id"] == outage]
    assert closed["grade"] == "I"  # unusable for over an hour
    restored = Fleet()
    restored.restore(store.open_alerts())
    assert {a.kind for a in restored.alerts.values()} == {"print_stopped", "device_fault"}


def test_a_batch_mixing_terminal_and_device_history_is_written_whole(store):
    fleet = Fleet()
    changes = fleet.on_state("east", "T2", {"status": "online", "seq": 0, "bdSeq": 0}, T0)
    changes += fleet.on_message(
        "east",
        "T2",
        "health",
        {"seq": 1, "bdSeq": 0, "devices": {"printer": {"state": "online", "paper": "near_end"}}},
        T0,
    )
    store.write(changes)
    assert [(h["subject"], h["paper"]) for h in store.history("T2")] == [
        ("printer", "near_end"),
        ("terminal", None),
    ]
