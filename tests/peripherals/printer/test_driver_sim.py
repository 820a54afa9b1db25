"""The real driver against the simulator over a real pty (and TCP): one test per state and fault."""

from __future__ import annotations

import socket
import time

import pytest

from kiosk.events import EventBus
from kiosk.receipts import build_receipt, sample_data
from kiosk.result import Err, Ok
from peripherals.link import open_link
from peripherals.printer.driver import EscposReceiptPrinter
from peripherals.printer.interface import FailureReason
from peripherals.printer.profile import load_profile
from peripherals.rawlog import RawTraffic
from peripherals.status import CoverState, DeviceState, PaperState, StatusBoard
from tests.peripherals.printer.harness import FAST, start_rig


def _notice(rig):
    return build_receipt(
        "acceptance_notice", sample_data("acceptance_notice"), rig.printer.profile.columns
    )


@pytest.mark.parametrize(
    ("command", "state", "paper", "cover"),
    [
        ("paper_ok", DeviceState.ONLINE, PaperState.OK, CoverState.CLOSED),
        ("paper_near_end", DeviceState.ONLINE, PaperState.NEAR_END, CoverState.CLOSED),
        ("paper_out", DeviceState.USER_ERROR, PaperState.OUT, CoverState.CLOSED),
        ("cover_open", DeviceState.USER_ERROR, PaperState.OK, CoverState.OPEN),
    ],
)
def test_status_over_a_pty(rig, command, state, paper, cover):
    rig.sim.control(command)
    status = rig.printer.status()
    assert (status.state, status.media.paper, status.media.cover) == (state, paper, cover)


def test_silent_printer_is_unknown_quickly_then_offline(rig):
    rig.sim.control("go_silent")
    started = time.monotonic()
    status = rig.printer.status()
    assert time.monotonic() - started < 0.5  # the 0.2 s status deadline, not python-escpos's 1 s
    assert status.state is DeviceState.UNKNOWN
    assert status.media.paper is PaperState.UNKNOWN  # never "paper adequate"
    rig.printer.status()
    assert rig.printer.status().state is DeviceState.OFFLINE


def test_one_lost_reply_recovers_on_the_next_poll(rig):
    rig.sim.control("no_reply")
    assert rig.printer.status().state is DeviceState.UNKNOWN
    assert rig.printer.status().state is DeviceState.ONLINE


def test_status_changes_are_published_once_each(rig):
    rig.printer.status()
    rig.printer.status()
    rig.sim.control("paper_out")
    rig.printer.status()
    rig.printer.status()
    assert [e.current.state for e in rig.events] == [DeviceState.ONLINE, DeviceState.USER_ERROR]
    fault = rig.events[-1]
    assert fault.current.last_error.code == "paper_out"
    assert any("RX 7e" in line for line in fault.recent_traffic)


def test_a_whole_document_arrives_as_printed(rig):
    result = rig.printer.print_receipt(_notice(rig))
    assert isinstance(result, Ok)
    [page] = rig.sim.pages
    assert page.text().splitlines()[:2] == ["示范区政务服务中心", "受理通知书"]
    assert result.value.bytes_sent == len(rig.sim.received) - 3 * rig.sim.status_queries


def test_paper_out_mid_receipt_stops_with_what_was_sent(rig):
    rig.sim.control("paper_out_after 8")
    progress: list[float] = []
    result = rig.printer.print_receipt(_notice(rig), progress.append)
    assert isinstance(result, Err)
    failure = result.error
    assert failure.reason is FailureReason.PAPER_OUT
    assert failure.may_have_printed and 0 < failure.fraction_sent < 1
    assert progress and progress[-1] < 1
    assert len(rig.sim.pages[0].text().splitlines()) == 8  # a partial page, no cut


def test_printing_is_refused_before_sending_anything_when_cover_is_open(rig):
    rig.sim.control("cover_open")
    result = rig.printer.print_receipt(_notice(rig))
    assert isinstance(result, Err)
    assert result.error.reason is FailureReason.COVER_OPEN
    assert not result.error.may_have_printed
    assert rig.sim.pages == []


def test_printer_falling_silent_mid_job_is_no_reply_not_success(rig):
    original = rig.sim.receive

    def silence_after_start(data: bytes) -> bytes:
        if len(rig.sim.received) > 100:
            rig.sim.mechanism.silent = True
        return original(data)

    rig.sim.receive = silence_after_start
    result = rig.printer.print_receipt(_notice(rig))
    assert isinstance(result, Err)
    assert result.error.reason is FailureReason.NO_REPLY
    assert result.error.may_have_printed


def test_bad_reply_means_something_else_is_on_the_port(rig):
    rig.sim.mechanism.status_byte = lambda n: 0x41  # type: ignore[method-assign]
    status = rig.printer.status()
    assert status.state is DeviceState.HARDWARE_ERROR
    assert status.last_error.code == "bad_reply"


