"""``kiosk search "QUERY" [--limit N] [--json]``: ranked items of the installed catalogue."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("search", help="search the installed guide catalogue")
    parser.add_argument("query", help="Chinese, pinyin, initials or a base code")
    parser.add_argument("--limit", type=int, default=10, help="how many items (default 10)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--config", type=Path, help="terminal configuration (default: the demo's)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.config import DEMO_CONFIG, load_config
    from kiosk.guides.setup import open_catalogue

    store = open_catalogue(load_config(args.config or DEMO_CONFIG)).store
    hits = store.search_index().search(args.query, limit=args.limit)
    if args.json:
        print(json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=1))
    else:
        for hit in hits:
            print(f"{hit.code}\t{hit.name_zh}\t{hit.department_zh}")
    return 0
