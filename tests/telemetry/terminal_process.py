"""A terminal's telemetry alone in its own process, so a test can kill it with SIGKILL.

Usage: ``python -m tests.telemetry.terminal_process CONFIG.toml``; prints "started".
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.config import load_config
from kiosk.events import EventBus
from kiosk.telemetry.setup import build_telemetry
from peripherals.status import StatusBoard


def main() -> None:
    config = load_config(Path(sys.argv[1]))
    bus = EventBus()
    telemetry = build_telemetry(config, bus, StatusBoard(bus), config.data_dir, {}, dict, "proc")
    telemetry.start()
    print("started", flush=True)
    while True:
        time.sleep(60)


if __name__ == "__main__":
    main()
