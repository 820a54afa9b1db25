"""GB 11643 ID numbers: check digit, birth date, region; masking for screens."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.identity.id_number import (
    PROVINCES,
    check_digit,
    is_valid,
    mask_id_number,
    mask_name,
    problem,
)


@st.composite
def id_numbers(draw) -> str:
    region = draw(st.sampled_from(sorted(PROVINCES))) + f"{draw(st.integers(101, 9999)):04d}"
    born = draw(st.dates(date(1900, 1, 1), date(2025, 12, 31)))
    first17 = region + born.strftime("%Y%m%d") + f"{draw(st.integers(0, 999)):03d}"
    return first17 + check_digit(first17)


@pytest.mark.parametrize(
    "number",
    ["11010519491231002X", "440304198506156724", "310115200011031283"],
)
def test_known_numbers_are_valid(number):
    assert problem(number, date(2026, 1, 1)) is None


def test_the_check_digit_of_the_standards_example():
    assert check_digit("11010519491231002") == "X"


@given(id_numbers())
def test_generated_numbers_are_valid(number):
    assert is_valid(number)


@given(id_numbers(), st.integers(0, 16), st.integers(1, 9))
def test_changing_any_one_digit_is_caught(number, position, delta):
    digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    assert not is_valid(changed)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("1101051949123100", "shape"),
        ("11010519491231002x", "shape"),  # lower case x: callers normalise first
        ("11010519491231002X\n", "shape"),
        ("11010519491231002Y", "shape"),
        ("99010519491231002X", "region"),
        ("110000194912310021", "region"),
        ("110105194902300021", "birth_date"),  # 30 February
        ("110105189912310021", "birth_date"),
        ("110105194912310021", "check_digit"),
    ],
)
def test_each_problem_is_named(number, reason):
    assert problem(number) == reason


def test_a_birth_date_in_the_future_is_refused():
    tomorrow = date.today() + timedelta(days=1)
    first17 = "110105" + tomorrow.strftime("%Y%m%d") + "002"
    assert problem(first17 + check_digit(first17)) == "birth_date"


def test_masks_show_only_what_a_screen_may_show():
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert (mask_name("张伟"), mask_name("李小明"), mask_name("欧阳娜娜")) == (
        "张*",
        "李*明",
        "欧**娜",
    )
    assert mask_name("Li") == "L*" and mask_name("Smith") == "S****"
