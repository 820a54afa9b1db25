"""Document layouts as data → a laid-out :class:`~peripherals.printer.interface.Receipt`.

A layout (``layouts/<name>.toml``) lists the data fields it needs and a sequence of blocks::

    [[block]]
    kind = "field"            # title | text | field | list | rule | qr | feed | cut
    label = "事项名称"
    value = "{item_name}"
    when = "materials_missing"  # optional: only if this data field is non-empty

Text is wrapped to the printer profile's columns (a Chinese character takes two), field
values and list items with a hanging indent. A province edits the TOML, not the code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from peripherals.printer.codec import text_columns
from peripherals.printer.interface import Align, Cut, Element, Feed, QrCode, Receipt, TextLine

LAYOUT_DIR = Path(__file__).with_name("layouts")
DOCUMENTS = tuple(sorted(p.stem for p in LAYOUT_DIR.glob("*.toml")))
REPRINT_MARK = "（补打）"
Data = Mapping[str, str | Sequence[str]]


class Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["title", "text", "field", "list", "rule", "qr", "feed", "cut"]
    text: str = ""
    label: str = ""
    value: str = ""
    items: str = ""  # data field holding a list
    align: Align = Align.LEFT
    bold: bool = False
    size: Annotated[int, Field(ge=1, le=2)] = 1
    lines: Annotated[int, Field(ge=1, le=10)] = 1
    when: str = ""


class Layout(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    title: str
    fields: tuple[str, ...]
    block: tuple[Block, ...]


@cache
def load_layout(name: str) -> Layout:
    path = LAYOUT_DIR / f"{name}.toml"
    if not path.is_file():
        raise ValueError(f"unknown document {name!r}; available: {', '.join(DOCUMENTS)}")
    return Layout(name=name, **tomllib.loads(path.read_text(encoding="utf-8")))


NO_LINE_START = set("，。、；：？！）》」』】〕…,.;:?!)]%")
WORD = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./:?=&%")


def wrap(text: str, columns: int, indent: int = 0) -> list[str]:
    """Lines of at most ``columns`` printed columns; continuation lines indented by ``indent``.

    Closing punctuation never starts a line and Latin words or numbers are not split unless
    longer than half a line (the printer's own wrapping would do both).
    """
    lines, current = [], ""
    for char in text:
        if text_columns(current + char) > columns and current.strip():
            cut = len(current) - (char in NO_LINE_START)
            if (current + char)[cut] in WORD:
                while cut > 0 and current[cut - 1] in WORD:
                    cut -= 1
            if cut <= indent or text_columns(current[cut:]) > columns // 2:
                cut = len(current)
            lines.append(current[:cut])
            current = " " * indent + current[cut:]
        current += char
    lines.append(current)
    return lines


def build_receipt(name: str, data: Data, columns: int, reprint: bool = False) -> Receipt:
    """Lay out document ``name`` with ``data`` for a printer of ``columns`` columns."""
    layout = load_layout(name)
    missing = [f for f in layout.fields if f not in data]
    if missing:
        raise ValueError(f"document {name!r} is missing data fields: {', '.join(missing)}")
    texts = {k: v for k, v in data.items() if isinstance(v, str)}
    elements: list[Element] = []
    for block in layout.block:
        if block.when and not data.get(block.when):
            continue
        elements += _block(block, data, texts, columns)
        if block.kind == "title" and reprint:
            elements.append(TextLine(REPRINT_MARK, align=Align.CENTER))
    return Receipt(name, tuple(elements))


def _block(block: Block, data: Data, texts: Mapping[str, str], columns: int) -> list[Element]:
    fill = lambda template: template.format_map(texts)
    match block.kind:
        case "title":
            return [
                TextLine(line, bold=True, size=2, align=Align.CENTER)
                for line in wrap(fill(block.text), columns // 2)
            ]
        case "text":
            width = columns // block.size
            return [
                TextLine(line, block.bold, block.size, block.align)
                for line in wrap(fill(block.text), width)
            ]
        case "field":
            head = f"{block.label}："
            return [
                TextLine(line, block.bold)
                for line in wrap(head + fill(block.value), columns, text_columns(head))
            ]
        case "list":
            items = data.get(block.items) or ()
            out: list[Element] = [TextLine(f"{block.label}：", block.bold)] if block.label else []
            for number, item in enumerate(items, 1):
                out += [TextLine(line) for line in wrap(f"{number}. {item}", columns, 3)]
            return out
        case "rule":
            return [TextLine("-" * columns)]
        case "qr":
            return [QrCode(fill(block.value))]
        case "feed":
            return [Feed(block.lines)]
        case _:
            return [Cut()]


SAMPLES = Path(__file__).with_name("samples.toml")


def sample_data(name: str) -> dict[str, str | list[str]]:
    """Fictional data for document ``name`` (CLI samples, tests, benchmarks)."""
    samples = tomllib.loads(SAMPLES.read_text(encoding="utf-8"))
    if name not in samples:
        raise ValueError(f"no sample for {name!r}; available: {', '.join(sorted(samples))}")
    return samples[name]
