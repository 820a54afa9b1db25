"""``kiosk catalogue verify|import FILE``, ``kiosk catalogue sync`` and ``kiosk catalogue status``.

``verify`` checks a catalogue file exactly as a sync would (signature with the pinned key,
every item's hash, every guide field) without installing it; ``import`` also installs it;
``sync`` asks the configured platform for a newer version (delta download).
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
    actions.add_parser("sync", help="download a newer catalogue version from the platform")
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
            print(f"{label}: {_describe(info)}")
        return 0
    if args.action == "sync":
        return _sync(config, updater, language)
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
            print(f"installed: {_describe(result.value)}")
            return 0
    print(f"refused: {result.error.message(language)}", file=sys.stderr)
    return 1


def _sync(config, updater, language: str) -> int:
    from kiosk.events import EventBus
    from kiosk.platform.runtime import PlatformLink

    link = PlatformLink(config, EventBus())
    try:
        result = updater.sync(link.client)
    finally:
        link.close()
    if not result.ok:
        print(f"not updated: {result.error.message(language)}", file=sys.stderr)
        return 1
    outcome = result.value
    state = (
        f"updated, {outcome.downloaded_items} items downloaded" if outcome.changed else "up to date"
    )
    print(f"{state}: {_describe(outcome.installed)}")
    return 0


def _describe(info) -> str:
    if info is None:
        return "none"
    return (
        f"version {info.version}, {info.items} items, published {info.published_at}, "
        f"installed {info.installed_at} from {info.source}"
    )
