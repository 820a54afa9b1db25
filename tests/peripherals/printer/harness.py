"""A real ESC/POS driver talking to the printer simulator over a real pty (or TCP)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.events import EventBus
from peripherals.link import open_link
from peripherals.printer.decode import redact
from peripherals.printer.driver import EscposReceiptPrinter, PrinterTimeouts
from peripherals.printer.profile import load_profile
from peripherals.printer.simulator import PrinterSimulator, SimulatorServer
from peripherals.rawlog import RawTraffic
from peripherals.status import DeviceStatusChanged, StatusBoard

FAST = PrinterTimeouts(status_s=0.2, write_s=1.0)


@dataclass
class Rig:
    sim: PrinterSimulator
    server: SimulatorServer
    printer: EscposReceiptPrinter
    bus: EventBus
    traffic: RawTraffic
    events: list[DeviceStatusChanged] = field(default_factory=list)

    def stop(self) -> None:
        self.printer.close()
        self.server.stop()


def start_rig(
    log_dir: Path | None = None,
    profile: str = "generic-80",
    tcp: bool = False,
    timeouts: PrinterTimeouts = FAST,
) -> Rig:
    printer_profile = load_profile(profile)
    sim = PrinterSimulator(printer_profile)
    server = SimulatorServer(sim)
    address = server.start_tcp() if tcp else server.start_pty()
    bus = EventBus()
    traffic = RawTraffic("printer", log_dir, log_dir is not None, redact)
    link = open_link(address, timeouts.baudrate, traffic)
    board = StatusBoard(bus)
    printer = EscposReceiptPrinter("printer", link, printer_profile, board, traffic, timeouts)
    rig = Rig(sim, server, printer, bus, traffic)
    bus.subscribe(DeviceStatusChanged, rig.events.append)
    return rig
