"""Social-security card APDUs (golden bytes from the reference) and record round trips."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peripherals.errors import ProtocolError
from peripherals.pcsc import sscard
from peripherals.pcsc.simulator import DEMO_HOLDERS, VirtualSsCard


@pytest.mark.parametrize(
    ("name", "golden"),
    [
        ("select_ssse", "00 a4 04 00 0f 73 78 31 2e 73 68 2e c9 e7 bb e1 b1 a3 d5 cf"),
        ("card_number", "00 b2 07 2c 0b"),
        ("select_ef06", "00 a4 02 00 02 ef 06"),
        ("ss_number", "00 b2 08 00 14"),
        ("name", "00 b2 09 00 20"),
        ("sex", "00 b2 0a 00 03"),
        ("nation", "00 b2 0b 00 03"),
        ("birthplace", "00 b2 0c 00 05"),
        ("birth_date", "00 b2 0d 00 06"),
    ],
)
def test_apdus_match_the_reference(name, golden):
    assert dict(sscard.READ_PLAN)[name].hex(" ") == golden


gbk_names = st.text(alphabet="张王李赵欧阳娜伟芳明小红", min_size=1, max_size=15)


@given(
    st.builds(
        sscard.SsCardFields,
        card_number=st.text(alphabet="ABCDEFGHJK0123456789", min_size=9, max_size=9),
        ss_number=st.text(alphabet="0123456789", min_size=17, max_size=17).map(lambda s: s + "X"),
        name=gbk_names,
        sex=st.sampled_from("129"),
        nation=st.integers(1, 56).map(lambda n: f"{n:02d}"),
        birthplace=st.text(alphabet="0123456789", min_size=6, max_size=6),
        birth_date=st.dates(date(1900, 1, 1), date(2099, 12, 31)).map(
            lambda d: d.strftime("%Y%m%d")
        ),
    )
)
def test_records_round_trip(fields):
    assert sscard.decode_fields(sscard.encode_records(fields)) == fields


def test_the_virtual_card_answers_the_read_plan_in_order():
    card = VirtualSsCard(DEMO_HOLDERS[0])
    answers = {name: card.answer(apdu) for name, apdu in sscard.READ_PLAN}
    assert all(a[-2:] == b"\x90\x00" for a in answers.values())
    records = {name: a[:-2] for name, a in answers.items()}
    assert sscard.decode_fields(records) == DEMO_HOLDERS[0]


def test_a_wrong_record_is_a_protocol_error():
    records = sscard.encode_records(DEMO_HOLDERS[0])
    records["name"] = b"\x08\x02ab"  # another record's tag
    with pytest.raises(ProtocolError):
        sscard.decode_fields(records)


def test_responses_are_masked_in_the_raw_log():
    assert sscard.redact("RX", b"\x09\x02\xc0\xee\x90\x00") == "<4B> 90 00"
    assert sscard.redact("TX", sscard.SELECT_EF06) == "00 a4 02 00 02 ef 06"
