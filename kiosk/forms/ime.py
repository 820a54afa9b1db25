"""Pinyin input method for the on-screen keyboard: letters in, Chinese candidates out.

The dictionary is inverted once: every word of jieba's frequency list (``dict.txt``) gets its
toneless pinyin from pypinyin's data (phrase readings where pypinyin has them, else each
character's first reading), and single characters get every reading. Candidates for what was
typed, common words first: words spelled exactly by it, then words it begins (so ``sheb`` offers
社保), then words spelled by its longest leading part (choosing one of those keeps the rest
typed). No Kivy here: the keyboard widget is a view over :class:`PinyinInput`.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from functools import cache
from importlib import resources

from pypinyin import Style, pinyin
from pypinyin.phrases_dict import phrases_dict
from pypinyin.pinyin_dict import pinyin_dict
from pypinyin.style import convert as convert_style

MAX_WORD_CHARS = 4
MIN_WORD_FREQUENCY = 10
PAGE = 8


@cache
def _toneless(reading: str) -> str:
    return convert_style(reading, Style.NORMAL, strict=False).replace("ü", "v")


class PinyinDictionary:
    """Toneless pinyin (``shebao``) → words, most frequent first."""

    def __init__(self, entries: dict[str, list[tuple[int, str]]]) -> None:
        self._words = {key: [w for _f, w in sorted(ws, reverse=True)] if len(ws) > 1 else [ws[0][1]]
                       for key, ws in entries.items()}
        self._keys = sorted(self._words)
        self._frequency = {w: f for ws in entries.values() for f, w in ws}

    @classmethod
    def build(cls) -> PinyinDictionary:
        """From jieba's word frequencies and pypinyin's readings (about a second)."""
        frequency: dict[str, int] = {}
        text = resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
        for line in text.splitlines():
            word, count, *_ = line.split(" ")
            if len(word) <= MAX_WORD_CHARS and int(count) >= MIN_WORD_FREQUENCY:
                frequency[word] = int(count)
        entries: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for code, readings in pinyin_dict.items():
            char, seen = chr(code), set()
            for rank, reading in enumerate(_toneless(r) for r in readings.split(",")):
                if reading not in seen:  # a character's other readings rank far below its first
                    seen.add(reading)
                    entries[reading].append((frequency.get(char, 0) // (1 + 99 * rank), char))
        for word, count in frequency.items():
            if len(word) > 1 and (key := _word_key(word)):
                entries[key].append((count, word))
        return cls(entries)

    def exact(self, key: str) -> list[str]:
        return self._words.get(key, [])

    def completions(self, prefix: str, limit: int) -> list[str]:
        """Most frequent words whose pinyin starts with ``prefix`` (and is longer)."""
        start = bisect.bisect_right(self._keys, prefix)
        found: list[str] = []
        for key in self._keys[start:]:
            if not key.startswith(prefix):
                break
            found.extend(self._words[key][:limit])
        found.sort(key=lambda w: -self._frequency.get(w, 0))
        return found[:limit]

    def longest_prefix(self, typed: str) -> str:
        """The longest leading part of ``typed``, shorter than it, that spells a word."""
        for end in range(len(typed) - 1, 0, -1):
            if typed[:end] in self._words:
                return typed[:end]
        return ""


@cache
def _first_readings() -> dict[str, str]:
    return {chr(code): _toneless(r.split(",")[0]) for code, r in pinyin_dict.items()}


def _word_key(word: str) -> str:
    """Toneless pinyin of ``word``, or "" if a character has none."""
    if word in phrases_dict:
        return "".join(_toneless(r[0]) for r in phrases_dict[word])
    first = _first_readings()
    try:
        return "".join([first[char] for char in word])
    except KeyError:
        return ""


_lock = threading.Lock()
_shared: list[PinyinDictionary] = []


def shared_dictionary() -> PinyinDictionary:
    """The process-wide dictionary, built once on first use (call early from a worker to warm
    it); callers meanwhile wait for that one build."""
    with _lock:
        if not _shared:
            _shared.append(PinyinDictionary.build())
        return _shared[0]


class PinyinInput:
    """What the citizen is typing in pinyin mode: the letters and the candidates they give."""

    def __init__(self, dictionary: PinyinDictionary | None = None) -> None:
        self._dictionary = dictionary
        self.letters = ""
        self.page = 0

    @property
    def dictionary(self) -> PinyinDictionary:
        if self._dictionary is None:
            self._dictionary = shared_dictionary()
        return self._dictionary

    def type(self, letter: str) -> None:
        if len(letter) != 1 or not ("a" <= letter <= "z"):
            raise ValueError(f"pinyin takes a to z, not {letter!r}")
        self.letters += letter
        self.page = 0

    def back(self) -> None:
        self.letters = self.letters[:-1]
        self.page = 0

    def clear(self) -> None:
        self.letters, self.page = "", 0

    def candidates(self) -> list[str]:
        """Every candidate for the letters typed, best first, without repeats."""
        typed, words = self.letters, self.dictionary
        if not typed:
            return []
        found = list(words.exact(typed)) + words.completions(typed, 3 * PAGE)
        lead = words.longest_prefix(typed)
        if lead:
            found += words.exact(lead)
        return list(dict.fromkeys(found))

    def shown(self) -> list[str]:
        """The candidates on the current page."""
        every = self.candidates()
        return every[self.page * PAGE:(self.page + 1) * PAGE]

    def more(self) -> None:
        """Next page of candidates, back to the first after the last."""
        pages = max(1, -(-len(self.candidates()) // PAGE))
        self.page = (self.page + 1) % pages

    def choose(self, word: str) -> str:
        """Take ``word``; the letters it spelled are consumed and the rest stay typed."""
        spelled = self._spelling(word)
        if self.letters.startswith(spelled):
            self.letters = self.letters[len(spelled):]
        else:  # a completion: it used all that was typed
            self.letters = ""
        self.page = 0
        return word

    def _spelling(self, word: str) -> str:
        """The letters ``word`` stands for in what was typed."""
        if len(word) == 1:
            readings = {_toneless(r) for r in pinyin(word, style=Style.TONE, heteronym=True)[0]}
            return max((r for r in readings if self.letters.startswith(r)), key=len, default="")
        return _word_key(word)
