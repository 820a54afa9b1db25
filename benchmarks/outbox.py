"""Outbox enqueue latency and delivery throughput, each beside a baseline.

- Enqueue: p50/p99 of ``Outbox.enqueue`` (contract validation + one durable commit, WAL,
  ``synchronous=FULL``) beside a bare SQLite INSERT of the same JSON with the same settings.
- Delivery: applications per second drained by the worker from a full outbox to the reference
  platform (a separate process on loopback), beside the same requests sent straight from the
  client with no outbox.

    .venv/bin/python benchmarks/outbox.py [--enqueues 1000] [--deliveries 300]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.events import EventBus
from kiosk.platform.auth import TerminalAuth, public_key_bytes
from kiosk.platform.client import PlatformClient, new_idempotency_key
from offline_cache.delivery import OutboxWorker
from offline_cache.outbox import EntryState, Outbox
from platform_sim.launch import start

ITEM = "11010500100001"


def request(n: int) -> dict:
    return {"item_code": ITEM, "deficiency_commitment": True,
            "form": {"applicant_name": "张伟", "address": "示范区示范路1号院2号楼301", "ref": f"n{n}",
                     "phone": "13800000001", "reason": "社会保障卡遗失，申请补领"}}


def percentile(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def bench_enqueue(folder: Path, count: int) -> tuple[list[float], list[float]]:
    """Alternate the two, so both see the same disk load."""
    outbox = Outbox(folder / "outbox.db")
    outbox.enqueue("submitApplication", request(-1))  # warm caches (schema compile)
    bare = sqlite3.connect(folder / "bare.db", isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=FULL")
    bare.execute("CREATE TABLE t (seq INTEGER PRIMARY KEY, key TEXT UNIQUE, body TEXT)")
    ours, base = [], []
    for n in range(count):
        started = time.perf_counter()
        outbox.enqueue("submitApplication", request(n))
        ours.append(time.perf_counter() - started)
        body = json.dumps(request(n), ensure_ascii=False)
        started = time.perf_counter()
        bare.execute("INSERT INTO t (key, body) VALUES (?, ?)", (new_idempotency_key(), body))
        base.append(time.perf_counter() - started)
    outbox.close()
    bare.close()
    return ours, base


def bench_delivery(folder: Path, count: int) -> tuple[float, float]:
    key = Ed25519PrivateKey.generate()
    running = start(folder / "platform", terminals={"BENCH-1": public_key_bytes(key)},
                    subprocess_=True)
    try:
        client = PlatformClient(running.base_url, TerminalAuth("BENCH-1", key))
        client.health()
        started = time.perf_counter()
        for n in range(count):
            assert client.submit_application(request(n), new_idempotency_key()).ok
        direct = count / (time.perf_counter() - started)
        outbox = Outbox(folder / "deliver.db")
        for n in range(count):
            outbox.enqueue("submitApplication", request(n))
        worker = OutboxWorker(outbox, client, EventBus())
        started = time.perf_counter()
        worker.start()
        while outbox.count(EntryState.PENDING):
            time.sleep(0.005)
        through_outbox = count / (time.perf_counter() - started)
        worker.stop()
        assert outbox.count(EntryState.DELIVERED) == count
    finally:
        running.stop()
    return through_outbox, direct


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enqueues", type=int, default=1000)
    parser.add_argument("--deliveries", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ours, base = bench_enqueue(folder, args.enqueues)
        print(f"enqueue, {args.enqueues} entries, WAL + synchronous=FULL (milliseconds)")
        print(f"{'':24}{'p50':>9}{'p99':>9}")
        for name, samples in (("outbox.enqueue", ours), ("bare sqlite INSERT", base)):
            print(f"{name:24}{percentile(samples, 50) * 1e3:9.3f}{percentile(samples, 99) * 1e3:9.3f}")
        print(f"{'ratio (outbox / bare)':24}{percentile(ours, 50) / percentile(base, 50):9.2f}"
              f"{percentile(ours, 99) / percentile(base, 99):9.2f}")
        through, direct = bench_delivery(folder, args.deliveries)
        print(f"\ndelivery of {args.deliveries} applications to the reference platform "
              "(separate process, loopback)")
        print(f"{'outbox worker':24}{through:9.1f} per second")
        print(f"{'client, no outbox':24}{direct:9.1f} per second")
        print(f"{'ratio (outbox / direct)':24}{through / direct:9.2f}")


if __name__ == "__main__":
    main()
