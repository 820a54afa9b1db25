"""The manager with real terminals over mosquitto (TLS, ACL): what an operator sees and does."""

from __future__ import annotations

import os
import signal
import time

from kiosk.events import EventBus
from kiosk.telemetry.events import TerminalAlert
from kiosk.telemetry.protocol import Severity
from kiosk.telemetry.setup import build_telemetry
from peripherals.status import (
    CoverState,
    DeviceState,
    DeviceStatus,
    PaperState,
    PrinterMedia,
    StatusBoard,
)
from tests.opsman.conftest import RunningManager
from tests.telemetry.conftest import (
    terminal_config,
    terminal_process,
    terminal_settings,
    write_config,
)
from tests.telemetry.listener import Listener


class Kiosk:
    def __init__(self, broker, data_dir, terminal="T-0001", site="site-a", interval=30):
        self.bus = EventBus()
        self.board = StatusBoard(self.bus)
        config = terminal_config(broker, terminal, data_dir, site=site, health_interval_s=interval)
        self.births = 0
        self.telemetry = build_telemetry(
            config, self.bus, self.board, data_dir, {}, self._facts, "cfg"
        )
        self.telemetry.start()

    def _facts(self) -> dict:
        self.births += 1
        return {"maintenance": False}

    def printer(self, paper: PaperState) -> None:
        state = DeviceState.ONLINE if paper is PaperState.OK else DeviceState.USER_ERROR
        status = DeviceStatus("printer", "printer", state, PrinterMedia(paper, CoverState.CLOSED))
        self.board.update(status.with_error("paper_out") if paper is PaperState.OUT else status)


def terminal_row(ops, terminal="T-0001"):
    return {t["id"]: t for t in ops.get("/api/terminals")}.get(terminal)


def test_paper_out_becomes_an_alert_and_recovery_resolves_it(ops, broker, tmp_path):
    kiosk = Kiosk(broker, tmp_path / "k")
    try:
        ops.until(lambda: terminal_row(ops), lambda t: t and t["status"] == "online")
        kiosk.printer(PaperState.OK)
        started = time.monotonic()
        kiosk.printer(PaperState.OUT)
        alerts = ops.until(lambda: ops.get("/api/alerts?terminal=T-0001"), bool)
        assert time.monotonic() - started < 2.0
        assert [(a["kind"], a["device"], a["code"], a["severity"]) for a in alerts] == [
            ("device_fault", "printer", "paper_out", "warning")
        ]
        kiosk.printer(PaperState.OK)
        ops.until(lambda: ops.get("/api/alerts?terminal=T-0001"), lambda rows: rows == [])
        history = ops.get("/api/terminals/T-0001")["history"]
        assert [h["code"] for h in history if h["subject"] == "printer"][:2] == [
            "online",
            "paper_out",
        ]
    finally:
        kiosk.telemetry.stop()


def test_killed_terminal_goes_offline_with_a_graded_alert(ops, broker, tmp_path):
    config = write_config(
        tmp_path / "t.toml", terminal_settings(broker, "T-0002", tmp_path / "data")
    )
    with terminal_process(config) as process:
        ops.until(lambda: terminal_row(ops, "T-0002"), lambda t: t and t["status"] == "online")
        os.kill(process.pid, signal.SIGKILL)
        row = ops.until(lambda: terminal_row(ops, "T-0002"), lambda t: t["status"] == "offline")
    assert row["reason"] == "connection_lost"
    alert = ops.get("/api/alerts?terminal=T-0002")[0]
    assert (alert["kind"], alert["severity"], alert["grade"]) == (
        "terminal_offline",
        "critical",
        "III",
    )
    status, _ = ops.post(f"/api/alerts/{alert['id']}/ack", {"by": "值班员"})
    assert status == 200
    assert ops.get("/api/alerts?terminal=T-0002")[0]["acked_by"] == "值班员"


