"""What the applicant reads on screen and paper about time limits, fees and materials."""

from __future__ import annotations

from datetime import datetime

from kiosk.guides.model import Guide
from kiosk.guides.text import detail_sections, printed_guide_data, time_limit
from kiosk.receipts import build_receipt
from tests.kiosk.guides.demo import demo_items


def _guide(name: str) -> Guide:
    return Guide.model_validate(next(i for i in demo_items() if i["name"] == name))


def test_time_limits_say_on_the_spot_or_promised_and_legal_days():
    assert time_limit(_guide("临时居民身份证申领"), "zh_CN") == "承诺1个工作日（法定3个工作日）"
    assert time_limit(_guide("内地居民结婚登记"), "zh_CN").startswith("材料齐全当场办结")
    assert time_limit(_guide("内地居民结婚登记"), "en").startswith("Done on the spot")


def test_printed_guide_holds_what_db43_requires():
    guide = _guide("居民身份证补领")
    data = printed_guide_data(
        guide, "示范区政务服务中心", 7, "2026-11-25T00:00:00Z", datetime(2026, 11, 25, 9, 20)
    )
    assert data["item_name"] == "居民身份证补领"
    assert "居民身份证（原件，1份）" in data["materials"]
    assert data["time_limit"] == "承诺20个工作日（法定60个工作日）"
    assert "20元" in data["fee"] and "价费字" in data["fee"]
    assert data["delivery"] and data["hours"].startswith("周一至周五")
    assert "010-" in data["consultation"] and "12345" in data["consultation"]
    assert data["catalogue_version"] == "目录版本7（2026-11-25发布）"
    assert data["printed_at"] == "2026-11-25 09:20"


def test_printed_guide_data_fits_the_receipt_layout():
    data = printed_guide_data(
        _guide("居住证申领"), "示范区政务服务中心", 1, "2026-11-25", datetime(2026, 11, 25, 9, 20)
    )
    receipt = build_receipt("printed_guide", data, columns=48)
    text = "\n".join(getattr(e, "text", "") for e in receipt.elements)
    assert "居住证申领" in text and "居民身份证" in text


def test_detail_shows_every_section_with_samples_and_error_examples():
    shown = dict(detail_sections(_guide("居住证申领"), "zh_CN"))
    assert list(shown)[:3] == ["受理条件", "业务情形", "申请材料"]
    assert {
        "办理流程",
        "收费",
        "办理时限",
        "办理地点和时间",
        "咨询和监督",
        "设定依据",
        "常见问题",
    } <= set(shown)
    materials = shown["申请材料"]
    assert "示范：在有效期内的居民身份证原件" in materials
    assert "常见错误：身份证已过有效期，或只带复印件" in materials
    english = dict(detail_sections(_guide("居住证申领"), "en"))
    assert "Materials to bring" in english
