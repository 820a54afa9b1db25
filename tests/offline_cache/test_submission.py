"""The three things a citizen can be told after pressing "submit"."""

from __future__ import annotations

from kiosk.events import EventBus
from kiosk.i18n import translate
from kiosk.platform.submission import Refused, SavedOffline, Submitted, submit
from offline_cache.delivery import OutboxWorker
from offline_cache.outbox import EntryState, Outbox


def test_submitted_saved_offline_and_refused(sim, tmp_path):
    outbox = Outbox(tmp_path / "outbox.db")
    worker = OutboxWorker(outbox, sim.client(max_attempts=1), EventBus(), retry_min_s=0.05,
                          retry_max_s=0.1).start()
    request = {"item_code": "11010500100001", "form": {}, "deficiency_commitment": True}
    try:
        online = submit(outbox, "submitApplication", request)
        assert isinstance(online, Submitted) and online.answer["receipt_no"].startswith("SQ")
        assert online.answer["receipt_no"] in translate(
            online.message_key, "zh_CN", receipt_no=online.answer["receipt_no"])

        refused = submit(outbox, "submitApplication", {**request, "item_code": "NOSUCH"})
        assert isinstance(refused, Refused)
        assert refused.message_key == "platform.rejected.unknown_item"

        sim.server.faults.update(down=True)
        offline = submit(outbox, "submitApplication", request, wait_s=0.3)
        assert isinstance(offline, SavedOffline)
        assert "网络恢复" in translate(offline.message_key, "zh_CN")
        sim.server.faults.update(down=False)
        worker.retry_now()
        assert outbox.wait_until_final(offline.seq, 10).state == EntryState.DELIVERED
    finally:
        worker.stop()
    assert sim.rows("SELECT COUNT(*) FROM applications") == [(2,)]