def test_command_round_trip_and_rebirth_on_a_gap(ops, broker, tmp_path):
    kiosk = Kiosk(broker, tmp_path / "k")
    try:
        ops.until(lambda: terminal_row(ops), lambda t: t and t["status"] == "online")
        status, sent = ops.post("/api/terminals/T-0001/commands", {"name": "collect_diagnostics"})
        assert status == 202
        answer = ops.until(
            lambda: ops.get(f"/api/commands/{sent['id']}"), lambda c: c["status"] != "sent"
        )
        assert answer["status"] == "done" and "health" in answer["result"]
        assert ops.post("/api/terminals/T-0001/commands", {"name": "format"})[0] == 400
        assert ops.post("/api/terminals/NOPE/commands", {"name": "rebirth"})[0] == 404

        births = kiosk.births
        last = ops.get("/api/terminals/T-0001")["health"]
        # a message with the terminal's identity and a jump in seq: some were lost
        impostor = Listener(broker, "T-0001", "T-0001-second-connection")
        impostor.publish(
            "govkiosk/v1/site-a/T-0001/health", {**last, "seq": (last["seq"] + 10) % 256}
        )
        impostor.close()
        ops.until(lambda: kiosk.births, lambda n: n > births, timeout=10)  # manager asked
        metrics = ops.get("/metrics")
        assert 'opsman_fleet_events{what="rebirths"} 1.0' in metrics
    finally:
        kiosk.telemetry.stop()


def test_metrics_count_terminals_and_messages(ops, broker, tmp_path):
    kiosk = Kiosk(broker, tmp_path / "k")
    try:
        ops.until(
            lambda: ops.get("/metrics"),
            lambda text: 'opsman_terminals{status="online"} 1.0' in text,
        )
        text = ops.get("/metrics")
        assert 'opsman_messages_total{kind="state"}' in text
        assert "opsman_ingest_delay_seconds_bucket" in text
    finally:
        kiosk.telemetry.stop()


def test_two_instances_share_the_health_and_both_see_every_birth(broker, tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    first = RunningManager(broker, tmp_path / "one", "opsman-1")
    second = RunningManager(broker, tmp_path / "two", "opsman-2")
    terminal = Listener(broker, "T-0001", "T-0001")
    try:
        base = "govkiosk/v1/site-a/T-0001"
        terminal.publish(
            f"{base}/state", {"status": "online", "seq": 0, "bdSeq": 0, "health_interval_s": 30}
        )
        for seq in range(1, 41):
            terminal.publish(f"{base}/health", {"seq": seq, "bdSeq": 0, "devices": {}})

        def health_count(ops) -> float:
            return metric_value(ops.get("/metrics"), 'opsman_messages_total{kind="health"}')

        counts = first.until(
            lambda: (health_count(first), health_count(second)), lambda c: sum(c) == 40
        )
        assert all(count > 0 for count in counts)  # split between the instances
        for ops in (first, second):
            assert metric_value(ops.get("/metrics"), 'opsman_messages_total{kind="state"}') == 1
    finally:
        terminal.close()
        first.stop()
        second.stop()


def metric_value(text: str, name: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name))


def test_alerts_raised_while_the_broker_is_down_reach_the_manager_after(ops, broker, tmp_path):
    kiosk = Kiosk(broker, tmp_path / "k")
    try:
        ops.until(lambda: terminal_row(ops), lambda t: t and t["status"] == "online")
        broker.stop()
        kiosk.telemetry.report(
            TerminalAlert("door_left_open", Severity.WARNING, "lockers", {"door": 7})
        )
        broker.start()  # both sides reconnect by themselves; the event was kept on disk
        alerts = ops.until(
            lambda: ops.get("/api/alerts?terminal=T-0001"),
            lambda rows: [a["kind"] for a in rows] == ["door_left_open"],  # and back online
            timeout=30,
        )
        assert alerts[0]["device"] == "lockers"
        assert terminal_row(ops)["status"] == "online"
        events = ops.get("/api/terminals/T-0001")["events"]
        assert [e["detail"] for e in events if e["kind"] == "door_left_open"] == [{"door": 7}]
    finally:
        kiosk.telemetry.stop()
