"""Guide search over a large synthetic catalogue, beside a plain SQLite ``LIKE '%…%'`` scan.

    .venv/bin/python benchmarks/search.py [--items 100000] [--distinct] [--db PATH] [--json OUT]

Reports index build time (search keys with pypinyin + SQLite install; in-memory index load),
database size, the memory of a fresh process holding the loaded index, and p50/p95/p99 per
query kind for the index and for the LIKE scan over the same text, with the ratio, by wall
clock and by CPU time (the machine may be shared; CPU time leaves out waiting for a core).
Target (issue 5): index p95 ≤ 10 ms and ≥ 20× faster than the scan.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts" / "catalogue")]

from make_synthetic import synthetic_items

from kiosk.guides.model import Guide
from kiosk.platform.catalogue import canonical_json, item_entry
from offline_cache.catalogue import CatalogueStore
from offline_cache.catalogue_bundle import Manifest, ManifestEntry, VerifiedItem

QUERIES = {
    "chinese": [
        "社保卡丢了",
        "居住证怎么办",
        "身份证",
        "公积金",
        "驾照到期",
        "二手房过户",
        "开公司",
        "异地就医",
        "失业了怎么办",
        "护照",
        "结婚",
        "出生登记",
        "残疾证",
        "低保",
        "营业执照",
    ],
    "pinyin": [
        "shebaoka",
        "juzhuzheng",
        "huzhao",
        "jiehun",
        "gongjijin",
        "yidijiuyi",
        "chushengdengji",
        "shenfenzheng",
        "jiashizheng",
        "yingyezhizhao",
    ],
    "initials": ["sbk", "jzz", "sfz", "gjj", "ydjy", "hz", "jsz", "yyzz", "cjz", "wfzjl"],
    "typo": ["shebaoak", "juzhuzhen", "gongjjin", "yidijuiyi", "huzaho", "jiashizehng"],
    "as_you_type": [w[:n] for w in ("shebaoka", "juzhuzheng", "sbk") for n in range(1, len(w) + 1)],
}
INDEX_REPEATS = 30
SCAN_REPEATS = 3


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _timed(run, queries: list[str], repeats: int) -> dict[str, list[float]]:
    """Milliseconds per call: wall clock, and this thread's CPU time (which leaves out the
    waits for a CPU that other processes on a busy machine cause)."""
    times: dict[str, list[float]] = {"wall": [], "cpu": []}
    for _ in range(repeats):
        for query in queries:
            wall, cpu = time.perf_counter(), time.thread_time()
            run(query)
            times["cpu"].append((time.thread_time() - cpu) * 1000)
            times["wall"].append((time.perf_counter() - wall) * 1000)
    return times


def _percentiles(values: list[float], digits: int) -> dict[str, float]:
    return {
        p: round(percentile(values, s), digits)
        for p, s in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
    }


def build(db: Path, count: int, distinct: bool) -> dict:
    """Create the store with ``count`` synthetic items; times the install (keys + SQLite)."""
    items = synthetic_items(count, distinct=distinct)
    verified, entries = [], []
    for item in items:
        entry = item_entry(item)
        entries.append(ManifestEntry(entry["code"], entry["sha256"], entry["size"]))
        verified.append(
            VerifiedItem(Guide.model_validate(item), canonical_json(item), entry["sha256"])
        )
    manifest = Manifest(1, "2026-11-25T00:00:00Z", tuple(entries), {"version": 1})
    store = CatalogueStore(db)
    started = time.perf_counter()
    store.install(manifest, verified, "benchmark")
    install_s = time.perf_counter() - started
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size_mb = round(os.path.getsize(db) / 2**20)
    store._db.execute(  # the baseline's table: the same searchable text, scanned with LIKE
        "CREATE TABLE naive AS SELECT v.code, v.popularity,"
        " k.phrases || ' ' || k.head || ' ' || k.inner AS text"
        " FROM version_items v JOIN blob_keys k USING (sha256)"
    )
    store.close()
    return {
        "items": count,
        "distinct_keys": distinct,
        "install_s": round(install_s, 2),
        "db_mb": size_mb,
    }


def load_and_measure(db: Path) -> dict:
    """Run in a fresh process: open the store, load the index, report time and memory."""
    started = time.perf_counter()
    store = CatalogueStore(db)
    index = store.search_index()
    load_s = time.perf_counter() - started
    status = Path("/proc/self/status").read_text().splitlines()
    rss_kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    results: dict = {
        "index_load_s": round(load_s, 2),
        "rss_mb": round(rss_kb / 1024),
        "index_entries": index.entries,
        "kinds": {},
    }
    for queries in QUERIES.values():  # warm-up: lazily built sets, caches
        for query in queries:
            index.search(query)
    like = "SELECT code FROM naive WHERE text LIKE ? ORDER BY popularity DESC LIMIT 20"
    for kind, queries in QUERIES.items():
        fast = _timed(lambda q: index.search(q, limit=20), queries, INDEX_REPEATS)
        slow = _timed(
            lambda q: store._db.execute(like, (f"%{q}%",)).fetchall(), queries, SCAN_REPEATS
        )
        row: dict = {"queries": len(queries)}
        for clock in ("wall", "cpu"):
            row[f"index_{clock}_ms"] = _percentiles(fast[clock], 3)
            row[f"like_{clock}_ms"] = _percentiles(slow[clock], 2)
            row[f"ratio_{clock}_p50"] = round(
                statistics.median(slow[clock]) / statistics.median(fast[clock])
            )
            row[f"ratio_{clock}_p95"] = round(
                percentile(slow[clock], 0.95) / percentile(fast[clock], 0.95)
            )
        results["kinds"][kind] = row
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/govkiosk-bench/catalogue.sqlite"))
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="give every item its own keyword, so no index entries are shared",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(load_and_measure(args.db)))
        return
    args.db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    report = build(args.db, args.items, args.distinct)
    measured = subprocess.run(
        [sys.executable, __file__, "--measure", "--db", str(args.db)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    report.update(json.loads(measured))
    print(
        f"{report['items']} items: install (pinyin keys + SQLite) {report['install_s']} s, "
        f"index load {report['index_load_s']} s, database {report['db_mb']} MB, "
        f"process RSS with index {report['rss_mb']} MB, "
        f"{report['index_entries']} distinct index entries, load average {os.getloadavg()[0]:.1f}"
    )
    for clock in ("wall", "cpu"):
        print(f"{clock:<12} {'index p50/p95/p99 ms':>24} {'LIKE p50/p95/p99 ms':>26} ×p50  ×p95")
        for kind, row in report["kinds"].items():
            i, s = row[f"index_{clock}_ms"], row[f"like_{clock}_ms"]
            print(
                f"{kind:<12} {i['p50']:>7} {i['p95']:>7} {i['p99']:>8} "
                f"{s['p50']:>8} {s['p95']:>8} {s['p99']:>8} "
                f"{row[f'ratio_{clock}_p50']:>4} {row[f'ratio_{clock}_p95']:>5}"
            )
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
