"""SAM codec: the golden frames of the reference, round trips, text layout, redaction."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peripherals.errors import BadChecksum, ProtocolError
from peripherals.idcard import codec

PRE = "aa aa aa 96 69 "


@pytest.mark.parametrize(
    ("command", "golden"),
    [
        (codec.SAM_STATUS, "00 03 11 ff ed"),
        (codec.SAM_RESET, "00 03 10 ff ec"),
        (codec.FIND_CARD, "00 03 20 01 22"),
        (codec.SELECT_CARD, "00 03 20 02 21"),
        (codec.READ_TEXT, "00 03 30 01 32"),
    ],
)
def test_commands_match_the_reference_frames(command, golden):
    assert codec.encode_command(command).hex(" ") == PRE + golden


@pytest.mark.parametrize(
    ("sw3", "data", "golden"),
    [
        (codec.SW_OK, b"", "00 04 00 00 90 94"),
        (codec.SW_CARD_FOUND, bytes(4), "00 08 00 00 9f 00 00 00 00 97"),
        (codec.SW_NO_CARD, b"", "00 04 00 00 80 84"),
        (codec.SW_SELECT_FAILED, b"", "00 04 00 00 81 85"),
        (codec.SW_READ_FAILED, b"", "00 04 00 00 41 45"),
        (codec.SW_OK, bytes(8), "00 0c 00 00 90 00 00 00 00 00 00 00 00 9c"),
    ],
)
def test_replies_match_the_reference_frames(sw3, data, golden):
    frame = codec.encode_reply(sw3, data)
    assert frame.hex(" ") == PRE + golden
    assert codec.decode_reply(frame) == codec.Reply(sw3, data)


def test_a_full_read_reply_is_1295_bytes_with_len_0508():
    data = codec.join_read_data(bytes(256), bytes(1024))
    frame = codec.encode_reply(codec.SW_OK, data)
    assert len(frame) == 1295
    assert frame[5:12].hex(" ") == "05 08 00 00 90 01 00"
    text, photo = codec.split_read_data(codec.decode_reply(frame).data)
    assert (len(text), len(photo)) == (256, 1024)


@given(st.binary(max_size=2000), st.integers(0, 255))
def test_any_reply_round_trips(data, sw3):
    assert codec.decode_reply(codec.encode_reply(sw3, data)) == codec.Reply(sw3, data)


@given(st.binary(min_size=1, max_size=300), st.data())
def test_any_single_flipped_byte_after_the_header_is_caught(data, draw):
    frame = bytearray(codec.encode_reply(codec.SW_OK, data))
    index = draw.draw(st.integers(7, len(frame) - 1))
    frame[index] ^= draw.draw(st.integers(1, 255))
    with pytest.raises(BadChecksum):
        codec.decode_reply(bytes(frame))


@pytest.mark.parametrize(
    "frame",
    [
        bytes.fromhex("aaaaaa9669ffff00"),  # implausible length
        bytes.fromhex("0102030405000300"),  # no preamble
        codec.encode_reply(codec.SW_OK)[:-2],  # shorter than LEN says
    ],
)
def test_malformed_frames_are_protocol_errors(frame):
    with pytest.raises(ProtocolError):
        codec.decode_reply(frame)


BMP = st.characters(min_codepoint=0x21, max_codepoint=0xFFFF, exclude_categories=("Cs",))


@given(
    st.fixed_dictionaries(
        {name: st.text(BMP, max_size=size // 2) for name, size in codec.TEXT_LAYOUT[:-1]}
    )
)
def test_text_fields_round_trip_through_the_256_byte_block(fields):
    block = codec.encode_text(fields)
    assert len(block) == codec.TEXT_SIZE
    assert codec.decode_text(block) == fields


def test_text_is_ucs2_little_endian_at_the_documented_offsets():
    block = codec.encode_text({"name": "张伟", "sex": "1", "nation": "01", "id_number": "X"})
    assert block[:4] == "张伟".encode("utf-16-le")
    assert block[30:32] == b"1\x00"
    assert block[32:36] == b"0\x001\x00"
    assert block[122:124] == b"X\x00"  # 30 + 2 + 4 + 16 + 70
    assert codec.nation_name("01") == "汉" and codec.nation_name("56") == "基诺"
    assert codec.sex_name("2") == "女"


def test_redaction_keeps_status_words_and_drops_personal_bytes():
    text = codec.encode_text({"name": "张伟", "id_number": "11010519491231002X"})
    frame = codec.encode_reply(codec.SW_OK, codec.join_read_data(text, bytes(1024)))
    whole = codec.redact("RX", frame)
    assert whole.startswith(PRE + "05 08 00 00 90") and "<personal 1284B>" in whole
    body = codec.redact("RX", frame[7:])  # how the driver reads it: header, then body
    assert body.startswith("00 00 90") and text.hex(" ")[:20] not in body
    assert codec.redact("RX", frame[:7]) == frame[:7].hex(" ")
    assert codec.redact("TX", codec.encode_command(codec.READ_TEXT)).endswith("30 01 32")
