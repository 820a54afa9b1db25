"""``kiosk catalogue verify|import FILE`` and ``kiosk catalogue status``.

``verify`` checks a catalogue file exactly as a sync would (signature with the pinned key,
every item's hash, every guide field) without installing it; ``import`` also installs it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("catalogue", help="check, install or show the guide catalogue")
    parser.add_argument("--config", type=Path, help="terminal configuration (default: the demo's)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (
        ("verify", "check a catalogue file without installing it"),
        ("import", "check a catalogue file and install it"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("file", type=Path, help="catalogue JSON (the platform's CatalogueFull)")
    actions.add_parser("status", help="installed and previous catalogue versions")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.config import DEMO_CONFIG, load_config
    from kiosk.guides.setup import open_catalogue

    config = load_config(args.config or DEMO_CONFIG)
    language = config.locale.default
    updater = open_catalogue(config)
    if args.action == "status":
        for label, info in (
            ("active", updater.store.active()),
            ("previous", updater.store.previous()),
        ):
            print(
                f"{label}: "
                + (
                    f"version {info.version}, {info.items} items, published "
                    f"{info.published_at}, installed {info.installed_at} from "
                    f"{info.source}"
                    if info
                    else "none"
                )
            )
        return 0
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    if args.action == "verify":
        result = updater.check_file(data)
        if result.ok:
            manifest, items = result.value
            print(
                f"valid: version {manifest.version}, {len(items)} items, "
                f"published {manifest.published_at}"
            )
            return 0
    else:
        result = updater.import_file(data)
        if result.ok:
            print(f"installed: version {result.value.version}, {result.value.items} items")
            return 0
    print(f"refused: {result.error.message(language)}", file=sys.stderr)
    return 1
