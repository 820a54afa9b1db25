"""The terminal's telemetry against a real mosquitto with TLS and the fleet ACL."""

from __future__ import annotations

import os
import signal
import time
import uuid
from datetime import timedelta

import pytest

from kiosk.events import EventBus
from kiosk.lockers.events import LockerDoorLeftOpen, PickupCodeEntryLocked
from kiosk.telemetry.events import MaintenanceChanged, TerminalAlert
from kiosk.telemetry.protocol import Severity, command, utc_now
from kiosk.telemetry.setup import build_telemetry
from peripherals.status import (
    CoverState,
    DeviceState,
    DeviceStatus,
    PaperState,
    PrinterMedia,
    StatusBoard,
)
from tests.telemetry.conftest import (
    SITE,
    terminal_config,
    terminal_process,
    terminal_settings,
    write_config,
)
from tests.telemetry.listener import Listener

BASE = f"govkiosk/v1/{SITE}/T-0001"


class Terminal:
    """A terminal's core pieces (bus, status board) with telemetry started."""

    def __init__(self, broker, data_dir, handlers=None, **kw) -> None:
        self.config = terminal_config(broker, "T-0001", data_dir, **kw)
        self.bus = EventBus()
        self.board = StatusBoard(self.bus)
        self.telemetry = build_telemetry(
            self.config,
            self.bus,
            self.board,
            data_dir,
            handlers or {},
            lambda: {"maintenance": False},
            "cfg1",
        )
        self.telemetry.start()

    def paper_out(self) -> None:
        self.board.update(
            DeviceStatus(
                "printer",
                "printer",
                DeviceState.USER_ERROR,
                PrinterMedia(PaperState.OUT, CoverState.CLOSED),
            ).with_error("paper_out")
        )


@pytest.fixture
def terminal(broker, listener, tmp_path):
    running = Terminal(broker, tmp_path / "data")
    listener.wait_for("state", status="online")
    yield running
    running.telemetry.stop()


def test_birth_is_retained_with_bdseq_and_facts_then_health(terminal, broker, listener):
    birth = listener.of("state")[0]
    assert birth["seq"] == 0 and birth["bdSeq"] == 0
    assert birth["terminal"] == "T-0001" and birth["config_hash"] == "cfg1"
    assert birth["version"] and birth["health_interval_s"] == 30
    health = listener.wait_for("health")[0]
    assert health["seq"] == 1 and health["bdSeq"] == 0
    assert {"disk_free_mb", "memory_used_pct", "cpu_pct"} <= set(health["machine"])
    late = Listener(broker, "opsman", "late-manager")  # a manager that starts later
    late.subscribe(f"{BASE}/state")
    assert late.wait_for("state")[0]["status"] == "online"
    late.close()


def test_fault_is_reported_at_once_as_event_and_health_with_no_gap(terminal, listener):
    listener.wait_for("health")
    started = time.monotonic()
    terminal.paper_out()
    event = listener.wait_for("event", kind="device_fault")[0]
    health = listener.wait_for("health", 2)[-1]
    assert time.monotonic() - started < 1.0  # not at the next 30 s interval
    assert event["device"] == "printer" and event["detail"]["code"] == "paper_out"
    assert health["devices"]["printer"]["paper"] == "out"
    seqs = [body["seq"] for _, body, _ in listener.messages if body.get("bdSeq") == 0]
    assert seqs == list(range(len(seqs)))


def test_will_with_the_births_bdseq_when_the_process_is_killed(broker, listener, tmp_path):
    config = write_config(
        tmp_path / "t.toml", terminal_settings(broker, "T-0001", tmp_path / "data")
    )
    with terminal_process(config) as process:
        birth = listener.wait_for("state", status="online")[0]
        os.kill(process.pid, signal.SIGKILL)
        will = listener.wait_for("state", status="offline", timeout=5)[0]
    assert will["bdSeq"] == birth["bdSeq"]
    late = Listener(broker, "opsman", "late-manager")
    late.subscribe(f"{BASE}/state")
    assert late.wait_for("state")[0]["status"] == "offline"  # retained for later managers
    late.close()
    with terminal_process(config):  # the next run: the next bdSeq, and a crash is reported
        assert listener.wait_for("state", 2, status="online")[-1]["bdSeq"] == birth["bdSeq"] + 1
        assert listener.wait_for("event", kind="crash_recovery")


