"""SAM protocol of resident ID card readers (GA 467 family): frames, text fields, redaction.

Frame: preamble ``AA AA AA 96 69``, 2-byte big-endian LEN (body + checksum), body, checksum =
XOR of every byte after the preamble. Commands carry ``CMD PARA``; replies ``SW1 SW2 SW3 data``.
Pure functions, no I/O: the driver and the simulator share them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import xor

from peripherals.errors import BadChecksum, ProtocolError

PREAMBLE = bytes.fromhex("AAAAAA9669")
TEXT_SIZE = 256
PHOTO_SIZE = 1024
MAX_LEN = 4096  # fingerprint variants answer 2321 bytes; anything far beyond is noise

SAM_STATUS = (0x11, 0xFF)
SAM_RESET = (0x10, 0xFF)
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_TEXT = (0x30, 0x01)
COMMANDS = {
    SAM_STATUS: "sam_status",
    SAM_RESET: "sam_reset",
    FIND_CARD: "find_card",
    SELECT_CARD: "select_card",
    READ_TEXT: "read_text",
}

SW_OK = 0x90
SW_CARD_FOUND = 0x9F
SW_NO_CARD = 0x80
SW_SELECT_FAILED = 0x81
SW_READ_FAILED = 0x41
SW_SAM_FAULT = 0x60

# (field, bytes) in card order; UCS-2 LE, padded with spaces.
TEXT_LAYOUT = (
    ("name", 30),
    ("sex", 2),
    ("nation", 4),
    ("birth_date", 16),
    ("address", 70),
    ("id_number", 36),
    ("authority", 30),
    ("valid_from", 16),
    ("valid_to", 16),
    ("reserved", 36),
)
SEXES = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}
_NATION_NAMES = (  # GB 3304 codes 01–56, in order
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 "
    "怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
)
NATIONS = tuple(_NATION_NAMES.split())


def checksum(data: bytes) -> int:
    return reduce(xor, data, 0)


def _frame(body: bytes) -> bytes:
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes((checksum(length + body),))


def encode_command(command: tuple[int, int]) -> bytes:
    return _frame(bytes(command))


def encode_reply(sw3: int, data: bytes = b"") -> bytes:
    return _frame(bytes((0x00, 0x00, sw3)) + data)


def frame_length(header: bytes) -> int:
    """Bytes still to read after preamble + LEN (``header``, 7 bytes)."""
    if header[:5] != PREAMBLE:
        raise ProtocolError(f"no SAM preamble: {header.hex(' ')}")
    length = int.from_bytes(header[5:7], "big")
    if not 2 <= length <= MAX_LEN:
        raise ProtocolError(f"implausible frame length {length}")
    return length


def decode_body(frame: bytes) -> bytes:
    """The body of a complete frame, checking preamble, length and checksum."""
    length = frame_length(frame[:7])
    if len(frame) != 7 + length:
        raise ProtocolError(f"frame of {len(frame)} bytes, LEN says {7 + length}")
    if checksum(frame[5:-1]) != frame[-1]:
        raise BadChecksum(f"checksum {frame[-1]:02x}, computed {checksum(frame[5:-1]):02x}")
    return frame[7:-1]


@dataclass(frozen=True)
class Reply:
    sw3: int
    data: bytes


def decode_reply(frame: bytes) -> Reply:
    body = decode_body(frame)
    if len(body) < 3:
        raise ProtocolError(f"reply body of {len(body)} bytes")
    return Reply(body[2], body[3:])


def decode_command(frame: bytes) -> tuple[int, int]:
    body = decode_body(frame)
    if len(body) != 2:
        raise ProtocolError(f"command body of {len(body)} bytes")
    return body[0], body[1]


def split_read_data(data: bytes) -> tuple[bytes, bytes]:
    """Text and photo of a read reply's data: 2-byte lengths (big-endian), then the blocks."""
    if len(data) < 4:
        raise ProtocolError("read reply without block lengths")
    text_len, photo_len = int.from_bytes(data[:2], "big"), int.from_bytes(data[2:4], "big")
    if text_len != TEXT_SIZE or len(data) < 4 + text_len + photo_len:
        raise ProtocolError(f"read reply blocks {text_len}+{photo_len}, {len(data) - 4} bytes")
    return data[4 : 4 + text_len], data[4 + text_len : 4 + text_len + photo_len]


def join_read_data(text: bytes, photo: bytes) -> bytes:
    return len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo


def decode_text(text: bytes) -> dict[str, str]:
    """Raw text fields (codes kept: sex ``1``, nation ``01``), spaces and NULs stripped."""
    if len(text) != TEXT_SIZE:
        raise ProtocolError(f"text block of {len(text)} bytes")
    fields, offset = {}, 0
    for name, size in TEXT_LAYOUT:
        try:
            value = text[offset : offset + size].decode("utf-16-le")
        except UnicodeDecodeError:
            raise ProtocolError(f"text field {name} is not UCS-2") from None
        fields[name] = value.strip(" \x00")
        offset += size
    del fields["reserved"]
    return fields


def encode_text(fields: dict[str, str]) -> bytes:
    """The 256-byte text block for ``fields`` (the simulator's cards; round-trip tests)."""
    out = bytearray()
    for name, size in TEXT_LAYOUT:
        raw = fields.get(name, "").encode("utf-16-le")
        if len(raw) > size:
            raise ValueError(f"{name} longer than {size // 2} characters")
        out += raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)
    return bytes(out)


def sex_name(code: str) -> str:
    return SEXES.get(code, code)


def nation_name(code: str) -> str:
    return NATIONS[int(code) - 1] if code.isdigit() and 1 <= int(code) <= len(NATIONS) else code


def redact(direction: str, frame: bytes) -> str:
    """Hex for the raw log with everything after the status bytes of a reply left out (card
    serial number, text, photo). The driver reads a reply as header then body, so a chunk
    without the preamble is a body: its first three bytes are the status words."""
    if direction != "RX":
        return frame.hex(" ")
    start = 10 if frame[:5] == PREAMBLE else 3
    data = frame[start:-1]
    if not data:
        return frame.hex(" ")
    return f"{frame[:start].hex(' ')} <personal {len(data)}B> {frame[-1:].hex()}"