def test_missing_port_is_no_device(tmp_path):
    traffic = RawTraffic("printer", None, False)
    board = StatusBoard(EventBus())
    printer = EscposReceiptPrinter(
        "printer",
        open_link(str(tmp_path / "ttyNONE"), 115200, traffic),
        load_profile("generic-80"),
        board,
        traffic,
        FAST,
    )
    status = printer.status()
    assert status.state is DeviceState.NO_DEVICE
    assert isinstance(
        printer.print_receipt(build_receipt("queue_ticket", sample_data("queue_ticket"), 48)), Err
    )


def test_tcp_transport_and_control_port(tmp_path):
    rig = start_rig(tcp=True)
    try:
        port = rig.server.start_control()
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            conn.sendall(b"paper_near_end\n")
            assert conn.makefile().readline().startswith("ok paper=near_end")
        assert rig.printer.status().media.paper is PaperState.NEAR_END
    finally:
        rig.stop()


def test_raw_log_file_has_hex_frames_without_personal_text(rig, tmp_path):
    receipt = build_receipt("acceptance_notice", sample_data("acceptance_notice"), 48)
    rig.printer.print_receipt(receipt)
    log = (tmp_path / "logs" / "raw" / "printer.log").read_text(encoding="utf-8")
    assert "TX 10 04 01" in log and "RX 16" in log
    assert "<text" in log
    assert "张三".encode("gb18030").hex(" ") not in log


def test_device_file_link_as_used_for_usblp(tmp_path):
    from peripherals.printer.simulator import PrinterSimulator, SimulatorServer

    sim = PrinterSimulator(load_profile("generic-80"))
    server = SimulatorServer(sim)
    path = server.start_pty()
    traffic = RawTraffic("lp0", None, False)
    board = StatusBoard(EventBus())
    printer = EscposReceiptPrinter(
        "lp0",
        open_link(f"file://{path}", 115200, traffic),
        load_profile("generic-80"),
        board,
        traffic,
        FAST,
    )
    try:
        sim.control("cover_open")
        assert printer.status().media.cover is CoverState.OPEN
        sim.control("cover_close")
        receipt = build_receipt("queue_ticket", sample_data("queue_ticket"), 48)
        assert isinstance(printer.print_receipt(receipt), Ok)
        assert "A023" in sim.pages[0].text()
        sim.control("go_silent")
        assert printer.status().state is DeviceState.UNKNOWN
    finally:
        printer.close()
        server.stop()


def test_simulator_writes_each_page_as_text_and_a_scannable_picture(tmp_path):
    import zxingcpp
    from PIL import Image

    from peripherals.printer.simulator import PrinterSimulator, SimulatorServer

    profile = load_profile("generic-58")
    sim = PrinterSimulator(profile, tmp_path / "out", tmp_path / "cache")
    (tmp_path / "out").mkdir()
    server = SimulatorServer(sim)
    traffic = RawTraffic("p58", None, False)
    printer = EscposReceiptPrinter(
        "p58",
        open_link(server.start_pty(), 115200, traffic),
        profile,
        StatusBoard(EventBus()),
        traffic,
        FAST,
    )
    sim.control("paper_out_after 4")
    receipt = build_receipt("appointment_slip", sample_data("appointment_slip"), profile.columns)
    printer.print_receipt(receipt)
    sim.control("paper_ok")
    printer.print_receipt(receipt)
    printer.close()
    server.stop()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "receipt-001-partial.png",
        "receipt-001-partial.txt",
        "receipt-002.png",
        "receipt-002.txt",
    ]
    assert "预约凭证" in (tmp_path / "out" / "receipt-002.txt").read_text(encoding="utf-8")
    [code] = zxingcpp.read_barcodes(Image.open(tmp_path / "out" / "receipt-002.png"))
    assert code.text == sample_data("appointment_slip")["progress_url"]


def test_write_only_printer_profile_prints_unchecked_and_stays_unknown(tmp_path):
    from peripherals.printer.simulator import PrinterSimulator, SimulatorServer

    profile = load_profile("generic-80").model_copy(
        update={"features": frozenset({"native_qr", "partial_cut"})}
    )
    sim = PrinterSimulator(profile)
    server = SimulatorServer(sim)
    traffic = RawTraffic("wo", None, False)
    printer = EscposReceiptPrinter(
        "wo",
        open_link(server.start_pty(), 115200, traffic),
        profile,
        StatusBoard(EventBus()),
        traffic,
        FAST,
    )
    try:
        assert printer.status().state is DeviceState.UNKNOWN
        receipt = build_receipt("queue_ticket", sample_data("queue_ticket"), 48)
        assert isinstance(printer.print_receipt(receipt), Ok)
        assert sim.status_queries == 0
        deadline = time.monotonic() + 2
        while not sim.pages and time.monotonic() < deadline:
            time.sleep(0.01)
        assert "A023" in sim.pages[0].text()
    finally:
        printer.close()
        server.stop()
