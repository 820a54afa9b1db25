"""Receipt elements → exact ESC/POS bytes, and the decoder reading them back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peripherals.printer.codec import encode_receipt, encode_text
from peripherals.printer.decode import decode, redact
from peripherals.printer.interface import Align, Cut, QrCode, Receipt, TextLine
from peripherals.printer.profile import load_profile

P80 = load_profile("generic-80")
RASTER = load_profile("basic-58-raster")


def test_document_starts_by_resetting_and_entering_chinese_mode():
    segments = encode_receipt(Receipt("t", (TextLine("社保卡"),)), P80)
    assert segments[0].startswith(b"\x1b\x40\x1c\x26")


def test_mixed_line_is_one_gb18030_run_with_yen_as_fullwidth_yen():
    # python-escpos 3.1 would send ¥ and the full-width colon through a code page
    assert encode_text("社保卡 ABC\n", P80) == bytes.fromhex("c9e7b1a3bfa8204142430a")
    assert encode_text("金额：¥12.00（已缴）", P80) == bytes.fromhex(
        "bdf0b6eea3baa3a431322e3030a3a8d2d1bdc9a3a9"
    )


def test_characters_beyond_the_printers_font_become_a_question_mark():
    assert encode_text("票😀", P80) == "票".encode("gb18030") + b"?"


def test_title_is_bold_double_size_centred_and_reset_after():
    title = encode_receipt(Receipt("t", (TextLine("受理通知书", True, 2, Align.CENTER),)), P80)[0]
    assert title == (
        b"\x1b\x40\x1c\x26"
        b"\x1b\x61\x01"
        b"\x1b\x45\x01"
        b"\x1d\x21\x11" + "受理通知书\n".encode("gb18030") + b"\x1d\x21\x00"
    )


def test_native_qr_uses_gs_paren_k_model_2():
    qr = encode_receipt(Receipt("t", (QrCode("https://a.cn/q"),)), P80)[0]
    assert qr.startswith(
        b"\x1b\x40\x1c\x26\x1b\x61\x01\x1d\x28\x6b\x04\x00\x31\x41\x32\x00\x1d\x28\x6b\x03\x00\x31\x43\x06"
    )
    assert b"\x1d\x28\x6b\x11\x00\x31\x50\x30https://a.cn/q" in qr
    assert b"\x1d\x28\x6b\x03\x00\x31\x51\x30" in qr


def test_profile_without_qr_firmware_gets_a_raster_image():
    qr = encode_receipt(Receipt("t", (QrCode("https://a.cn/q"),)), RASTER)[0]
    assert b"\x1d\x28\x6b" not in qr
    assert b"\x1d\x76\x30\x00" in qr


def test_cut_is_a_partial_cut_after_feeding():
    segments = encode_receipt(Receipt("t", (TextLine("x"), Cut())), P80)
    assert segments[1] == b"\x1b\x64\x06\x1d\x56\x01"


def test_decoder_reads_back_text_styles_and_qr():
    data = b"".join(
        encode_receipt(
            Receipt(
                "t",
                (
                    TextLine("受理通知书", True, 2, Align.CENTER),
                    TextLine("金额：¥12.00"),
                    QrCode("https://a.cn/q"),
                    Cut(),
                ),
            ),
            P80,
        )
    )
    [page] = decode(data)
    title = page.items[0]
    assert (title.text, title.align, title.runs[0].bold, title.runs[0].width) == (
        "受理通知书",
        "center",
        True,
        2,
    )
    assert page.text().splitlines()[:3] == ["受理通知书", "金额：￥12.00", "[QR https://a.cn/q]"]


GB2312_HANZI = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5).filter(
    lambda c: len(c.encode("gb18030")) == 2 and _in_gbk(c)
)


def _in_gbk(char: str) -> bool:
    try:
        char.encode("gbk")
        return True
    except UnicodeEncodeError:
        return False


@given(
    st.text(st.one_of(GB2312_HANZI, st.sampled_from("，。：（）《》ABCxyz0123 ¥-")), max_size=40)
)
def test_any_chinese_latin_mix_round_trips(text):
    [page] = decode(b"".join(encode_receipt(Receipt("t", (TextLine(text),)), P80)))
    assert page.items[0].text == text.replace("¥", "￥")


def test_raw_log_masks_printed_text_and_qr_data():
    data = b"".join(
        encode_receipt(
            Receipt("t", (TextLine("张三 110101199003071234"), QrCode("https://a.cn/q?id=9"))), P80
        )
    )
    masked = redact("TX", data)
    assert "<text" in masked and "<qr data" in masked
    assert "张三".encode("gb18030").hex(" ") not in masked
    assert b"110101".hex(" ") not in masked
    assert b"https".hex(" ") not in masked


PREFIXES = [b"\x1d(k", b"\x1dv0", b"\x1b*", b"\x1dV", b"\x10\x04", b"\x1c&", b"\x1d!", b"\x1ba"]
ESCPOS_LIKE = st.lists(st.one_of(st.binary(max_size=6), st.sampled_from(PREFIXES))).map(b"".join)


@given(ESCPOS_LIKE, st.integers(min_value=1, max_value=50))
def test_decoder_survives_any_bytes_in_any_chunking(data, chunk):
    from peripherals.printer.decode import PaperModel, Tokenizer

    whole, pieces = PaperModel(), PaperModel()
    for token in Tokenizer().feed(data):
        whole.apply(token)
    tokenizer = Tokenizer()
    for start in range(0, len(data), chunk):
        for token in tokenizer.feed(data[start : start + chunk]):
            pieces.apply(token)
    assert [p.text() for p in pieces.pages] == [p.text() for p in whole.pages]


@pytest.mark.parametrize(
    "frame",
    [b"\x1d(k\x02\x001C", b"\x1d(k\x02\x001E", b"\x1d(k\x00\x00", b"\x1dv0\x00\x00\x00\x05\x00"],
)
def test_truncated_qr_and_image_commands_print_nothing_harmful(frame):
    pages = decode(
        frame + "后续文字\n".encode("gb18030") + b"\x1c\x26" + "后续文字\n".encode("gb18030")
    )
    assert pages[-1].text().endswith("后续文字")
