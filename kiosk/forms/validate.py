"""Field checks: the same rules on the kiosk (as the citizen types) and on the platform.

Each check returns a problem code (message key ``forms.problem.<code>``) or None. The GB 11643
ID number check comes from :mod:`kiosk.identity.id_number`; the GB 32100 unified social credit
code check digit is here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from kiosk.forms.model import FieldType, FormField, FormSpec
from kiosk.identity import id_number

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_SHAPE = re.compile(rf"[1-9A-HJ-NPQRTUWXY][1-9A-HJ-NPQRTUWXY][0-9]{{6}}[{USCC_CHARS}]{{10}}")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff·]+")  # CJK ideographs and the name dot
_LATIN = re.compile(r"[A-Za-z][A-Za-z .,'&()-]*")


def uscc_check_digit(first17: str) -> str:
    """The GB 32100-2015 check character of the first 17 characters."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    if not _USCC_SHAPE.fullmatch(code):
        return "uscc_shape"
    if uscc_check_digit(code[:17]) != code[17]:
        return "check_digit"
    return None


def phone_problem(text: str) -> str | None:
    return None if _MOBILE.fullmatch(text) or _LANDLINE.fullmatch(text) else "phone"


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


@cache
def regions() -> dict[str, dict[str, list[str]]]:
    """Province → city → districts offered by the address picker."""
    text = resources.files("kiosk.forms").joinpath("data/regions.toml").read_text("utf-8")
    return tomllib.loads(text)


def address_problem(parts: list[str], max_length: int) -> str | None:
    if len(parts) != 4 or not all(isinstance(p, str) for p in parts):
        return "address_incomplete"
    province, city, district, street = (p.strip() for p in parts)
    if district not in regions().get(province, {}).get(city, []):
        return "address_region"
    if not street:
        return "address_incomplete"
    return "too_long" if len(street) > max_length else None


def field_problem(spec_field: FormField, value: Any) -> str | None:
    """What is wrong with ``value`` for this field, or None. Empty optional fields are fine."""
    kind = spec_field.type
    if value in (None, "", [], False):
        return "required" if spec_field.required else None
    if kind is FieldType.CHECKBOX:
        return None if value is True else "type"
    if kind is FieldType.ADDRESS:
        return address_problem(value, spec_field.max_length) if isinstance(value, list) else "type"
    if not isinstance(value, str):
        return "type"
    if len(value) > spec_field.max_length:
        return "too_long"
    if spec_field.pattern and not re.fullmatch(spec_field.pattern, value):
        return "pattern"
    match kind:
        case FieldType.TEXT_ZH:
            return None if _HAN.fullmatch(value) else "text_zh"
        case FieldType.TEXT_EN:
            return None if _LATIN.fullmatch(value) else "text_en"
        case FieldType.ID_NUMBER:
            problem = id_number.problem(value)
            return None if problem is None else f"id_{problem}"
        case FieldType.USCC:
            return uscc_problem(value)
        case FieldType.PHONE:
            return phone_problem(value)
        case FieldType.DATE:
            return None if parse_date(value) else "date"
        case FieldType.CHOICE:
            return None if value in {o.value for o in spec_field.options} else "choice"
    return None  # signature: an uploaded material id, checked by the platform's store


@dataclass(frozen=True)
class Problem:
    """One thing to fix before submitting: a field (or material) and what is wrong."""

    code: str
    field: str = ""
    detail: str = ""


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def form_problems(spec: FormSpec, situation: str, values: dict[str, Any],
                  today: date | None = None) -> list[Problem]:
    """Every problem of the form's answers at once: fields, unknown fields and the age rule."""
    today = today or date.today()
    problems = []
    shown = {f.name: f for f in spec.shown(situation)}
    for name in values:
        if name not in shown:
            problems.append(Problem("unknown_field", name))
    for name, spec_field in shown.items():
        if code := field_problem(spec_field, values.get(name)):
            problems.append(Problem(code, name))
    rule = spec.age
    if rule and rule.field in shown and field_problem(shown[rule.field], values.get(rule.field)) \
            is None and values.get(rule.field):
        born = id_number.birth_date(values[rule.field], today)
        age = age_on(born, today) if born else None
        if age is not None and not rule.min <= age <= rule.max:
            low = "age_too_low" if age < rule.min else "age_too_high"
            problems.append(Problem(low, rule.field, str(rule.min if age < rule.min else rule.max)))
    return problems