def test_events_wait_on_disk_while_the_broker_is_down(broker, listener, tmp_path):
    first = Terminal(broker, tmp_path / "data")
    listener.wait_for("state", status="online")
    broker.stop()
    for n in range(3):
        first.telemetry.report(
            TerminalAlert("door_left_open", Severity.WARNING, "locker", {"door": n})
        )
    first.telemetry.stop()  # the kiosk is restarted while the broker is still down
    second = Terminal(broker, tmp_path / "data")
    broker.start()
    try:
        manager = Listener(broker, "opsman", "manager-after-restart")
        manager.subscribe("govkiosk/v1/#")
        births = manager.wait_for("state", status="online", timeout=15)
        events = manager.wait_for("event", 3, kind="door_left_open", timeout=15)
        assert sorted(e["detail"]["door"] for e in events) == [0, 1, 2]
        assert births[-1]["bdSeq"] >= 1 and births[-1]["seq"] == 0
        manager.close()
    finally:
        second.telemetry.stop()


def _cmd(name: str, **kw) -> dict:
    return command(name, command_id=uuid.uuid4().hex, **kw)


def test_commands_are_answered_refused_when_stale_or_replayed(terminal, listener):
    changes: list[MaintenanceChanged] = []
    terminal.bus.subscribe(MaintenanceChanged, changes.append)
    listener.wait_for("health")
    diag = _cmd("collect_diagnostics")
    assert listener.publish(f"{BASE}/cmd", diag) == 0
    answer = listener.wait_for("cmd/result", id=diag["id"])[0]
    assert answer["status"] == "done" and "machine" in answer["result"]["health"]

    rebirth = _cmd("rebirth")
    listener.publish(f"{BASE}/cmd", rebirth)
    listener.wait_for("cmd/result", id=rebirth["id"], status="done")
    reborn = listener.wait_for("state", 2, status="online")[-1]
    assert reborn["seq"] == 0 and reborn["bdSeq"] == 0

    expired = _cmd("collect_diagnostics", now=utc_now() - timedelta(minutes=5), ttl_s=60)
    listener.publish(f"{BASE}/cmd", expired)
    assert listener.wait_for("cmd/result", id=expired["id"])[0]["reason"] == "expired"

    unknown = _cmd("format_disk")
    listener.publish(f"{BASE}/cmd", unknown)
    assert listener.wait_for("cmd/result", id=unknown["id"])[0]["reason"] == "unknown_command"


def test_a_replayed_command_runs_once(broker, listener, tmp_path):
    runs: list[dict] = []
    handlers = {"enter_maintenance": lambda args: runs.append(args) or {"maintenance": True}}
    running = Terminal(broker, tmp_path / "data", handlers)
    try:
        listener.wait_for("health")
        message = _cmd("enter_maintenance")
        listener.publish(f"{BASE}/cmd", message)
        listener.publish(f"{BASE}/cmd", message)
        answers = listener.wait_for("cmd/result", 2, id=message["id"])
        assert [a["status"] for a in answers] == ["done", "rejected"]
        assert answers[1]["reason"] == "replayed" and len(runs) == 1
    finally:
        running.telemetry.stop()


def test_acl_keeps_each_terminal_to_its_own_topics(terminal, broker, listener):
    other = Listener(broker, "T-0002")
    try:
        not_authorized = 0x87
        assert other.publish(f"{BASE}/cmd", _cmd("rebirth")).value == not_authorized
        assert other.publish(f"{BASE}/health", {"seq": 0}).value == not_authorized
        assert other.publish(f"govkiosk/v1/{SITE}/T-0002/health", {"seq": 0}) == 0
        other.subscribe(f"{BASE}/cmd")  # mosquitto grants it but delivers nothing it denies
        other.subscribe("govkiosk/v1/#")
        sent = _cmd("collect_diagnostics")
        assert listener.publish(f"{BASE}/cmd", sent) == 0  # the manager may
        listener.wait_for("cmd/result", id=sent["id"])  # the terminal got it ...
        time.sleep(0.2)
        assert not [t for t, _, _ in other.messages if t.startswith(BASE)]  # ... nobody else
    finally:
        other.close()


def test_no_personal_data_leaves_the_terminal(terminal, listener):
    terminal.telemetry.report(
        TerminalAlert(
            "pickup_lockout", Severity.WARNING, "locker", {"note": "110101199003074514 13812345678"}
        )
    )
    event = listener.wait_for("event", kind="pickup_lockout")[0]
    assert "110101199003074514" not in str(event) and "13812345678" not in str(event)


def test_other_parts_events_become_alerts_without_their_details(terminal, listener):
    terminal.bus.publish(LockerDoorLeftOpen("ORDER-123456", "1-07", 61.4))
    terminal.bus.publish(PickupCodeEntryLocked(300.0))
    door = listener.wait_for("event", kind="door_left_open")[0]
    lockout = listener.wait_for("event", kind="pickup_lockout")[0]
    assert door["detail"] == {"compartment": "1-07", "open_s": 61} and door["device"] == "lockers"
    assert "ORDER-123456" not in str(door)  # the order is the platform's business
    assert lockout["detail"] == {"seconds": 300} and lockout["severity"] == "warning"
