"""The guide model and the bundled demo catalogue: complete, realistic, refused when broken."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kiosk.guides.model import Guide
from tests.kiosk.guides.demo import demo_items

ELEMENTS_C0109 = (
    "name",
    "item_type",
    "legal_basis",
    "implementing_body",
    "statutory_limit",
    "promised_limit",
    "result",
    "fee",
    "materials",
    "process",
    "handling_forms",
    "review_standard",
    "scope",
    "booking",
    "online_payment",
    "logistics",
    "location",
    "hours",
    "consultation_phone",
    "supervision_phone",
)


def test_demo_catalogue_has_300_items_from_15_departments():
    items = demo_items()
    assert len(items) >= 300
    assert len({i["department"]["id"] for i in items}) >= 15
    assert len({i["code"] for i in items}) == len(items)
    assert len({i["name"] for i in items}) == len(items)


def test_every_demo_item_is_a_complete_guide():
    for item in demo_items():
        guide = Guide.model_validate(item)
        for element in ELEMENTS_C0109:
            assert getattr(guide, element) not in ("", (), None), (guide.code, element)
        assert guide.situations and guide.faq and guide.themes and guide.keywords
        assert all(m.sample_text and m.error_example and m.source for m in guide.materials)
        assert guide.fee.charged == (guide.fee.amount_fen > 0)


def test_the_well_known_items_are_there():
    names = {i["name"] for i in demo_items()}
    for name in (
        "居民身份证补领",
        "社会保障卡挂失",
        "居住证申领",
        "普通护照首次申领",
        "内地居民结婚登记",
        "有限责任公司设立登记",
        "异地就医备案",
        "租房提取住房公积金",
    ):
        assert name in names


@pytest.mark.parametrize("field", ["legal_basis", "materials", "consultation_phone", "fee"])
def test_a_guide_missing_an_element_is_refused(field):
    item = demo_items()[0]
    del item[field]
    with pytest.raises(ValidationError) as caught:
        Guide.model_validate(item)
    assert field in str(caught.value)


def test_unknown_fields_and_negative_fees_are_refused():
    item = demo_items()[0]
    with pytest.raises(ValidationError):
        Guide.model_validate({**item, "surprise": 1})
    with pytest.raises(ValidationError):
        Guide.model_validate({**item, "fee": {**item["fee"], "amount_fen": -1}})
