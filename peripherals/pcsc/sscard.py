"""Social-security card (社保卡) basic fields: APDUs of the SSSE application and their records.

Pure functions, no I/O: the driver sends :data:`READ_PLAN` through a reader; the virtual card
answers the same commands. Records are TLV: tag (the record number), length, value. The name is
GBK padded with NULs or spaces; sex is an ASCII digit (GB 2261), nation one binary byte (GB
3304), birthplace three BCD bytes (region code), birth date four BCD bytes (YYYYMMDD).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peripherals.errors import ProtocolError

AID = "sx1.sh.社会保障".encode("gbk")
SELECT_SSSE = bytes.fromhex("00A40400") + bytes((len(AID),)) + AID
SELECT_EF06 = bytes.fromhex("00A4020002EF06")
READ_CARD_NUMBER = bytes.fromhex("00B2072C0B")  # record 7 of EF05 (SFI 5 → P2 0x2C)
RECORDS = {  # EF06 record number → (field, Le)
    0x08: ("ss_number", 0x14),
    0x09: ("name", 0x20),
    0x0A: ("sex", 0x03),
    0x0B: ("nation", 0x03),
    0x0C: ("birthplace", 0x05),
    0x0D: ("birth_date", 0x06),
}
SW_OK = 0x9000


def read_record(record: int, le: int) -> bytes:
    return bytes((0x00, 0xB2, record, 0x00, le))


READ_PLAN: tuple[tuple[str, bytes], ...] = (
    ("select_ssse", SELECT_SSSE),
    ("card_number", READ_CARD_NUMBER),
    ("select_ef06", SELECT_EF06),
    *((name, read_record(record, le)) for record, (name, le) in RECORDS.items()),
)


@dataclass(frozen=True)
class SsCardFields:
    card_number: str = field(repr=False)
    ss_number: str = field(repr=False)  # the holder's resident ID number
    name: str = field(repr=False)
    sex: str = field(repr=False)
    nation: str = field(repr=False)
    birthplace: str = field(repr=False)
    birth_date: str = field(repr=False)


def select_ok(sw: int) -> bool:
    """SELECT succeeded: 9000, or 61xx (response bytes waiting)."""
    return sw == SW_OK or sw >> 8 == 0x61


def tlv_value(data: bytes, tag: int) -> bytes:
    if len(data) < 2 or data[0] != tag or data[1] > len(data) - 2:
        raise ProtocolError(f"record {tag:02x}: unexpected TLV {data[:4].hex(' ')}")
    return data[2 : 2 + data[1]]


def bcd(value: bytes) -> str:
    text = value.hex().upper()
    if not text.isdigit():
        raise ProtocolError(f"not BCD: {text}")
    return text


def decode_fields(records: dict[str, bytes]) -> SsCardFields:
    """Fields from the raw record answers (TLV included), keyed as in :data:`READ_PLAN`."""
    tags = {name: record for record, (name, _) in RECORDS.items()}
    tags["card_number"] = 0x07
    value = {name: tlv_value(records[name], tag) for name, tag in tags.items()}
    try:
        text = {k: value[k].decode("ascii") for k in ("card_number", "ss_number", "sex")}
        name = value["name"].decode("gbk")
    except UnicodeDecodeError:
        raise ProtocolError("card text is not ASCII/GBK") from None
    nation = value["nation"]
    return SsCardFields(
        card_number=text["card_number"].strip(),
        ss_number=text["ss_number"].strip(),
        name=name.strip(" \x00"),
        sex=text["sex"].strip(),
        nation=f"{nation[0]:02d}" if nation else "",
        birthplace=bcd(value["birthplace"]),
        birth_date=bcd(value["birth_date"]),
    )


def encode_records(fields: SsCardFields) -> dict[str, bytes]:
    """The record answers a card holding ``fields`` gives (virtual card; round-trip tests)."""

    def tlv(tag: int, value: bytes) -> bytes:
        return bytes((tag, len(value))) + value

    name = fields.name.encode("gbk")
    return {
        "card_number": tlv(0x07, fields.card_number.encode("ascii").ljust(9)[:9]),
        "ss_number": tlv(0x08, fields.ss_number.encode("ascii").ljust(18)[:18]),
        "name": tlv(0x09, name.ljust(30, b"\x00")[:30]),
        "sex": tlv(0x0A, fields.sex.encode("ascii")[:1]),
        "nation": tlv(0x0B, bytes((int(fields.nation or 0),))),
        "birthplace": tlv(0x0C, bytes.fromhex(fields.birthplace)),
        "birth_date": tlv(0x0D, bytes.fromhex(fields.birth_date)),
    }


def redact(direction: str, apdu: bytes) -> str:
    """Raw-log text of an APDU: commands in full, responses as length and status word only."""
    if direction == "TX" or len(apdu) < 2:
        return apdu.hex(" ")
    return f"<{len(apdu) - 2}B> {apdu[-2:].hex(' ')}"
