"""Fleet logic without a broker: what the operator sees for each sequence of messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from opsman.fleet import Change, Fleet, Rebirth

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def birth(bdseq: int = 0, interval: int = 30) -> dict:
    return {"status": "online", "seq": 0, "bdSeq": bdseq, "health_interval_s": interval}


def health(seq: int, bdseq: int = 0, **devices: dict) -> dict:
    return {"seq": seq, "bdSeq": bdseq, "devices": devices}


def open_alerts(fleet: Fleet) -> dict[str, tuple[str, str, str | None]]:
    return {a.key: (a.severity, a.code, a.grade) for a in fleet.alerts.values()}


def test_birth_then_will_of_the_same_connection_means_offline_with_a_critical_alert():
    fleet = Fleet()
    fleet.on_state("s", "T1", birth(bdseq=4), T0)
    assert fleet.terminals["T1"].status == "online"
    fleet.on_state("s", "T1", {"status": "offline", "bdSeq": 4}, T0 + timedelta(seconds=1))
    assert fleet.terminals["T1"].status == "offline"
    assert open_alerts(fleet) == {"terminal": ("critical", "connection_lost", "III")}
    fleet.on_state("s", "T1", birth(bdseq=5), T0 + timedelta(minutes=3))
    assert fleet.terminals["T1"].status == "online" and not fleet.alerts


def test_a_will_from_an_older_connection_is_ignored():
    fleet = Fleet()
    fleet.on_state("s", "T1", birth(bdseq=7), T0)
    assert fleet.on_state("s", "T1", {"status": "offline", "bdSeq": 6}, T0) == []
    assert fleet.terminals["T1"].status == "online"
    assert fleet.stats["stale_deaths"] == 1


def test_a_clean_shutdown_is_offline_without_an_alert():
    fleet = Fleet()
    fleet.on_state("s", "T1", birth(), T0)
    fleet.on_state("s", "T1", {"status": "offline", "bdSeq": 0, "reason": "shutdown"}, T0)
    assert fleet.terminals["T1"].status == "offline" and not fleet.alerts


def test_silence_past_the_heartbeat_timeout_means_offline():
    fleet = Fleet(heartbeat_factor=2.5)
    fleet.on_state("s", "T1", birth(interval=10), T0)
    assert fleet.tick(T0 + timedelta(seconds=29)) == []
    fleet.tick(T0 + timedelta(seconds=31))
    assert fleet.terminals["T1"].status == "offline"
    assert fleet.terminals["T1"].reason == "heartbeat_timeout"


def test_a_gap_not_filled_within_the_reorder_timeout_asks_for_a_rebirth():
    fleet = Fleet(reorder_timeout_s=2)
    fleet.on_state("s", "T1", birth(), T0)
    fleet.on_message("s", "T1", "health", health(1), T0)
    fleet.on_message("s", "T1", "health", health(4), T0)  # 2 and 3 missing
    assert fleet.tick(T0 + timedelta(seconds=1)) == []
    effects = fleet.tick(T0 + timedelta(seconds=3))
    assert Rebirth("s", "T1") in effects


def test_a_late_message_filling_the_gap_needs_no_rebirth():
    fleet = Fleet(reorder_timeout_s=2)
    fleet.on_state("s", "T1", birth(), T0)
    for seq in (1, 3, 2):
        fleet.on_message("s", "T1", "health", health(seq), T0)
    assert not any(isinstance(e, Rebirth) for e in fleet.tick(T0 + timedelta(seconds=5)))


def test_sequence_wraps_from_255_to_0_without_a_gap():
    fleet = Fleet()
    fleet.on_state("s", "T1", birth(), T0)
    for seq in [*range(1, 256), 0, 1]:
        fleet.on_message("s", "T1", "health", health(seq), T0)
    assert fleet.stats["gaps"] == 0


def test_data_from_a_terminal_never_born_asks_for_a_rebirth():
    fleet = Fleet()
    assert Rebirth("s", "T9") in fleet.on_message("s", "T9", "health", health(17), T0)


def test_device_faults_open_and_recovery_resolves_with_history():
    fleet = Fleet()
    fleet.on_state("s", "T1", birth(), T0)
    fleet.on_message(
        "s",
        "T1",
        "health",
        health(1, printer={"state": "user_error", "paper": "out", "last_error": "paper_out"}),
        T0,
    )
    assert open_alerts(fleet) == {"device:printer": ("warning", "paper_out", None)}
    changes = fleet.on_message(
        "s",
        "T1",
        "health",
        health(2, printer={"state": "online", "paper": "ok"}),
        T0 + timedelta(minutes=2),
    )
    assert not fleet.alerts
    resolved = [c.data for c in changes if c.what == "alert"]
    assert resolved and resolved[0]["resolved_at"] == T0 + timedelta(minutes=2)
    history = [c.data["state"] for c in changes if isinstance(c, Change) and c.what == "history"]
    assert history == ["online"]


def test_events_are_deduplicated_and_warnings_open_alerts():
    fleet = Fleet()
    fleet.on_state("s", "T1", birth(), T0)
    event = {
        "seq": 1,
        "bdSeq": 0,
        "id": "e1",
        "kind": "door_left_open",
        "severity": "warning",
        "device": "locker",
        "detail": {"door": 3},
    }
    first = fleet.on_message("s", "T1", "event", event, T0)
    again = fleet.on_message("s", "T1", "event", {**event, "seq": 2}, T0)
    assert [c.what for c in first] == ["event", "alert"]
    assert again == [] and fleet.stats["duplicates"] == 1
    assert list(open_alerts(fleet)) == ["event:door_left_open:locker"]


def test_outage_grade_rises_with_its_duration():
    fleet = Fleet()
    fleet.on_state("s", "T1", birth(), T0)
    fleet.on_state("s", "T1", {"status": "offline", "bdSeq": 0}, T0)
    grades = []
    for minutes in (19, 21, 59, 61):
        fleet.tick(T0 + timedelta(minutes=minutes))
        grades.append(next(iter(fleet.alerts.values())).grade)
    assert grades == ["III", "II", "II", "I"]


def test_acknowledged_alert_stays_open_until_resolved():
    fleet = Fleet()
    fleet.on_state("s", "T1", birth(), T0)
    fleet.on_state("s", "T1", {"status": "offline", "bdSeq": 0}, T0)
    alert_id = next(iter(fleet.alerts))
    assert fleet.acknowledge(alert_id, "王工", T0)
    assert fleet.alerts[alert_id].acked_by == "王工"
    assert fleet.acknowledge(alert_id, "someone else", T0) == []
    assert fleet.resolve(alert_id, T0 + timedelta(minutes=5))
    assert not fleet.alerts
