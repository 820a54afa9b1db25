"""Status board, links with deadlines, raw traffic logs and the device registry."""

from __future__ import annotations

import time

import pytest

from kiosk.config import ConfigError, parse_config
from kiosk.events import EventBus
from kiosk.result import Err, Ok
from peripherals.errors import DeviceNotFound, LinkTimeout
from peripherals.link import Deadline, check_url, open_link
from peripherals.rawlog import RawTraffic
from peripherals.registry import build_devices
from peripherals.status import (
    DeviceState,
    DeviceStatus,
    DeviceStatusChanged,
    PaperState,
    PrinterMedia,
    StatusBoard,
)

BASE = '[terminal]\nid = "T-0001"\n[site]\nname_zh = "示范"\nname_en = "Demo"\n'


def _board():
    bus, events = EventBus(), []
    bus.subscribe(DeviceStatusChanged, events.append)
    return StatusBoard(bus), events


def test_board_publishes_changes_only_and_keeps_the_last_error():
    board, events = _board()
    online = DeviceStatus("p", "printer", DeviceState.ONLINE, PrinterMedia(PaperState.OK))
    out = DeviceStatus("p", "printer", DeviceState.USER_ERROR, PrinterMedia(PaperState.OUT))
    assert board.update(online) and not board.update(online)
    assert board.update(out.with_error("paper_out"), recent_traffic=("TX 10 04 04",))
    assert not board.update(out.with_error("paper_out"))  # same fault, later time: no event
    assert board.update(online)
    assert [e.current.state for e in events] == [
        DeviceState.ONLINE,
        DeviceState.USER_ERROR,
        DeviceState.ONLINE,
    ]
    assert events[1].recent_traffic == ("TX 10 04 04",) and events[2].recent_traffic == ()
    assert board.get("p").last_error.code == "paper_out"  # kept for support after recovery


def test_loop_link_reads_within_the_deadline_and_times_out():
    link = open_link("loop://", 115200, RawTraffic("loop", None, False))
    link.write(b"\x10\x04\x01", Deadline.after(1))
    assert link.read(3, Deadline.after(1)) == b"\x10\x04\x01"
    started = time.monotonic()
    with pytest.raises(LinkTimeout):
        link.read(1, Deadline.after(0.1))
    assert time.monotonic() - started < 0.3


def test_missing_port_is_device_not_found(tmp_path):
    link = open_link(str(tmp_path / "ttyUSB9"), 9600, RawTraffic("x", None, False))
    with pytest.raises(DeviceNotFound, match="ttyUSB9"):
        link.open()


def test_url_check_names_the_supported_schemes():
    assert check_url("/dev/ttyS1") is None and check_url("socket://127.0.0.1:9100") is None
    assert "unsupported scheme 'ftp'" in check_url("ftp://x")


def test_raw_log_rolls_over_on_each_open_and_keeps_a_ring(tmp_path):
    traffic = RawTraffic("dev1", tmp_path, True)
    for connection in range(2):
        traffic.opened(f"loop://{connection}")
        traffic.frame("TX", b"\x10\x04\x01")
        traffic.frame("RX", b"\x16")
    current = (tmp_path / "raw" / "dev1.log").read_text()
    assert "OPEN loop://1" in current and "OPEN loop://0" not in current
    assert (tmp_path / "raw" / "dev1.log.1").exists()
    assert traffic.recent()[-1].endswith("RX 16") and "mono=" in traffic.recent()[-1]
    traffic.set_enabled(False)
    traffic.frame("TX", b"\x01")
    assert (tmp_path / "raw" / "dev1.log").read_text().rstrip().endswith("raw traffic logging off")


def test_registry_names_every_bad_key():
    config = parse_config(
        BASE
        + """
[peripherals.printer]
class = "printer"
model = "epson-magic"
url = "/dev/ttyS1"
[peripherals.printer2]
class = "printer"
model = "escpos"
url = "ftp://printer"
profile = "no-such-profile"
"""
    )
    with pytest.raises(ConfigError) as caught:
        build_devices(config, _board()[0])
    keys = [key for key, _ in caught.value.problems]
    assert keys == [
        "peripherals.printer.model",
        "peripherals.printer2.url",
        "peripherals.printer2.profile",
    ]
    assert "known: escpos" in str(caught.value)


def test_registry_builds_devices_without_touching_hardware(tmp_path):
    (tmp_path / "page1.png").write_bytes(_png())
    config = parse_config(
        BASE
        + f"""
[peripherals.printer]
class = "printer"
model = "escpos"
url = "/dev/does-not-exist"
[peripherals.doccam]
class = "doccam"
model = "image_folder"
url = "file://{tmp_path}"
"""
    )
    devices = build_devices(config, _board()[0])
    assert devices["printer"].status().state is DeviceState.NO_DEVICE
    capture = devices["doccam"].capture()
    assert isinstance(capture, Ok) and (capture.value.width, capture.value.height) == (4, 3)
    (tmp_path / "page1.png").unlink()
    assert isinstance(devices["doccam"].capture(), Err)


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (4, 3), 255).save(buffer, "PNG")
    return buffer.getvalue()


def test_poller_reports_a_printer_running_out_of_paper_without_any_flow(tmp_path):
    from peripherals.poller import StatusPoller
    from tests.peripherals.printer.harness import start_rig

    rig = start_rig()
    poller = StatusPoller({"printer": rig.printer}, interval_s=0.05)
    try:
        poller.start()
        deadline = time.monotonic() + 3
        while not rig.events and time.monotonic() < deadline:
            time.sleep(0.02)
        rig.sim.control("paper_out")
        while rig.events[-1].current.state is not DeviceState.USER_ERROR:
            assert time.monotonic() < deadline, "paper out never reported"
            time.sleep(0.02)
    finally:
        poller.stop()
        rig.stop()
    assert [e.current.state for e in rig.events] == [DeviceState.ONLINE, DeviceState.USER_ERROR]
