"""Every document on every paper width: expected commands, Chinese text back, QR that scans."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp

from kiosk.receipts import DOCUMENTS, build_receipt, sample_data
from kiosk.receipts.layout import wrap
from peripherals.printer.codec import encode_receipt, text_columns
from peripherals.printer.decode import Line, QrImage, RasterImage, decode
from peripherals.printer.picture import render_page
from peripherals.printer.profile import load_profile

ALL_DOCUMENTS = (
    "acceptance_notice",
    "materials_receipt",
    "supplement_notice",
    "tolerance_acceptance",
    "refusal_notice",
    "delivery_receipt",
    "queue_ticket",
    "appointment_slip",
    "printed_guide",
    "selftest_report",
)
QR_FIELD = {"printed_guide": "guide_url", "selftest_report": "support_url"}


def _decoded(name: str, profile_name: str, reprint: bool = False):
    profile = load_profile(profile_name)
    receipt = build_receipt(name, sample_data(name), profile.columns, reprint)
    data = b"".join(encode_receipt(receipt, profile))
    pages = decode(data, profile.encoding)
    assert len(pages) == 1, "one document, one cut"
    return profile, data, pages[0]


def _flat(page) -> str:
    """Printed text without line breaks and hanging indents, to look values up in."""
    return "".join(i.text.strip() for i in page.items if isinstance(i, Line))


def test_every_document_the_issue_lists_has_a_layout():
    assert set(ALL_DOCUMENTS) <= set(DOCUMENTS)


@pytest.mark.parametrize("profile_name", ["generic-80", "generic-58"])
@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_document_prints_every_field_in_chinese_within_the_paper_width(name, profile_name):
    profile, data, page = _decoded(name, profile_name)
    assert data.startswith(b"\x1b\x40\x1c\x26"), "reset, then Chinese mode"
    assert data.endswith(b"\x1d\x56\x01"), "ends with a cut"
    flat = _flat(page)
    for key, value in sample_data(name).items():
        values = value if isinstance(value, list) else [value]
        for text in values:
            if key != QR_FIELD.get(name, "progress_url"):
                assert text.replace("¥", "￥").replace(" ", "") in flat.replace(" ", ""), key
    for item in page.items:
        if isinstance(item, Line):
            used = sum(text_columns(r.text) * r.width for r in item.runs)
            assert used <= profile.columns, item.text


@pytest.mark.parametrize("name", ["acceptance_notice", "supplement_notice", "delivery_receipt"])
def test_db11_essentials_are_on_the_notice(name):
    _, _, page = _decoded(name, "generic-80")
    flat = _flat(page)
    assert "事项名称" in flat
    assert any(label in flat for label in ("受理人", "经办人", "受送达人"))
    assert any(label in flat for label in ("受理时间", "日期", "取件时间"))


def test_supplement_notice_lists_missing_materials_with_the_deadline():
    _, _, page = _decoded("supplement_notice", "generic-80")
    lines = [i.text.strip() for i in page.items if isinstance(i, Line)]
    missing = lines.index("需补正材料：")
    assert lines[missing + 1].startswith("1. 与食品经营相适应的")
    assert any(line.startswith("补正期限：2026年12月9日前") for line in lines)


def test_reprint_is_marked():
    _, _, page = _decoded("acceptance_notice", "generic-80", reprint=True)
    assert [i.text for i in page.items[:3] if isinstance(i, Line)][2] == "（补打）"


@pytest.mark.parametrize(
    ("name", "profile_name", "kind"),
    [
        ("acceptance_notice", "generic-80", QrImage),
        ("queue_ticket", "generic-58", QrImage),
        ("acceptance_notice", "basic-80-raster", RasterImage),
        ("appointment_slip", "basic-58-raster", RasterImage),
    ],
)
def test_qr_in_the_rendered_picture_scans_to_the_payload(name, profile_name, kind, tmp_path):
    profile, _, page = _decoded(name, profile_name)
    assert any(isinstance(i, kind) for i in page.items)
    picture = render_page(page, profile.dots, Path(tmp_path))
    payloads = [r.text for r in zxingcpp.read_barcodes(picture)]
    data = sample_data(name)
    assert payloads == [data[QR_FIELD.get(name, "progress_url")]]


def test_wrap_keeps_closing_punctuation_and_numbers_together():
    assert wrap("受理人：综合窗口李四（工号0217）", 24) == ["受理人：综合窗口李四（工", "号0217）"]
    assert wrap("咨询电话：010-12345678", 16) == ["咨询电话：", "010-12345678"]


def test_unknown_document_or_missing_field_is_refused():
    with pytest.raises(ValueError, match="unknown document"):
        build_receipt("nope", {}, 48)
    with pytest.raises(ValueError, match="missing data fields: .*item_name"):
        build_receipt("acceptance_notice", {"applicant": "x"}, 48)
