"""Field validators: known-good and known-bad values, check digits, and properties."""

from __future__ import annotations

import string
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.forms.model import FieldType, FormField, bundled_forms
from kiosk.forms.validate import (
    USCC_CHARS,
    field_problem,
    form_problems,
    uscc_check_digit,
    uscc_problem,
)
from kiosk.identity.id_number import check_digit

TODAY = date(2026, 11, 25)


def kind(type_: FieldType, **extra) -> FormField:
    return FormField(name="f", type=type_, zh="字段", en="Field", **extra)


@pytest.mark.parametrize("code", [
    "914403001922038216",  # published on business licences of well-known companies
    "9144030071526726XG",
    "91330100799655058B",
    "91350100M000100Y43",
])
def test_published_credit_codes_pass(code):
    assert uscc_problem(code) is None


@pytest.mark.parametrize(("code", "why"), [
    ("91350100M000100Y44", "check_digit"),  # last character changed
    ("91350100M000100Y4", "uscc_shape"),  # 17 characters
    ("91350100M000100I43", "uscc_shape"),  # I is not used
    ("9135010OM000100Y43", "uscc_shape"),  # letter O among the region digits
])
def test_wrong_credit_codes_are_named(code, why):
    assert uscc_problem(code) == why


uscc_body = st.text(alphabet="123456789ABCDEFGHJKLMNPQRTUWXY", min_size=2, max_size=2).flatmap(
    lambda head: st.tuples(st.just(head), st.text(string.digits, min_size=6, max_size=6),
                           st.text(USCC_CHARS, min_size=9, max_size=9))).map("".join)


@given(uscc_body)
def test_any_credit_code_with_its_check_digit_passes_and_every_other_digit_fails(body):
    right = uscc_check_digit(body)
    assert uscc_problem(body + right) is None
    assert all(uscc_problem(body + c) == "check_digit" for c in USCC_CHARS if c != right)


@given(uscc_body, st.integers(0, 16), st.sampled_from(USCC_CHARS))
def test_changing_one_character_of_a_credit_code_is_caught(body, at, new):
    code = body + uscc_check_digit(body)
    changed = code[:at] + new + code[at + 1:]
    if changed != code:
        assert uscc_problem(changed) is not None


ids = st.tuples(st.sampled_from(["11", "31", "44", "65"]), st.text(string.digits, min_size=4,
                max_size=4).filter(lambda s: s != "0000"),
                st.dates(date(1900, 1, 1), TODAY), st.text(string.digits, min_size=3, max_size=3)
                ).map(lambda t: t[0] + t[1] + t[2].strftime("%Y%m%d") + t[3])


@given(ids)
def test_id_numbers_need_their_gb11643_check_digit(first17):
    field = kind(FieldType.ID_NUMBER)
    assert field_problem(field, first17 + check_digit(first17)) is None
    wrong = next(c for c in "0123456789X" if c != check_digit(first17))
    assert field_problem(field, first17 + wrong) == "id_check_digit"


@pytest.mark.parametrize(("type_", "good", "bad"), [
    (FieldType.PHONE, "13800138000", "12800138000"),
    (FieldType.PHONE, "010-12345678", "010-1234"),
    (FieldType.DATE, "2026-02-28", "2026-02-30"),
    (FieldType.TEXT_ZH, "欧阳娜娜", "Zhang San"),
    (FieldType.TEXT_ZH, "阿卜杜·热合曼", "张3"),
    (FieldType.TEXT_EN, "Zhang San Store", "张三商店"),
    (FieldType.ID_NUMBER, "11010519491231002X", "110105194912310021"),
])
def test_typed_fields_accept_good_values_and_refuse_bad_ones(type_, good, bad):
    assert field_problem(kind(type_), good) is None
    assert field_problem(kind(type_), bad) is not None


def test_addresses_come_from_the_region_list_and_need_a_street():
    field = kind(FieldType.ADDRESS)
    assert field_problem(field, ["北京市", "北京市", "朝阳区", "建国路1号"]) is None
    assert field_problem(field, ["北京市", "北京市", "浦东新区", "建国路1号"]) == "address_region"
    assert field_problem(field, ["北京市", "北京市", "朝阳区", " "]) == "address_incomplete"


def test_required_and_optional_fields():
    assert field_problem(kind(FieldType.TEXT_ZH), "") == "required"
    assert field_problem(kind(FieldType.TEXT_ZH, required=False), "") is None
    assert field_problem(kind(FieldType.CHECKBOX), False) == "required"


def test_every_sample_value_of_the_bundled_forms_passes_its_own_check():
    for spec in bundled_forms().values():
        for field in spec.fields:
            if field.sample:
                value = field.sample.split(" ") if field.type is FieldType.ADDRESS else field.sample
                assert field_problem(field, value) is None, (spec.item_code, field.name)


def test_situation_fields_are_asked_and_checked_only_in_their_situation():
    spec = bundled_forms()["11019900408003"]
    own = {f.name for f in spec.shown("本人办理")}
    agent = {f.name for f in spec.shown("委托他人办理")}
    assert agent - own == {"agent_name", "agent_id_number"}
    base = {"name": "张三", "id_number": "11010519491231002X", "phone": "13800138000",
            "reason": "lost", "mailing_address": ["北京市", "北京市", "朝阳区", "建国路1号"],
            "declaration": True, "signature": "sig-0001"}
    assert form_problems(spec, "本人办理", base, TODAY) == []
    missing = {p.field for p in form_problems(spec, "委托他人办理", base, TODAY)}
    assert missing == {"agent_name", "agent_id_number"}
    stray = form_problems(spec, "本人办理", {**base, "agent_name": "李四"}, TODAY)
    assert [(p.code, p.field) for p in stray] == [("unknown_field", "agent_name")]


def test_age_from_the_id_number_is_checked_against_the_guide():
    spec = bundled_forms()["11019900601008"]  # 高龄津贴: 80 and over
    base = {"name": "张三", "phone": "13800138000", "payee": "bank", "declaration": True,
            "address": ["北京市", "北京市", "朝阳区", "建国路1号"]}
    young = "110105" + "19700101" + "001"
    old = "110105" + "19451125" + "002"
    too_young = form_problems(spec, "本人到场办理", {**base, "id_number": young + check_digit(young)},
                              TODAY)
    assert [(p.code, p.detail) for p in too_young] == [("age_too_low", "80")]
    assert form_problems(spec, "本人到场办理", {**base, "id_number": old + check_digit(old)},
                         TODAY) == []
