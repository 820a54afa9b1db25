"""Resident ID numbers (GB 11643-1999): check digit, birth date, region code form; masking.

Used for every identity source (ID card, social-security card, platform answers), so a number
that fails here never reaches the session or the platform.
"""

from __future__ import annotations

import re
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# First two digits of GB/T 2260 administrative codes (provinces, Hong Kong 81, Macao 82,
# Taiwan 71 and 83 on residence permits).
_PROVINCE_CODES = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83"
)
PROVINCES = frozenset(_PROVINCE_CODES.split())
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")


def check_digit(first17: str) -> str:
    """The GB 11643 check character of 17 digits (ISO 7064 MOD 11-2)."""
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def problem(id_number: str, today: date | None = None) -> str | None:
    """Why ``id_number`` is not a valid resident ID number, or None if it is.

    Codes: ``shape`` (not 17 digits + digit/X), ``region`` (unknown province code),
    ``birth_date`` (not a real date, before 1900 or in the future), ``check_digit``.
    """
    if not _SHAPE.fullmatch(id_number):
        return "shape"
    if id_number[:2] not in PROVINCES or id_number[2:6] == "0000":
        return "region"
    if birth_date(id_number, today) is None:
        return "birth_date"
    if check_digit(id_number[:17]) != id_number[17]:
        return "check_digit"
    return None


def is_valid(id_number: str, today: date | None = None) -> bool:
    return problem(id_number, today) is None


def normalise(text: str) -> str:
    """Trim spaces and upper-case a trailing x, the only liberties taken with input."""
    return text.strip().upper()


def birth_date(id_number: str, today: date | None = None) -> date | None:
    """The birth date encoded in digits 7–14, or None if it is not a plausible one."""
    try:
        born = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None
    if born.year < 1900 or born > (today or date.today()):
        return None
    return born


def mask_id_number(id_number: str) -> str:
    """What a screen or receipt may show: ``1101**********1234``."""
    if len(id_number) < 8:
        return "*" * len(id_number)
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]


def mask_name(name: str) -> str:
    """A name shown only partly: 张*, 李*明, 欧**娜; Latin names keep the first letter."""
    name = name.strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    if name.isascii():
        return name[0] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]
