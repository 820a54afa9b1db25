"""What an item can be found by, computed once when a catalogue is installed.

Chinese phrases (name, keywords, synonym variants) and ASCII keys: full pinyin and pinyin
initials from the start of the name and of each keyword (``head``), and from each later
syllable of the name (``inner``). Readings come from pypinyin with its phrase dictionary, so
银行 gives yh and 重新 cx; other readings of single polyphones are indexed as extra initials.
pypinyin (≈ 65 MB, 0.3 s to import) is loaded only when keys are computed, never for searching.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kiosk.guides.model import Guide

TERMS_FILE = Path(__file__).with_name("search_terms.toml")
MAX_FULL = 24
MAX_INITIALS = 12
MAX_ALTERNATIVES = 4
_HAN = re.compile(r"[\u3400-\u9fff]+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_ENGLISH_STOP = frozenset({"for", "of", "the", "and", "an", "to", "in", "on", "by", "with", "from"})


@dataclass(frozen=True)
class SearchTerms:
    synonyms: tuple[tuple[str, ...], ...]
    fillers: tuple[str, ...]


@lru_cache(maxsize=4)
def load_terms(path: Path = TERMS_FILE) -> SearchTerms:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    groups = tuple(tuple(g) for g in data["synonyms"]["groups"])
    fillers = tuple(sorted(data["query"]["fillers"], key=len, reverse=True))
    return SearchTerms(groups, fillers)


@dataclass(frozen=True)
class ItemKeys:
    """Everything the index stores for one item, as plain strings (kept in SQLite)."""

    phrases: tuple[str, ...]
    head: tuple[str, ...]
    inner: tuple[str, ...]


def synonym_variants(text: str, terms: SearchTerms) -> list[str]:
    """``text`` with one synonym replaced by each other member of its group."""
    variants = []
    for group in terms.synonyms:
        for member in group:
            if member in text:
                variants.extend(text.replace(member, other) for other in group if other != member)
    return variants


@lru_cache(maxsize=65536)
def _syllables(run: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(run, style=Style.NORMAL, v_to_u=False))


@lru_cache(maxsize=65536)
def _alternative_initials(run: str) -> tuple[str, ...]:
    """Initials of ``run`` with one polyphone read another way (heteronyms), a few at most."""
    from pypinyin import Style, pinyin

    readings = [sorted(set(r)) for r in pinyin(run, style=Style.FIRST_LETTER, heteronym=True)]
    usual = [r[0] for r in pinyin(run, style=Style.FIRST_LETTER)]
    alternatives = []
    for position, choices in enumerate(readings):
        for letter in choices:
            if letter != usual[position] and len(alternatives) < MAX_ALTERNATIVES:
                alternatives.append("".join(usual[:position] + [letter] + usual[position + 1 :]))
    return tuple(alternatives)


def phrase_keys(phrase: str) -> tuple[list[str], list[str]]:
    """(head, inner) ASCII keys of one Chinese phrase."""
    han = "".join(_HAN.findall(phrase))
    if not han:
        return [], []
    syllables = _syllables(han)
    alternatives = _alternative_initials(han)
    initials = "".join(s[0] for s in syllables)
    head = ["".join(syllables)[:MAX_FULL], initials[:MAX_INITIALS]]
    head += [a[:MAX_INITIALS] for a in alternatives]
    inner = []
    for start in range(1, len(syllables)):
        inner.append("".join(syllables[start:])[:MAX_FULL])
        inner.append(initials[start:][:MAX_INITIALS])
    return head, inner


def item_keys(guide: Guide, terms: SearchTerms | None = None) -> ItemKeys:
    """The search keys of one guide."""
    terms = terms or load_terms()
    phrases = [guide.name, *guide.keywords]
    for phrase in list(phrases):
        phrases.extend(synonym_variants(phrase, terms))
    phrases = list(dict.fromkeys(phrases))
    head: list[str] = []
    inner: list[str] = []
    name_head, name_inner = phrase_keys(guide.name)
    head += name_head
    inner += name_inner
    for phrase in phrases[1:]:
        head += phrase_keys(phrase)[0] + _ASCII_WORD.findall(phrase.lower())
    english = _ASCII_WORD.findall(guide.name_en.lower())
    head += [w for w in english if len(w) > 1 and w not in _ENGLISH_STOP]
    return ItemKeys(
        phrases=tuple(phrases),
        head=tuple(dict.fromkeys(k for k in head if k)),
        inner=tuple(dict.fromkeys(k for k in inner if len(k) > 1 and k not in head)),
    )
