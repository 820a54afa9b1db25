"""Offline, the citizen can print a slip saying the request is saved and will be sent."""

from __future__ import annotations

from kiosk.receipts import build_receipt, sample_data
from peripherals.printer.codec import encode_receipt
from peripherals.printer.decode import Line, decode
from peripherals.printer.profile import load_profile


def test_pending_submission_slip_says_it_will_be_sent_when_the_network_returns():
    profile = load_profile("generic-58")
    data = sample_data("pending_submission")
    receipt = build_receipt("pending_submission", data, profile.columns)
    [page] = decode(b"".join(encode_receipt(receipt, profile)), profile.encoding)
    printed = "".join(i.text.strip() for i in page.items if isinstance(i, Line))
    assert "待提交凭证" in printed
    assert "网络恢复后自动提交" in printed
    for value in (data["entry_no"], data["item_name"], data["saved_at"]):
        assert value in printed
