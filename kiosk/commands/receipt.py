"""``kiosk receipt render|sample``: ESC/POS bytes to a picture, and sample documents to bytes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("receipt", help="render captured ESC/POS or write samples")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    render = actions.add_parser("render", help="decode ESC/POS bytes into text and a PNG")
    render.add_argument("file", type=Path, help="captured ESC/POS bytes")
    render.add_argument("--png", type=Path, help="write the picture here (one file per page)")
    render.add_argument("--profile", default="generic-80", help="paper width and encoding")
    render.set_defaults(handler=run_render)
    sample = actions.add_parser("sample", help="write a sample document's ESC/POS bytes")
    sample.add_argument("name", help="document name; 'list' shows them")
    sample.add_argument("--out", type=Path, help="output file (.bin)")
    sample.add_argument("--profile", default="generic-80", help="printer profile")
    sample.add_argument("--reprint", action="store_true", help="mark as a reprint (补打)")
    sample.set_defaults(handler=run_sample)


def run_render(args: argparse.Namespace) -> int:
    from kiosk.config import DEMO_CONFIG, load_config
    from peripherals.printer.decode import decode
    from peripherals.printer.picture import save_pages
    from peripherals.printer.profile import UnknownProfile, load_profile

    try:
        profile = load_profile(args.profile)
        data = args.file.read_bytes()
    except (UnknownProfile, OSError) as exc:
        print(exc, file=sys.stderr)
        return 1
    pages = decode(data, profile.encoding)
    if not pages:
        print(f"{args.file}: nothing printable in {len(data)} bytes", file=sys.stderr)
        return 1
    for number, page in enumerate(pages, 1):
        print(f"--- page {number} ---\n{page.text()}")
    if args.png:
        for path in save_pages(pages, profile.dots, load_config(DEMO_CONFIG).cache_dir, args.png):
            print(f"wrote {path}")
    return 0


def run_sample(args: argparse.Namespace) -> int:
    from kiosk.receipts import DOCUMENTS, build_receipt, sample_data
    from peripherals.printer.codec import encode_receipt
    from peripherals.printer.profile import load_profile

    if args.name == "list":
        print("\n".join(DOCUMENTS))
        return 0
    if args.out is None:
        print("--out FILE is required", file=sys.stderr)
        return 2
    try:
        profile = load_profile(args.profile)
        receipt = build_receipt(args.name, sample_data(args.name), profile.columns, args.reprint)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    data = b"".join(encode_receipt(receipt, profile))
    args.out.write_bytes(data)
    print(f"wrote {args.out}: {args.name} for {profile.name}, {len(data)} bytes")
    return 0
