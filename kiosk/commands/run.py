"""``kiosk run``: start the kiosk (full screen with a display, a screenshot walk-through without)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

EXIT_RESTART = 75  # EX_TEMPFAIL: restart requested by the operations manager


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="start the kiosk")
    parser.add_argument("--config", type=Path, help="terminal configuration (TOML)")
    parser.add_argument(
        "--demo", action="store_true", help="bundled demo data and simulated devices"
    )
    parser.add_argument(
        "--headless",
        action="store_true",
        help="no window: walk through the main screens and save screenshots "
        "(the default when no display is available)",
    )
    parser.add_argument(
        "--screenshots", type=Path, help="folder for headless screenshots (default: ./screenshots/<time>)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.config import DEMO_CONFIG, ConfigError, load_config
    from kiosk.fonts import FontNotFound, find_cjk_font
    from kiosk.logs import configure_logging

    if args.config is None and not args.demo:
        print("kiosk run: give --config FILE, or --demo for the bundled demo", file=sys.stderr)
        return 2
    try:
        config = load_config(args.config or DEMO_CONFIG)
    except ConfigError as exc:
        print(f"cannot start: configuration not valid\n{exc}", file=sys.stderr)
        return 1
    try:
        font = find_cjk_font(config.cache_dir)
    except FontNotFound as exc:
        print(f"cannot start: {exc}", file=sys.stderr)
        return 3
    headless = args.headless or not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    configure_logging(config.log_dir)
    folder = None
    if headless:
        folder = args.screenshots or Path("screenshots") / datetime.now().strftime("%Y%m%d-%H%M%S")
    demo = None
    if args.demo:  # simulated devices on ptys for each device class the config lacks
        from kiosk.demo import start_demo_devices

        demo = start_demo_devices(config, (folder or config.data_dir / "demo") / "printed")
        config = demo.config
        print(*demo.describe(), sep="\n", flush=True)
    try:
        return _run_app(config, font, args.demo, folder, demo and demo.printed_dir)
    finally:
        if demo is not None:
            demo.stop()


def _run_app(config, font, demo: bool, folder: Path | None, printed: Path | None) -> int:
    """Build the core and run the app until it closes (headless: the screenshot walk)."""
    from kiosk.app import build_core
    from kiosk.config import ConfigError

    try:
        core = build_core(config, demo=demo)
    except ConfigError as exc:  # e.g. a device model or port found wrong while wiring devices
        print(f"cannot start: configuration not valid\n{exc}", file=sys.stderr)
        return 1
    from screens.launch import run_kiosk

    restart = run_kiosk(core, font, headless=folder is not None, screenshot_dir=folder)
    if folder is not None:
        shots = sorted(folder.glob("*.png"))
        print(f"headless run: {len(shots)} screenshots saved in {folder.resolve()}")
        if printed is not None:
            pages = sorted(printed.glob("*.png"))
            print(f"headless run: {len(pages)} printed pages saved in {printed.resolve()}")
    return EXIT_RESTART if restart else 0
