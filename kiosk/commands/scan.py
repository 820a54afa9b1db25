"""``kiosk scan IMAGE... [--json] [--decoder pipeline|pyzbar|zxing-cpp]``: decode image files.

Uses the kiosk's own decoding pipeline (``peripherals.scanner.decode``) and prints, per image,
each payload (or that none was found) and the time taken. Exit status 0 when every image held
a code, 1 when some did not, 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scan", help="decode QR codes in image files with the kiosk's scanner pipeline"
    )
    parser.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    parser.add_argument("--json", action="store_true", help="one JSON object per image")
    parser.add_argument(
        "--decoder",
        choices=["pipeline", "pyzbar", "zxing-cpp"],
        default="pipeline",
        help="decoder (default: the kiosk's pipeline, pyzbar then zxing-cpp)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import json
    import sys
    import time

    from PIL import Image, UnidentifiedImageError

    from peripherals.scanner.decode import DecoderChoice, QrDecoder, grey

    decoder = QrDecoder(DecoderChoice(args.decoder))
    exit_code = 0
    for path in args.images:
        try:
            with Image.open(path) as image:
                frame = grey(image)
        except (OSError, UnidentifiedImageError) as exc:
            print(f"{path}: cannot read image: {exc}", file=sys.stderr)
            exit_code = 2
            continue
        started = time.perf_counter()
        codes = decoder.decode(frame)
        elapsed_ms = (time.perf_counter() - started) * 1000
        if not codes:
            exit_code = max(exit_code, 1)
        payloads = [code.payload.decode("utf-8", "replace") for code in codes]
        if args.json:
            print(
                json.dumps(
                    {
                        "image": str(path),
                        "payloads": payloads,
                        "decoders": [code.decoder for code in codes],
                        "ms": round(elapsed_ms, 2),
                    },
                    ensure_ascii=False,
                )
            )
        else:
            found = " | ".join(repr(p) for p in payloads) if payloads else "(no code)"
            print(
                f"{path}: {found}  [{elapsed_ms:.1f} ms{', ' + codes[0].decoder if codes else ''}]"
            )
    return exit_code
