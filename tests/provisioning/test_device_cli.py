"""``kiosk device test CLASS`` against the project's simulators over real ptys, as a technician
runs it: exit status, the decoded answer, the likely cause of each fault, masked personal data."""

from __future__ import annotations

import json
import threading
import time

import pytest

from kiosk.cli import main
from peripherals.idcard.simulator import DEMO_CARDS, IdCardSimulator
from peripherals.idcard.simulator import SimulatorServer as IdCardServer
from peripherals.locker.codec import CODECS
from peripherals.locker.simulator import LockerBusSimulator
from peripherals.locker.simulator import SimulatorServer as LockerServer
from peripherals.printer.profile import load_profile
from peripherals.printer.simulator import PrinterSimulator
from peripherals.printer.simulator import SimulatorServer as PrinterServer
from peripherals.scanner.simulator import SerialScannerSimulator

FAST = ["--wait", "1"]


@pytest.fixture
def printer():
    sim = PrinterSimulator(load_profile("generic-80"))
    server = PrinterServer(sim)
    yield sim, server.start_pty()
    server.stop()


@pytest.fixture
def idcard():
    sim = IdCardSimulator()
    server = IdCardServer(sim)
    yield sim, server.start_pty()
    server.stop()


@pytest.fixture
def lockers():
    sim = LockerBusSimulator(CODECS["8a80"], (1, 2), None)
    server = LockerServer(sim)
    yield sim, server.start_pty()
    server.stop()


def _run(capsys, *args: str) -> tuple[int, str]:
    code = main(["device", "test", *args])
    return code, capsys.readouterr().out


def test_healthy_printer_answers_and_prints_a_test_page(printer, capsys):
    sim, pty = printer
    code, out = _run(capsys, "printer", "--port", pty, "--raw")
    assert code == 0, out
    assert "online paper=ok cover=closed" in out and "test page -> printed" in out
    assert "TX 10 04 01" in out and "RX 16" in out  # what was sent and what came back
    [page] = sim.pages
    assert "Test page" in page.text() and "GB18030" in page.text()


@pytest.mark.parametrize(
    ("fault", "error", "hint"),
    [
        ("paper_out", "paper_out", "load a new roll"),
        ("cover_open", "cover_open", "close it"),
        ("go_silent", "no_reply", "check the cable"),
        ("no_reply", "no_reply", "check the cable"),
        ("slow_reply 0.5", "no_reply", "baud rate"),
    ],
)
def test_printer_faults_fail_with_their_cause(printer, capsys, fault, error, hint):
    sim, pty = printer
    sim.control(fault)
    code, out = _run(capsys, "printer", "--port", pty)
    if fault.startswith("slow_reply"):
        time.sleep(0.6)  # let the late answer go out before the pty closes
    assert code == 1
    assert f"FAILED: {error}" in out and hint in out


def test_paper_running_out_mid_page_and_near_end(printer, capsys):
    sim, pty = printer
    sim.control("paper_near_end")
    code, out = _run(capsys, "printer", "--port", pty, "--no-print")
    assert code == 0 and "online paper=near_end" in out
    sim.control("paper_ok")
    sim.control("paper_out_after 2")
    code, out = _run(capsys, "printer", "--port", pty)
    assert code == 1 and "test page -> stopped: paper_out" in out and "load a new roll" in out


def test_one_lost_locker_reply_is_retried(lockers, capsys):
    sim, pty = lockers
    sim.control("no_reply")
    code, out = _run(capsys, "locker", "--port", pty)
    assert code == 0 and "open_doors: none" in out


