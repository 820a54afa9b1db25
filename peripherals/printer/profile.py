"""Printer capabilities as data: one TOML file per model family in ``profiles/``.

Code asks ``profile.supports("native_qr")`` and reads ``columns``, ``dots`` and ``encoding``;
it never tests a model name. A province adds a printer by adding a file.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

PROFILE_DIR = Path(__file__).with_name("profiles")
Feature = Literal["native_qr", "partial_cut", "full_cut", "status"]


class UnknownProfile(ValueError):
    pass


class PrinterProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str
    paper_mm: Literal[58, 80]
    dots: Annotated[int, Field(ge=200, le=1024)]
    columns: Annotated[int, Field(ge=16, le=64)]
    encoding: Literal["gb18030", "gbk", "utf-8"]
    chinese_mode: bool
    four_byte_gb18030: bool = False
    features: frozenset[Feature]
    qr_module: Annotated[int, Field(ge=1, le=16)]

    def supports(self, feature: Feature) -> bool:
        return feature in self.features


def profile_names() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.toml"))


@cache
def load_profile(name: str) -> PrinterProfile:
    """The profile ``name``; :class:`UnknownProfile` lists the available ones."""
    path = PROFILE_DIR / f"{name}.toml"
    if not path.is_file():
        raise UnknownProfile(f"unknown printer profile {name!r}; available: {profile_names()}")
    try:
        return PrinterProfile(name=name, **tomllib.loads(path.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise UnknownProfile(f"printer profile {path} is invalid: {exc}") from None
