"""Receipt → ESC/POS bytes, built on python-escpos's command layer, with our own text encoding.

python-escpos 3.1 sends only ``[\\u4e00-\\u9fa5]`` as GB18030 and everything else (¥, full-width
punctuation, 〇, Latin-1) through code pages, which garbles mixed lines. Here the printer is put
into Chinese mode explicitly (``FS &``) and each line is encoded whole with the profile's
encoding. Characters the printer's font lacks (4-byte GB18030 on most printers) are replaced by
their nearest 2-byte form (¥ → ￥) or ``?``.
"""

from __future__ import annotations

import copy

from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos

from peripherals.printer.interface import Align, Cut, Element, Feed, QrCode, Receipt, TextLine
from peripherals.printer.profile import PrinterProfile

INIT = b"\x1b\x40"  # ESC @
CHINESE_ON = b"\x1c\x26"  # FS &
CHINESE_OFF = b"\x1c\x2e"  # FS .
STATUS_QUERY = b"\x10\x04"  # DLE EOT n

# Characters outside the 2-byte GB area, mapped to a look-alike the printer has.
SUBSTITUTES = {
    "\u00a5": "\uffe5",  # ¥ → ￥ (A3 A4)
    "\u2022": "\u00b7",  # • → ·
    "\u20ac": "EUR",
    "\u00a0": " ",
    "\u2011": "-",
}


def encode_text(text: str, profile: PrinterProfile) -> bytes:
    """``text`` in the printer's encoding; unprintable characters become a look-alike or ``?``."""
    out = bytearray()
    for char in text:
        encoded = _encode_char(char, profile)
        if encoded is None:
            substitute = SUBSTITUTES.get(char)
            parts = [_encode_char(c, profile) for c in substitute] if substitute else [None]
            encoded = b"".join(parts) if all(p is not None for p in parts) else b"?"  # type: ignore[misc]
        out += encoded
    return bytes(out)


def _encode_char(char: str, profile: PrinterProfile) -> bytes | None:
    if char < "\x80":
        return char.encode("ascii")
    try:
        encoded = char.encode(profile.encoding)
    except UnicodeEncodeError:
        return None
    if profile.encoding == "gb18030" and len(encoded) == 4 and not profile.four_byte_gb18030:
        return None
    return encoded


def text_columns(text: str) -> int:
    """Printed width in font-A columns: full-width characters take two."""
    return sum(1 if c < "\x80" else 2 for c in text)


class _CommandBuffer(Escpos):
    """python-escpos command layer writing into memory; text goes through :func:`encode_text`."""

    def __init__(self, profile: PrinterProfile) -> None:
        super().__init__()
        self.printer_profile = profile
        self.chunks: list[bytes] = []
        self.align = Align.LEFT
        self.bold = False
        # python-escpos reads the paper width from its own profile when sending images.
        self.profile.profile_data = copy.deepcopy(self.profile.profile_data)
        self.profile.profile_data["media"]["width"]["pixels"] = profile.dots

    def style(self, align: Align, bold: bool) -> None:
        """Send ESC a / ESC E only when they change (bytes on the wire are time at 115 200 Bd)."""
        if align is not self.align:
            self.set(align=align.value)
            self.align = align
        if bold is not self.bold:
            self.set(bold=bold)
            self.bold = bold

    def _raw(self, msg: bytes) -> None:
        self.chunks.append(bytes(msg))

    def text(self, txt: str) -> None:
        self._raw(encode_text(str(txt), self.printer_profile))

    def take(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


def encode_receipt(receipt: Receipt, profile: PrinterProfile) -> list[bytes]:
    """One byte string per element (the first also resets the printer), ready to send in order."""
    buffer = _CommandBuffer(profile)
    buffer._raw(INIT + (CHINESE_ON if profile.chinese_mode else b""))
    segments: list[bytes] = []
    for element in receipt.elements:
        _encode_element(buffer, element, profile)
        segments.append(buffer.take())
    return segments


def _encode_element(buffer: _CommandBuffer, element: Element, profile: PrinterProfile) -> None:
    match element:
        case TextLine(text=text, bold=bold, size=size, align=align):
            buffer.style(align, bold)
            if size != 1:  # GS ! sizes Chinese characters too (ESC ! only sizes ASCII)
                buffer.set(custom_size=True, width=size, height=size)
            buffer.text(text + "\n")
            if size != 1:
                buffer.set(custom_size=True, width=1, height=1)
        case QrCode(payload=payload):
            buffer.style(Align.CENTER, False)
            native = profile.supports("native_qr")
            buffer.qr(payload, ec=QR_ECLEVEL_M, size=profile.qr_module, native=native)
            if native:
                buffer.text("\n")
        case Feed(lines=lines):
            buffer.ln(lines)
        case Cut():
            if profile.supports("partial_cut") or profile.supports("full_cut"):
                buffer.cut(mode="PART" if profile.supports("partial_cut") else "FULL")
            else:
                buffer.print_and_feed(6)
        case _:
            raise TypeError(f"not a receipt element: {element!r}")


def encode_status_query(n: int) -> bytes:
    if n not in (1, 2, 3, 4):
        raise ValueError(f"DLE EOT n must be 1..4, got {n}")
    return STATUS_QUERY + bytes((n,))