def test_status_only_prints_nothing(printer, capsys):
    sim, pty = printer
    code, out = _run(capsys, "printer", "--port", pty, "--no-print", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and len(report["steps"]) == 1
    assert sim.pages == []


def test_a_missing_port_says_so(capsys, tmp_path):
    code, out = _run(capsys, "printer", "--port", str(tmp_path / "ttyUSB9"))
    assert code == 1 and "cannot be opened" in out
    code, out = _run(capsys, "printer", "--port", "/dev/ttyS0", "--baud", "300")
    assert code == 2 and ">= 1200" in out and "baudrate" in out
    code, out = _run(capsys, "locker", "--port", "/dev/ttyS0", "--model", "kr-cu16")
    assert code == 2 and "unknown locker model 'kr-cu16': 8a80, wkly" in out


def test_idcard_read_is_masked_and_never_shown_whole(idcard, capsys):
    sim, pty = idcard
    sim.control("place 0")
    code, out = _run(capsys, "idcard", "--port", pty, *FAST, "--raw")
    card = DEMO_CARDS[0]
    assert code == 0, out
    assert "name: 张*" in out and "id_number: 1101**********002X" in out
    for secret in (card["name"], card["id_number"], card["address"], card["birth_date"]):
        assert secret not in out
    assert "TX aa aa aa 96 69" in out  # the SAM frames, personal fields masked


def test_idcard_with_no_card_fails_within_the_wait(idcard, capsys):
    _, pty = idcard
    code, out = _run(capsys, "idcard", "--port", pty, "--wait", "0.6")
    assert code == 1 and "FAILED: no_card" in out and "--wait" in out


@pytest.mark.parametrize(
    ("fault", "error", "hint"),
    [
        ("sam_fail", "sam_60", "self-test"),
        ("go_silent", "no_reply", "check the cable"),
        ("bad_checksum", "bad_checksum", "wrong protocol family"),
        ("no_reply", "no_reply", "check the cable"),
        ("card_removed", "card_removed", "place it again"),
    ],
)
def test_idcard_faults_fail_with_their_cause(idcard, capsys, fault, error, hint):
    sim, pty = idcard
    if fault == "card_removed":
        sim.control("place 1")
    for _ in range(3 if fault == "bad_checksum" else 1):
        sim.control(fault)
    code, out = _run(capsys, "idcard", "--port", pty, *FAST)
    assert code == 1, out
    assert f"FAILED: {error}" in out and hint in out


def test_locker_opens_a_door_reads_a_board_and_names_silence(lockers, capsys):
    sim, pty = lockers
    code, out = _run(capsys, "locker", "--port", pty, "--open", "3")
    assert code == 0 and "3=open" in out and "open_doors: 3" in out
    code, out = _run(capsys, "locker", "--port", pty, "--board", "2")
    assert code == 0 and "open_doors: none" in out
    sim.control("go_silent")
    code, out = _run(capsys, "locker", "--port", pty)
    assert code == 1 and "FAILED: no_reply" in out and "baud rate" in out


@pytest.mark.parametrize(
    ("fault", "error"),
    [("bad_checksum", "bad_reply"), ("wrong_address", "bad_reply"), ("short_reply", "no_reply")],
)
def test_locker_garbled_replies_point_at_the_board_family(lockers, capsys, fault, error):
    sim, pty = lockers
    for _ in range(3):
        sim.control(fault)
    code, out = _run(capsys, "locker", "--port", pty)
    assert code == 1 and f"FAILED: {error}" in out and "board family" in out


def test_a_jammed_door_is_reported_shut(lockers, capsys):
    sim, pty = lockers
    sim.control("jam 1 5")
    code, out = _run(capsys, "locker", "--port", pty, "--open", "5")
    assert code == 1 and "FAILED: not_opened" in out and "latch jammed" in out


def test_camera_scanner_reads_a_qr_code_from_its_frames(tmp_path, capsys):
    import qrcode

    folder = tmp_path / "frames"
    folder.mkdir()
    qrcode.make("GOVAPP:checkin:0042").save(folder / "code.png")
    code, out = _run(capsys, "scanner", "--url", f"file://{folder}", *FAST)
    assert code == 0, out
    assert "QRCode" in out and "payload: GOVAPP:checkin:0042" in out


def test_network_printers_are_found_on_the_raw_port():
    import socket

    from provisioning.discovery import network_printers

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        found = network_printers("127.0.0.1/32", port)
    assert [f.address for f in found] == [f"socket://127.0.0.1:{port}"]
    assert network_printers("127.0.0.1/32", port) == []  # nothing listens any more


def test_serial_scanner_prints_the_payload_with_id_numbers_masked(capsys):
    sim = SerialScannerSimulator()
    try:
        threading.Timer(0.3, sim.control, ("scan APP:11010519491231002X:ok",)).start()
        code, out = _run(capsys, "scanner", "--port", sim.address, "--model", "serial", *FAST)
        assert code == 0, out
        assert "payload: APP:***:ok" in out and "11010519491231002X" not in out
        code, out = _run(capsys, "scanner", "--port", sim.address, "--model", "serial",
                         "--wait", "0.4")  # fmt: skip
        assert code == 1 and "FAILED: no_code" in out
    finally:
        sim.stop()


def test_doccam_captures_one_image_to_a_file(tmp_path, capsys):
    from PIL import Image

    folder = tmp_path / "frames"
    folder.mkdir()
    Image.new("RGB", (640, 480), "white").save(folder / "page.jpg")
    out_file = tmp_path / "test.jpg"
    code, out = _run(capsys, "doccam", "--url", f"file://{folder}", "--out", str(out_file))
    assert code == 0 and "640x480" in out
    assert Image.open(out_file).size == (640, 480)
    code, out = _run(capsys, "doccam", "--url", f"file://{tmp_path / 'none'}")
    assert code == 1 and "FAILED: no_device" in out


def test_configured_device_is_used_and_listed(printer, tmp_path, capsys):
    from kiosk.config import DEMO_CONFIG

    _, pty = printer
    config = tmp_path / "kiosk.toml"
    config.write_text(
        DEMO_CONFIG.read_text(encoding="utf-8")
        + f'\n[peripherals.receipt]\nclass = "printer"\nmodel = "escpos"\nurl = "{pty}"\n'
    )
    code, out = _run(capsys, "printer", "--config", str(config), "--no-print")
    assert code == 0 and f"printer at {pty}" in out
    assert main(["device", "list", "--config", str(config), "--port", pty, "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["configured"][0]["state"] == "online"
    assert any(item["address"] == pty for item in listing["attached"])


def test_keyboard_mode_scanners_are_listed_as_evdev_urls(tmp_path):
    from provisioning.discovery import hid_keyboards

    (tmp_path / "usb-Honeywell_Imaging_1900-event-kbd").touch()
    (tmp_path / "usb-Logitech_Mouse-event-mouse").touch()
    found = hid_keyboards(tmp_path)
    assert [(f.address, f.description) for f in found] == [
        (f"file://{tmp_path}/usb-Honeywell_Imaging_1900-event-kbd", "Honeywell Imaging 1900")
    ]
