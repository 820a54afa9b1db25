"""Paper out in the middle of a receipt: what the citizen sees, the health event, the reprint."""

from __future__ import annotations

import pytest

from kiosk.flows.printing import (
    PrintingFlow,
    PrintJob,
    PrintJobFinished,
    PrintJobStopped,
    PrintState,
)
from kiosk.receipts import sample_data
from peripherals.status import DeviceState
from tests.peripherals.printer.harness import start_rig

STAFF_PHONE = "010-12345678"


@pytest.fixture
def rig():
    rig = start_rig()
    yield rig
    rig.stop()


def _flow(rig, language="zh_CN"):
    flow = PrintingFlow(rig.printer, rig.bus, language, STAFF_PHONE)
    seen = []
    flow.on_change(lambda f: seen.append((f.state, round(f.progress, 2))))
    stopped, finished = [], []
    rig.bus.subscribe(PrintJobStopped, stopped.append)
    rig.bus.subscribe(PrintJobFinished, finished.append)
    return flow, seen, stopped, finished


JOB = PrintJob(
    "job-1",
    "acceptance_notice",
    sample_data("acceptance_notice"),
    "https://zwfw.example.gov.cn/p/SL2026000123?c=7Q4M",
)


def test_a_document_prints_with_progress(rig):
    flow, seen, _, finished = _flow(rig)
    assert flow.print_document(JOB) is PrintState.DONE
    progress = [p for state, p in seen if state is PrintState.PRINTING]
    assert progress == sorted(progress) and len(progress) > 5
    assert flow.message == "打印完成，请从出纸口取走您的凭证。"
    assert [f.job_id for f in finished] == ["job-1"]
    assert len(rig.sim.pages) == 1


def test_paper_out_mid_receipt_stop_message_event_then_reprint(rig):
    flow, _, stopped, finished = _flow(rig)
    rig.sim.control("paper_out_after 6")

    assert flow.print_document(JOB) is PrintState.STOPPED
    assert "打印纸用完了" in flow.message and STAFF_PHONE in flow.message
    assert "重新打印" in flow.message and "二维码" in flow.message
    assert flow.lookup_url == JOB.lookup_url and flow.can_reprint
    [event] = stopped
    assert (event.job_id, event.reason, event.may_have_printed) == ("job-1", "paper_out", True)
    assert "张三" not in repr(event)
    assert rig.events[-1].current.state is DeviceState.USER_ERROR

    # Tapping "print again" before staff add paper prints nothing.
    assert flow.reprint() is PrintState.STOPPED
    assert "打印纸用完了" in flow.message
    assert len(rig.sim.pages) == 1  # only the partial page

    rig.sim.control("paper_ok")
    assert flow.reprint() is PrintState.DONE
    partial, reprinted = rig.sim.pages
    assert len(partial.text().splitlines()) == 6
    lines = reprinted.text().splitlines()
    assert lines[1:3] == ["受理通知书", "（补打）"]
    assert "[QR https://zwfw.example.gov.cn/p/SL2026000123?c=7Q4M]" in lines
    assert [(f.job_id, f.reprint) for f in finished] == [("job-1", True)]


def test_a_finished_job_is_never_printed_twice(rig):
    flow, _, _, _ = _flow(rig)
    flow.print_document(JOB)
    assert flow.reprint() is PrintState.DONE  # nothing stopped: reprint does nothing
    assert flow.print_document(JOB) is PrintState.DONE  # a double tap on "print"
    assert len(rig.sim.pages) == 1
    assert flow.message == "这份凭证已经打印过了。如需再次打印，请联系工作人员。"


def test_cover_open_before_printing_is_explained_in_english(rig):
    flow, _, stopped, _ = _flow(rig, language="en")
    rig.sim.control("cover_open")
    assert flow.print_document(JOB) is PrintState.STOPPED
    assert flow.message.startswith("The printer cover is open")
    assert STAFF_PHONE in flow.message
    assert stopped[0].may_have_printed is False
    rig.sim.control("cover_close")
    assert flow.reprint() is PrintState.DONE
    assert "（补打）" not in rig.sim.pages[0].text()  # nothing had been printed before


def test_silent_printer_tells_the_citizen_not_to_retry(rig):
    flow, _, stopped, _ = _flow(rig)
    rig.sim.control("go_silent")
    assert flow.print_document(JOB) is PrintState.STOPPED
    assert "打印机没有响应" in flow.message and "请不要重复操作" in flow.message
    assert stopped[0].reason == "no_reply"
