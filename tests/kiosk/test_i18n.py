"""Message catalogues: complete in both languages, compiled, and covering every key in use."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk.i18n import LANGUAGES, LOCALE_DIR, translate

ROOT = Path(__file__).resolve().parents[2]
KEY_USE = re.compile(r"""\btr\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def _catalogue(language: str, area: str):
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{area}.po").open("rb") as po:
        return read_po(po)


def _areas() -> list[str]:
    return sorted(p.stem for p in (LOCALE_DIR / "zh_CN" / "LC_MESSAGES").glob("*.po"))


@pytest.mark.parametrize("area", _areas())
def test_both_languages_have_the_same_keys_all_translated(area):
    keys = {}
    for language in LANGUAGES:
        catalogue = _catalogue(language, area)
        keys[language] = {m.id for m in catalogue if m.id}
        untranslated = [m.id for m in catalogue if m.id and not m.string]
        assert not untranslated, f"{language}/{area}.po: no text for {untranslated}"
    assert keys["zh_CN"] == keys["en"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("area", _areas())
def test_compiled_catalogues_are_up_to_date(language, area):
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{area}.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for message in _catalogue(language, area):
        if message.id:
            assert compiled.gettext(message.id) == message.string, (
                f"{area}.mo is stale for {message.id!r}: run python -m kiosk.i18n compile"
            )


def test_every_key_used_by_screens_and_code_exists_in_both_languages():
    used = set()
    for folder in ("kiosk", "screens", "peripherals", "provisioning", "offline_cache"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".kv"):
                used.update(KEY_USE.findall(path.read_text(encoding="utf-8")))
    assert "home.welcome" in used
    for language in LANGUAGES:
        missing = sorted(k for k in used if translate(k, language) == k)
        assert not missing, f"{language}: keys without text: {missing}"


def test_placeholders_are_filled():
    assert translate("idle.countdown", "zh_CN", seconds=25).startswith("25 秒")
    assert "25 seconds" in translate("idle.countdown", "en", seconds=25)
