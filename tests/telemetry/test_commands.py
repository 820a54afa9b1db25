"""Remote commands are refused unless well-formed, known, current and new; each runs once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.telemetry.commands import CommandDesk
from kiosk.telemetry.protocol import command
from kiosk.telemetry.store import TelemetryStore

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def desk(tmp_path, runs: list) -> CommandDesk:
    def rebirth(args: dict) -> dict:
        runs.append(args)
        return {"ok": True}

    def broken(args: dict) -> dict:
        raise OSError("disk full")

    return CommandDesk(
        TelemetryStore(tmp_path / "t.sqlite"),
        {"rebirth": rebirth, "collect_diagnostics": broken},
        now=lambda: NOW,
    )


def test_refusals_name_the_reason_and_run_nothing(tmp_path):
    runs: list = []
    d = desk(tmp_path, runs)
    cases = {
        "malformed": {"name": "rebirth"},
        "unknown_command": command("sync_catalogue", command_id="a", now=NOW),
        "expired": command("rebirth", command_id="b", now=NOW - timedelta(minutes=2), ttl_s=60),
        "invalid_validity": command("rebirth", command_id="c", now=NOW, ttl_s=7200),
    }
    for reason, message in cases.items():
        assert d.handle(message) | {"id": None} == {
            "id": None,
            "name": message.get("name"),
            "status": "rejected",
            "reason": reason,
        }
    assert runs == []


def test_a_command_runs_once_even_across_a_restart(tmp_path):
    runs: list = []
    message = command("rebirth", {"why": "gap"}, command_id="x1", now=NOW)
    assert desk(tmp_path, runs).handle(message)["status"] == "done"
    again = desk(tmp_path, runs).handle(message)  # the kiosk restarted; the id is on disk
    assert (again["status"], again["reason"]) == ("rejected", "replayed")
    assert runs == [{"why": "gap"}]


def test_a_failing_command_is_answered_failed_not_retried(tmp_path):
    d = desk(tmp_path, [])
    message = command("collect_diagnostics", command_id="y1", now=NOW)
    assert d.handle(message) == {
        "id": "y1",
        "name": "collect_diagnostics",
        "status": "failed",
        "reason": "OSError",
    }
    assert d.handle(message)["reason"] == "replayed"
