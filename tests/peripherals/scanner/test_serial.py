"""Serial scanner driver against the pty simulator: codes, line endings, cancel, no port."""

from __future__ import annotations

import threading
import time

import pytest

from kiosk.events import EventBus
from kiosk.result import Err, Ok
from peripherals.link import open_link
from peripherals.rawlog import RawTraffic
from peripherals.scanner.serial import SerialCodeScanner, redact
from peripherals.scanner.simulator import SerialScannerSimulator
from peripherals.status import DeviceState, StatusBoard


def scanner_on(address: str, log_dir=None) -> SerialCodeScanner:
    traffic = RawTraffic("scanner", log_dir, log_dir is not None, redact)
    return SerialCodeScanner(
        "scanner", open_link(address, 9600, traffic), StatusBoard(EventBus()), traffic
    )


@pytest.fixture
def sim():
    simulator = SerialScannerSimulator()
    yield simulator
    simulator.stop()


def test_a_scanned_code_arrives_as_one_payload(sim, tmp_path):
    scanner = scanner_on(sim.address, tmp_path)
    assert scanner.status().state is DeviceState.ONLINE
    threading.Timer(0.2, sim.control, ("scan GOVAPP:lina",)).start()
    result = scanner.scan(2.0)
    assert isinstance(result, Ok) and result.value.payload == b"GOVAPP:lina"
    assert result.value.decoder == "serial"
    scanner.close()
    assert "GOVAPP" not in (tmp_path / "raw" / "scanner.log").read_text()


def test_crlf_and_empty_lines_are_skipped(sim):
    scanner = scanner_on(sim.address)
    scanner.status()
    threading.Timer(0.2, sim.control, ("scan_hex 0d0a41420d0a",)).start()
    assert scanner.scan(2.0).value.payload == b"AB"
    scanner.close()


def test_nothing_shown_is_ok_none_at_the_deadline_and_cancel_ends_sooner(sim):
    scanner = scanner_on(sim.address)
    started = time.monotonic()
    assert scanner.scan(0.4) == Ok(None)
    assert 0.35 < time.monotonic() - started < 1.0
    threading.Timer(0.2, scanner.cancel).start()
    started = time.monotonic()
    assert scanner.scan(10.0) == Ok(None)
    assert time.monotonic() - started < 1.0
    scanner.close()


def test_missing_port_is_no_device(tmp_path):
    scanner = scanner_on(str(tmp_path / "ttyUSB9"))
    result = scanner.scan(0.2)
    assert isinstance(result, Err) and result.error.state is DeviceState.NO_DEVICE
