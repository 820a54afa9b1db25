"""Cabinet layouts as data: one TOML file per cabinet build in ``profiles/``.

A layout lists the boards on the bus (their DIP address), the size of the compartment behind
each lock (S, M, L; ``-`` where no door is fitted) and the label painted on the cabinet. The
driver polls the listed boards; the locker bank takes compartments and sizes from it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

import msgspec

PROFILE_DIR = Path(__file__).with_name("profiles")


class UnknownLayout(ValueError):
    pass


class _Board(msgspec.Struct, forbid_unknown_fields=True):
    address: Annotated[int, msgspec.Meta(ge=0, le=255)]
    sizes: Annotated[str, msgspec.Meta(pattern=r"^[SML-]{1,64}$")]
    label: Annotated[str, msgspec.Meta(min_length=1, max_length=8)] = ""
    repeat: Annotated[int, msgspec.Meta(ge=1, le=32)] = 1


class _Layout(msgspec.Struct, forbid_unknown_fields=True):
    description: str
    board: list[_Board]


@dataclass(frozen=True)
class Compartment:
    board: int
    lock: int
    size: str  # S | M | L
    label: str  # e.g. "A07": cabinet label and door number, as painted

    @property
    def key(self) -> str:
        """The platform's compartment id, ``<board>-<lock>``."""
        return f"{self.board}-{self.lock}"


@dataclass(frozen=True)
class CabinetLayout:
    name: str
    description: str
    compartments: tuple[Compartment, ...]

    @property
    def boards(self) -> tuple[int, ...]:
        return tuple(sorted({c.board for c in self.compartments}))

    def find(self, key: str) -> Compartment | None:
        return next((c for c in self.compartments if c.key == key), None)


def layout_names() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.toml"))


@cache
def load_layout(name: str, max_locks: int = 64, addresses: range = range(256)) -> CabinetLayout:
    """The layout ``name``, checked against the board family's addresses and locks per board."""
    path = PROFILE_DIR / f"{name}.toml"
    if not path.is_file():
        raise UnknownLayout(f"unknown locker layout {name!r}; available: {layout_names()}")
    try:
        raw = msgspec.convert(tomllib.loads(path.read_text(encoding="utf-8")), _Layout)
    except (tomllib.TOMLDecodeError, msgspec.ValidationError) as exc:
        raise UnknownLayout(f"locker layout {path} is invalid: {exc}") from None
    compartments = []
    for entry in raw.board:
        if len(entry.sizes) > max_locks:
            raise UnknownLayout(f"{name}: board {entry.address} has more than {max_locks} locks")
        for k in range(entry.repeat):
            address = entry.address + k
            if address not in addresses:
                raise UnknownLayout(f"{name}: board address {address} outside {addresses}")
            label = (entry.label or str(address)) + (f"{k + 1}" if entry.repeat > 1 else "")
            compartments += [
                Compartment(address, lock, size, f"{label}{lock:02d}")
                for lock, size in enumerate(entry.sizes, start=1)
                if size != "-"
            ]
    keys = [c.key for c in compartments]
    if len(set(keys)) != len(keys):
        raise UnknownLayout(f"{name}: a board address is listed twice")
    return CabinetLayout(name, raw.description, tuple(compartments))
