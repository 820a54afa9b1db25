"""Application forms as data, attached to guide items by item code (``data/forms.toml``).

A form lists its fields (type, required, pattern, options, help, sample value, which situations
(业务情形) show it, which session field prefills it), the materials of the guide that may be
deferred under 容缺受理, and an age condition checked against the applicant's ID number.
The kiosk and the reference platform read the same file, so both validate alike.
"""

from __future__ import annotations

import tomllib
from enum import Enum
from functools import cache
from importlib import resources
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Label = Annotated[str, Field(min_length=1, max_length=200)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldType(str, Enum):
    TEXT_ZH = "text_zh"
    TEXT_EN = "text_en"
    ID_NUMBER = "id_number"
    USCC = "uscc"  # 统一社会信用代码, GB 32100
    PHONE = "phone"
    DATE = "date"
    ADDRESS = "address"  # [province, city, district, street and number]
    CHOICE = "choice"
    CHECKBOX = "checkbox"
    SIGNATURE = "signature"  # the id under which the signature image was uploaded


class Option(_Frozen):
    value: Name
    zh: Label
    en: Label


class FormField(_Frozen):
    name: Name
    type: FieldType
    zh: Label
    en: Label
    required: bool = True
    pattern: str = ""
    max_length: Annotated[int, Field(ge=1, le=4000)] = 60
    options: tuple[Option, ...] = ()
    situations: tuple[str, ...] = ()
    """Shown (and checked) only in these situations; empty: always."""
    help_zh: str = ""
    help_en: str = ""
    sample: str = ""
    """A sample value (示范), shown as a hint."""
    prefill: str = ""
    """Session field (``kiosk.identity.record``) that fills it in, e.g. ``name``, ``id_number``."""

    def label(self, language: str) -> str:
        return self.zh if language == "zh_CN" else self.en

    def help(self, language: str) -> str:
        return self.help_zh if language == "zh_CN" else self.help_en

    def shown_in(self, situation: str) -> bool:
        return not self.situations or situation in self.situations


class AgeRule(_Frozen):
    """The applicant's age (from the ID number in ``field``) must lie in [min, max]."""

    field: Name
    min: Annotated[int, Field(ge=0, le=150)] = 0
    max: Annotated[int, Field(ge=0, le=150)] = 150


class FormSpec(_Frozen):
    item_code: Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$")]
    fields: Annotated[tuple[FormField, ...], Field(min_length=1)]
    filled_material: str = ""
    """The guide's material this form replaces (the 申请表): filled here, not brought."""
    shared_materials: tuple[str, ...] = ()
    """Materials obtained by data sharing once the applicant logged in with their identity."""
    deferrable: tuple[str, ...] = ()
    """Names of the guide's materials that may be handed in later (容缺受理)."""
    age: AgeRule | None = None

    def shown(self, situation: str) -> list[FormField]:
        return [f for f in self.fields if f.shown_in(situation)]

    def field(self, name: str) -> FormField:
        return next(f for f in self.fields if f.name == name)


@cache
def bundled_forms() -> dict[str, FormSpec]:
    """The forms shipped with the kiosk, by item code."""
    text = resources.files("kiosk.forms").joinpath("data/forms.toml").read_text("utf-8")
    return parse_forms(text)


def parse_forms(text: str) -> dict[str, FormSpec]:
    raw = tomllib.loads(text)
    specs = [FormSpec(item_code=code, **body) for code, body in raw.items()]
    return {s.item_code: s for s in specs}
