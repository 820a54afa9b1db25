"""``kiosk provision --assign``: simulated devices on ptys are probed, saved and reported on paper."""

from __future__ import annotations

import pytest

from kiosk.cli import main
from kiosk.config import DEMO_CONFIG, load_config
from peripherals.idcard.simulator import IdCardSimulator
from peripherals.idcard.simulator import SimulatorServer as IdCardServer
from peripherals.locker.codec import CODECS
from peripherals.locker.simulator import LockerBusSimulator
from peripherals.locker.simulator import SimulatorServer as LockerServer
from peripherals.printer.profile import load_profile
from peripherals.printer.simulator import PrinterSimulator
from peripherals.printer.simulator import SimulatorServer as PrinterServer
from provisioning.discovery import discover


@pytest.fixture
def devices():
    printer = PrinterSimulator(load_profile("generic-80"))
    idcard = IdCardSimulator()
    lockers = LockerBusSimulator(CODECS["8a80"], (1, 2), None)
    servers = [PrinterServer(printer), IdCardServer(idcard), LockerServer(lockers)]
    ptys = [server.start_pty() for server in servers]
    yield (printer, idcard, lockers), ptys
    for server in servers:
        server.stop()


def test_assigned_devices_are_probed_saved_and_the_report_printed(devices, tmp_path, capsys):
    (printer, idcard, _), (printer_pty, idcard_pty, locker_pty) = devices
    config = tmp_path / "kiosk.toml"
    config.write_text(DEMO_CONFIG.read_text(encoding="utf-8"))
    args = ["provision", "--config", str(config), "--print-report",
            "--assign", f"receipt=printer:escpos:{printer_pty}",
            "--assign", f"idreader=idcard:sam:{idcard_pty}",
            "--assign", f"lockers=locker:8a80:{locker_pty}"]  # fmt: skip
    rules = tmp_path / "99-govkiosk-devices.rules"
    assert main([*args, "--udev-rules", str(rules)]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert f"serial          {printer_pty}" in out  # discovery lists the ports
    assert "receipt: not a local USB-serial port, keeps its address" in out  # ptys are not USB
    assert not rules.exists()
    saved = load_config(config).peripherals
    assert {name: (d.device_class.value, d.url) for name, d in saved.items()} == {
        "receipt": ("printer", printer_pty),
        "idreader": ("idcard", idcard_pty),
        "lockers": ("locker", locker_pty),
    }
    assert saved["lockers"].baudrate == 9600
    [page] = printer.pages
    assert "3/3 ok" in page.text() and "OK  lockers (locker)" in page.text()

    idcard.control("go_silent")
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "FAILED (no reply: check the cable" in out
    assert "ERR idreader (idcard)" in printer.pages[-1].text()
    assert "2/3 ok" in printer.pages[-1].text()


def test_discovery_finds_a_network_printer_for_assignment():
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        found = discover(printer_network="127.0.0.1/32", printer_port=port)
    assert f"socket://127.0.0.1:{port}" in [
        f.address for f in found.found if f.kind == "network_printer"
    ]


def test_a_bad_assignment_is_refused_before_anything_is_written(tmp_path, capsys):
    config = tmp_path / "kiosk.toml"
    assert main(["provision", "--config", str(config), "--assign", "x=fridge::/dev/null"]) == 2
    assert "unknown class 'fridge'" in capsys.readouterr().out
    assert not config.exists()
