"""Simulated peripherals for ``kiosk run --demo``: bundled data, simulated devices.

:func:`start_demo_devices` serves a receipt printer, an ID-card reader and a locker bus
(cabinet layout ``demo-2x24``) in this process, each on its own pty with a control port, and
returns the config with a ``[peripherals.*]`` entry pointing at each: the real drivers talk to
them over the ptys, as they would to hardware. A device class the config already has is left
alone, so a technician's own devices are never overridden. The printer also saves every page
in ``printed_dir`` as PNG and text.

No PC/SC card: the virtual card needs pcscd started with the vpcd reader driver, whose socket
path is system-wide (root), so the demo leaves the 社保卡 reader out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from kiosk.config import KioskConfig, Peripheral
from peripherals.simserver import Simulator, SimulatorServer

PRINTER_PROFILE = "generic-80"
LOCKER_CODEC = "8a80"
LOCKER_LAYOUT = "demo-2x24"
DOOR_CLOSES_AFTER_S = 5.0  # a citizen takes the parcel and shuts the door

# A simulator and the settings of its [peripherals.<id>] entry (``url`` added when served).
Made = tuple[Simulator, dict[str, Any]]


def _printer(config: KioskConfig, printed_dir: Path) -> Made:
    from peripherals.printer.profile import load_profile
    from peripherals.printer.simulator import PrinterSimulator

    printed_dir.mkdir(parents=True, exist_ok=True)
    profile = load_profile(PRINTER_PROFILE)
    printer = PrinterSimulator(profile, printed_dir, config.cache_dir)
    return printer, {"model": "escpos", "profile": PRINTER_PROFILE}


def _idcard(config: KioskConfig, printed_dir: Path) -> Made:
    from peripherals.idcard.simulator import IdCardSimulator

    return IdCardSimulator(), {"model": "sam"}


def _lockers(config: KioskConfig, printed_dir: Path) -> Made:
    from peripherals.locker.codec import CODECS
    from peripherals.locker.profile import load_layout
    from peripherals.locker.simulator import LockerBusSimulator

    codec = CODECS[LOCKER_CODEC]
    boards = load_layout(LOCKER_LAYOUT, codec.locks, codec.boards).boards
    settings = {"model": LOCKER_CODEC, "profile": LOCKER_LAYOUT, "baudrate": 9600,
                "status_timeout_s": 0.15}  # fmt: skip
    return LockerBusSimulator(codec, boards, DOOR_CLOSES_AFTER_S), settings


# (device id, class, simulator factory) of each simulated device
SIMULATED: tuple[tuple[str, str, Callable[[KioskConfig, Path], Made]], ...] = (
    ("printer", "printer", _printer),
    ("idcard", "idcard", _idcard),
    ("lockers", "locker", _lockers),
)


@dataclass
class DemoDevices:
    config: KioskConfig
    """The given config plus an entry for each simulated device."""
    servers: dict[str, SimulatorServer]
    """Running simulators by device id (``servers[id].simulator``, ``.control_port``)."""
    printed_dir: Path | None
    """Where the simulated printer saves its pages (None: the config has its own printer)."""

    def describe(self) -> list[str]:
        lines = [
            f"simulated {device_id} on {server.address}; control port {server.control_port}"
            for device_id, server in self.servers.items()
        ]
        if lines:
            lines.append("tell one: kiosk printer-sim --control PORT --tell CMD (help lists them)")
        if self.printed_dir is not None:
            lines.append(f"printed pages are saved in {self.printed_dir.resolve()}")
        return lines

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()


def start_demo_devices(config: KioskConfig, printed_dir: Path) -> DemoDevices:
    """Serve a simulator for each device class the config lacks; stop them with ``stop()``."""
    classes = {device.device_class for device in config.peripherals.values()}
    demo = DemoDevices(config, {}, None)
    added: dict[str, Peripheral] = {}
    try:
        for device_id, device_class, make in SIMULATED:
            if device_class in classes or device_id in config.peripherals:
                continue
            simulator, settings = make(config, printed_dir)
            server = demo.servers[device_id] = SimulatorServer(simulator)
            url = server.start_pty()
            server.start_control()
            added[device_id] = msgspec.convert(
                {"class": device_class, "url": url, **settings}, Peripheral
            )
    except BaseException:
        demo.stop()
        raise
    if "printer" in demo.servers:
        demo.printed_dir = printed_dir
    demo.config = msgspec.structs.replace(config, peripherals={**config.peripherals, **added})
    return demo
