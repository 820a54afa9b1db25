"""Message catalogues: every user-visible string is looked up here by key.

Catalogues are gettext ``.po`` files under ``kiosk/locale/<lang>/LC_MESSAGES/``, one file per
area (``govkiosk.po`` for the shell, ``printer.po``, ``platform.po`` …), compiled to ``.mo`` with
``python -m kiosk.i18n compile`` (needs Babel from the test extra). All areas of a language are
merged; a key must exist in exactly one of them.
Keys look like ``home.tile.guide``; ``{name}`` placeholders are filled with ``str.format``.
"""

from __future__ import annotations

import gettext
import sys
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("zh_CN", "en")


@lru_cache(maxsize=None)
def catalogue(language: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``language``; a missing one is a packaging bug and raises."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {LANGUAGES}")
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    merged: gettext.GNUTranslations | None = None
    for mo_path in sorted(folder.glob("*.mo")):
        with mo_path.open("rb") as mo:
            area = gettext.GNUTranslations(mo)
        if merged is None:
            merged = area
        else:
            merged.add_fallback(area)
    if merged is None:
        raise FileNotFoundError(f"no compiled message catalogue in {folder}")
    return merged


def translate(key: str, language: str, **values: object) -> str:
    """The text of ``key`` in ``language``, with ``{placeholders}`` filled from ``values``."""
    text = catalogue(language).gettext(key)
    return text.format(**values) if values else text


_FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)


def compile_catalogues() -> list[Path]:
    """Compile every ``.po`` to its ``.mo`` (developer tool; needs Babel)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as po:
            catalog = read_po(po)
        catalog.creation_date = catalog.revision_date = _FIXED_DATE  # same bytes on every run
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as mo:
            write_mo(mo, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    if sys.argv[1:] == ["compile"]:
        for path in compile_catalogues():
            print(f"wrote {path}")
    else:
        sys.exit("usage: python -m kiosk.i18n compile")
