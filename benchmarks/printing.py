"""Bytes on the wire and time to send each document at 115 200 baud, native text vs rasterised.

Each document goes through the real driver to the printer simulator over a pty; the simulator
takes every byte's wire time at the baud rate (8N1, 10 bits a byte), so the time is what a
serial printer would need to receive it, status checks included. The baseline sends the same
page as one raster image (GS v 0), the way drivers without a Chinese font print Chinese.
Target: the 80 mm acceptance notice at most 4 KB and 0.5 s.

Run: .venv/bin/python benchmarks/printing.py [--baud 115200] [--profile generic-80]
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from escpos.printer import Dummy
from PIL import Image

from kiosk.config import DEMO_CONFIG, load_config
from kiosk.events import EventBus
from kiosk.receipts import DOCUMENTS, build_receipt, sample_data
from kiosk.result import Ok
from peripherals.link import Deadline, open_link
from peripherals.printer.codec import encode_receipt
from peripherals.printer.decode import decode
from peripherals.printer.driver import EscposReceiptPrinter, PrinterTimeouts
from peripherals.printer.picture import MARGIN, render_page
from peripherals.printer.profile import load_profile
from peripherals.printer.simulator import PrinterSimulator, SimulatorServer
from peripherals.rawlog import RawTraffic
from peripherals.status import StatusBoard

TARGET_BYTES, TARGET_S = 4096, 0.5


def raster_bytes(native: bytes, dots: int, cache_dir: Path) -> bytes:
    """The same page as one GS v 0 raster image, then a cut."""
    picture = render_page(decode(native)[0], dots, cache_dir)
    picture = picture.crop((MARGIN, MARGIN, MARGIN + dots, picture.height - MARGIN))
    printer = Dummy()
    printer.profile.profile_data = copy.deepcopy(printer.profile.profile_data)
    printer.profile.profile_data["media"]["width"]["pixels"] = dots
    printer._raw(b"\x1b\x40")
    printer.image(picture.convert("1", dither=Image.Dither.NONE), fragment_height=4096)
    printer.cut(mode="PART")
    return printer.output


def send_native(name: str, profile, baud: int) -> tuple[int, float]:
    sim = PrinterSimulator(profile)
    server = SimulatorServer(sim, baud)
    address = server.start_pty()
    traffic = RawTraffic("bench", None, False)
    timeouts = PrinterTimeouts(baudrate=baud)
    printer = EscposReceiptPrinter(
        "bench",
        open_link(address, baud, traffic),
        profile,
        StatusBoard(EventBus()),
        traffic,
        timeouts,
    )
    try:
        printer.status()  # open the port and settle before timing
        sim.received.clear()
        receipt = build_receipt(name, sample_data(name), profile.columns)
        started = time.perf_counter()
        result = printer.print_receipt(receipt)
        elapsed = time.perf_counter() - started
        assert isinstance(result, Ok), result
        return len(sim.received) + sim.status_queries, elapsed  # TX plus 1-byte replies
    finally:
        printer.close()
        server.stop()


def send_raw(data: bytes, baud: int) -> float:
    """Time to push ``data`` and get a status answer back (the printer has it all)."""
    sim = PrinterSimulator(load_profile("generic-80"))
    server = SimulatorServer(sim, baud)
    link = open_link(server.start_pty(), baud, RawTraffic("bench", None, False))
    try:
        link.open()
        started = time.perf_counter()
        for offset in range(0, len(data), 4096):
            link.write(data[offset : offset + 4096], Deadline.after(5))
        link.write(b"\x10\x04\x01", Deadline.after(5))
        link.read(1, Deadline.after(len(data) * 10 / baud + 2))
        return time.perf_counter() - started
    finally:
        link.close()
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baud", type=int, default=115_200)
    parser.add_argument("--profile", default="generic-80")
    args = parser.parse_args()
    profile = load_profile(args.profile)
    cache_dir = load_config(DEMO_CONFIG).cache_dir
    print(f"profile {profile.name} ({profile.paper_mm} mm), {args.baud} baud, 8N1, pty simulator")
    print(
        f"{'document':22} {'native B':>9} {'native s':>9} {'raster B':>9} {'raster s':>9} "
        f"{'bytes x':>8} {'time x':>7}"
    )
    verdict = 0
    for name in DOCUMENTS:
        native = b"".join(
            encode_receipt(build_receipt(name, sample_data(name), profile.columns), profile)
        )
        wire_bytes, native_s = send_native(name, profile, args.baud)
        raster = raster_bytes(native, profile.dots, cache_dir)
        raster_s = send_raw(raster, args.baud)
        print(
            f"{name:22} {wire_bytes:9d} {native_s:9.3f} {len(raster):9d} {raster_s:9.3f} "
            f"{len(raster) / wire_bytes:7.1f}x {raster_s / native_s:6.1f}x"
        )
        if name == "acceptance_notice" and profile.paper_mm == 80:
            ok = wire_bytes <= TARGET_BYTES and native_s <= TARGET_S
            verdict = 0 if ok else 1
            print(
                f"{'':22} target <= {TARGET_BYTES} B and <= {TARGET_S} s: "
                f"{'MET' if ok else 'MISSED'}"
            )
    return verdict


if __name__ == "__main__":
    sys.exit(main())
