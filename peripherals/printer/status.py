"""DLE EOT replies → the shared status model. Pure: no I/O.

Each reply is one byte shaped ``0xx1xx10b`` (checked first, python-escpos PR #711). ``None``
stands for "no reply before the deadline" and yields ``unknown``, never "paper ok".
"""

from __future__ import annotations

from peripherals.errors import ProtocolError
from peripherals.status import CoverState, DeviceState, DeviceStatus, PaperState, PrinterMedia

QUERIES = (1, 2, 3, 4)


def check_shape(n: int, reply: int) -> int:
    """``reply`` if it has the fixed bits of a DLE EOT answer, else :class:`ProtocolError`."""
    if reply & 0x93 != 0x12:
        raise ProtocolError(f"DLE EOT {n} reply {reply:#04x} is not shaped 0xx1xx10b")
    return reply


def summarize(
    device_id: str, replies: dict[int, int | None], silent_polls: int = 1, offline_after: int = 3
) -> DeviceStatus:
    """Status from the replies to DLE EOT 1..4; ``silent_polls`` counts silences in a row."""
    if any(replies.get(n) is None for n in QUERIES):
        state = DeviceState.OFFLINE if silent_polls >= offline_after else DeviceState.UNKNOWN
        return DeviceStatus(device_id, "printer", state, PrinterMedia()).with_error("no_reply")
    printer, offline, error, paper = (replies[n] or 0 for n in QUERIES)
    cover = CoverState.OPEN if offline & 0x04 else CoverState.CLOSED
    if paper & 0x60 == 0x60 or offline & 0x20:
        paper_state = PaperState.OUT
    elif paper & 0x0C == 0x0C:
        paper_state = PaperState.NEAR_END
    else:
        paper_state = PaperState.OK
    media = PrinterMedia(paper_state, cover)
    status = DeviceStatus(device_id, "printer", DeviceState.ONLINE, media)
    if error & 0x28:  # autocutter or unrecoverable error
        code = "cutter_error" if error & 0x08 else "unrecoverable_error"
        return DeviceStatus(device_id, "printer", DeviceState.HARDWARE_ERROR, media).with_error(
            code
        )
    if cover is CoverState.OPEN:
        return DeviceStatus(device_id, "printer", DeviceState.USER_ERROR, media).with_error(
            "cover_open"
        )
    if paper_state is PaperState.OUT:
        return DeviceStatus(device_id, "printer", DeviceState.USER_ERROR, media).with_error(
            "paper_out"
        )
    if printer & 0x08 or offline & 0x40:
        return DeviceStatus(device_id, "printer", DeviceState.OFFLINE, media).with_error("offline")
    return status
