"""The outbox as the citizen and the staff notice it: what is submitted is never lost, arrives
in order once the platform is back, and refusals are parked and reported, not retried forever."""

from __future__ import annotations

import json
import sqlite3

import pytest

from kiosk.events import EventBus
from kiosk.i18n import translate
from offline_cache.delivery import OutboxBacklog, OutboxDelivered, OutboxParked, OutboxWorker
from offline_cache.outbox import EntryState, NotQueueable, Outbox

ITEM = "11010500100001"


def application(ref: str, item: str = ITEM) -> dict:
    return {"item_code": item, "form": {"ref": ref}, "deficiency_commitment": True}


def held_refs(sim) -> list[str]:
    """Applications the platform holds, in the order it received them."""
    return [ref for (ref,) in sim.rows(
        "SELECT json_extract(request, '$.form.ref') FROM applications ORDER BY receipt_no")]


@pytest.fixture
def bus_events():
    bus, seen = EventBus(), []
    bus.subscribe(object, seen.append)
    return bus, seen


def test_an_entry_is_on_disk_when_enqueue_returns(tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    entry = outbox.enqueue("submitApplication", application("a"))
    # another connection (as after a power cut and restart) sees it committed
    other = sqlite3.connect(tmp_path / "outbox.db")
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert other.execute("SELECT idempotency_key, state FROM outbox").fetchall() == \
        [(entry.idempotency_key, "pending")]
    outbox.close()
    reopened = Outbox(tmp_path / "outbox.db")
    assert reopened.head().request == application("a")
    assert reopened.head().idempotency_key == entry.idempotency_key


def test_requests_that_cannot_be_queued_are_refused_before_the_user_is_told(tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    with pytest.raises(NotQueueable):
        outbox.enqueue("createLoginSession", {})  # not an idempotent state change
    with pytest.raises(NotQueueable):
        outbox.enqueue("submitEvaluation", {"service_event_id": "SQ1", "level": 9})
    assert outbox.count() == 0


def test_delivered_once_online_and_the_personal_data_is_erased(sim, tmp_path, bus_events):
    bus, seen = bus_events
    outbox = Outbox(tmp_path / "outbox.db")
    worker = OutboxWorker(outbox, sim.client(), bus).start()
    try:
        entry = outbox.enqueue("submitApplication", application("online"))
        final = outbox.wait_until_final(entry.seq, timeout_s=10)
    finally:
        worker.stop()
    assert final.state == EntryState.DELIVERED and final.request is None
    assert final.result["receipt_no"].startswith("SQ")
    assert translate("outbox.submitted", "zh_CN", receipt_no=final.result["receipt_no"])
    assert [type(e) for e in seen] == [OutboxDelivered]
    assert held_refs(sim) == ["online"]


def test_platform_down_then_back_delivers_all_in_order_and_parks_refusals(
        sim, tmp_path, bus_events):
    bus, seen = bus_events
    outbox = Outbox(tmp_path / "outbox.db")
    sim.server.faults.update(down=True)
    worker = OutboxWorker(outbox, sim.client(max_attempts=1), bus, retry_min_s=0.05,
                          retry_max_s=0.2).start()
    try:
        entries = [outbox.enqueue("submitApplication", application("first")),
                   outbox.enqueue("submitApplication", application("refused", "NOSUCHITEM")),
                   outbox.enqueue("submitEvaluation", {"service_event_id": "SQ2026010100000009",
                                                       "level": 5, "anonymous": True}),
                   outbox.enqueue("submitApplication", application("second")),
                   outbox.enqueue("submitApplication", application("third"))]
        assert outbox.wait_until_final(entries[0].seq, timeout_s=0.5).state == EntryState.PENDING
        assert held_refs(sim) == []
        assert any(isinstance(e, OutboxBacklog) and e.pending == 5 for e in seen)
        sim.server.faults.update(down=False)
        worker.retry_now()
        final = [outbox.wait_until_final(e.seq, timeout_s=20) for e in entries]
    finally:
        worker.stop()
    assert [e.state for e in final] == [EntryState.DELIVERED, EntryState.PARKED,
                                        EntryState.DELIVERED, EntryState.DELIVERED,
                                        EntryState.DELIVERED]
    assert held_refs(sim) == ["first", "second", "third"]
    assert sim.rows("SELECT level FROM evaluations") == [(5,)]
    parked = [e for e in seen if isinstance(e, OutboxParked)]
    assert [(p.seq, p.error, p.reasons) for p in parked] == \
        [(entries[1].seq, "unknown_item", ("unknown_item",))]
    assert outbox.entries(EntryState.PARKED)[0].last_error == "422 unknown_item"


def test_flaky_platform_still_gets_each_request_exactly_once(sim, tmp_path):
    sim.server.faults.update(drop_rate=0.3, error_rate=0.2, truncate_rate=0.2, seed=11)
    outbox = Outbox(tmp_path / "outbox.db")
    worker = OutboxWorker(outbox, sim.client(), EventBus(), retry_min_s=0.01,
                          retry_max_s=0.05).start()
    try:
        entries = [outbox.enqueue("submitApplication", application(f"r{n}")) for n in range(15)]
        final = [outbox.wait_until_final(e.seq, timeout_s=30) for e in entries]
    finally:
        worker.stop()
    assert all(e.state == EntryState.DELIVERED for e in final)
    assert held_refs(sim) == [f"r{n}" for n in range(15)]


def test_entries_survive_a_restart_and_are_delivered_by_the_next_worker(sim, tmp_path):
    path = tmp_path / "outbox.db"
    first = Outbox(path)
    first.enqueue("submitComplaint", {"category": "other", "text": "网络断了也要能投诉"})
    first.close()
    outbox = Outbox(path)
    worker = OutboxWorker(outbox, sim.client(), EventBus()).start()
    try:
        [entry] = outbox.entries()
        assert outbox.wait_until_final(entry.seq, timeout_s=10).state == EntryState.DELIVERED
    finally:
        worker.stop()
    [(request,)] = sim.rows("SELECT request FROM complaints")
    assert json.loads(request)["text"] == "网络断了也要能投诉"


def test_staff_can_discard_a_parked_entry_and_old_deliveries_are_pruned(sim, tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    worker = OutboxWorker(outbox, sim.client(), EventBus())
    refused = outbox.enqueue("submitApplication", application("x", "NOSUCHITEM"))
    good = [outbox.enqueue("submitApplication", application(f"g{n}")) for n in range(3)]
    while worker.deliver_next():
        pass
    assert outbox.get(refused.seq).state == EntryState.PARKED
    outbox.discard(refused.seq)
    outbox.prune_delivered(keep=1)
    assert [e.seq for e in outbox.entries()] == [good[-1].seq]


def test_offline_messages_exist_in_both_languages():
    for key in ("outbox.saved_offline", "outbox.receipt.pending"):
        assert translate(key, "zh_CN") != key and translate(key, "en") != key
    assert "3" in translate("outbox.parked.staff", "en", count=3)


def test_a_photographed_material_and_its_application_wait_offline_and_arrive_together(
        sim, tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    photo, material_id = b"\x89PNG\r\n\x1a\n" + bytes(5000), "m-" + "7" * 30
    sim.server.faults.update(down=True)
    upload = outbox.enqueue("uploadMaterial", photo, {"material_id": material_id}, "image/png")
    submission = outbox.enqueue("submitApplication", {
        "item_code": ITEM, "form": {"ref": "with-photo"}, "materials": [material_id]})
    with pytest.raises(NotQueueable):
        outbox.enqueue("uploadMaterial", photo, {"material_id": "bad id!"}, "image/png")
    with pytest.raises(NotQueueable):
        outbox.enqueue("uploadMaterial", b"", {"material_id": material_id}, "image/png")
    worker = OutboxWorker(outbox, sim.client(max_attempts=1), EventBus(), retry_min_s=0.05,
                          retry_max_s=0.1).start()
    try:
        assert outbox.wait_until_final(upload.seq, 0.3).state == EntryState.PENDING
        sim.server.faults.update(down=False)
        worker.retry_now()
        assert outbox.wait_until_final(submission.seq, 10).state == EntryState.DELIVERED
    finally:
        worker.stop()
    assert outbox.get(upload.seq).result["size"] == len(photo)
    assert outbox.get(submission.seq).result["status"] == "received"
    assert sim.rows("SELECT size FROM materials") == [(len(photo),)]
