"""The printer driver over ``usb://VID:PID``: a missing device, and the simulator as the device."""

from __future__ import annotations

import pytest
import usb.core
import usb.util

from kiosk.events import EventBus
from kiosk.receipts import build_receipt, sample_data
from kiosk.result import Ok
from peripherals.link import check_url, open_link
from peripherals.printer.driver import EscposReceiptPrinter
from peripherals.printer.profile import load_profile
from peripherals.printer.simulator import PrinterSimulator
from peripherals.rawlog import RawTraffic
from peripherals.status import DeviceState, PaperState, StatusBoard
from tests.peripherals.printer.harness import FAST

PROFILE = load_profile("generic-80")


def _printer(url: str) -> EscposReceiptPrinter:
    traffic = RawTraffic("usbprinter", None, False)
    return EscposReceiptPrinter(
        "usbprinter",
        open_link(url, 115200, traffic),
        PROFILE,
        StatusBoard(EventBus()),
        traffic,
        FAST,
    )


class _Backend:
    pass


class SimulatedUsbDevice:
    """What pyusb's ``find`` returns, with the printer simulator behind the endpoints."""

    backend = _Backend()

    def __init__(self, sim: PrinterSimulator) -> None:
        self.sim = sim
        self.replies = bytearray()

    def set_configuration(self) -> None: ...

    def reset(self) -> None: ...

    def write(self, endpoint: int, data: bytes, timeout: int) -> int:
        assert endpoint == 0x01 and timeout > 0
        self.replies += self.sim.receive(bytes(data))
        return len(data)

    def read(self, endpoint: int, size: int, timeout: int) -> bytes:
        assert endpoint == 0x82 and timeout > 0
        if not self.replies:
            raise usb.core.USBTimeoutError("timeout")
        data, self.replies = bytes(self.replies[:size]), self.replies[size:]
        return data


def test_absent_usb_printer_is_no_device_naming_its_ids():
    status = _printer("usb://0416:5011").status()
    assert status.state is DeviceState.NO_DEVICE


@pytest.mark.parametrize(
    ("url", "problem"),
    [("usb://0416", "expected usb://VID:PID"), ("usb://0416:5011?speed=1", "unknown usb://")],
)
def test_bad_usb_address_is_a_config_problem(url, problem):
    assert problem in check_url(url)


def test_status_and_printing_over_usb(monkeypatch):
    sim = PrinterSimulator(PROFILE)
    device = SimulatedUsbDevice(sim)
    monkeypatch.setattr(usb.core, "find", lambda **match: device)
    monkeypatch.setattr(usb.util, "dispose_resources", lambda device: None)
    printer = _printer("usb://0416:5011")
    sim.control("paper_near_end")
    assert printer.status().media.paper is PaperState.NEAR_END
    receipt = build_receipt("queue_ticket", sample_data("queue_ticket"), PROFILE.columns)
    assert isinstance(printer.print_receipt(receipt), Ok)
    assert sim.pages[0].text().splitlines()[2] == "A023"
    sim.control("go_silent")
    assert printer.status().state is DeviceState.UNKNOWN
    printer.close()
