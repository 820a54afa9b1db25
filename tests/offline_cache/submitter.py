"""A kiosk process that submits numbered applications through the outbox, for the crash test.

    python -m tests.offline_cache.submitter OUTBOX BASE_URL KEY_PEM TOTAL

It resumes from what its outbox already holds, prints ``ready`` once started, ``queued N``
after each durable enqueue, and ``done`` when everything has left the outbox.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.events import EventBus
from kiosk.platform.auth import TerminalAuth, load_or_create_key
from kiosk.platform.client import PlatformClient
from offline_cache.delivery import OutboxWorker
from offline_cache.outbox import EntryState, Outbox
from platform_sim.testing import TERMINAL_ID

ITEM = "11010500100001"


def main(outbox_path: str, base_url: str, key_path: str, total: str) -> None:
    outbox = Outbox(Path(outbox_path))
    client = PlatformClient(base_url, TerminalAuth(TERMINAL_ID, load_or_create_key(Path(key_path))),
                            backoff_s=0.01, read_timeout_s=5)
    worker = OutboxWorker(outbox, client, EventBus(), retry_min_s=0.01, retry_max_s=0.1).start()
    print("ready", flush=True)
    for number in range(outbox.count(), int(total)):
        outbox.enqueue("submitApplication", {"item_code": ITEM, "form": {"ref": f"n{number}"},
                                             "deficiency_commitment": True})
        print(f"queued {number}", flush=True)
        time.sleep(0.002)
    while outbox.count(EntryState.PENDING):
        time.sleep(0.01)
    worker.stop()
    print("done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
