"""Pinyin input method for the on-screen keyboard: letters in, Chinese candidates out.

The dictionary (toneless pinyin → words, most frequent first) is made at development time from
jieba's word frequencies and pypinyin's readings by ``scripts/make_pinyin_dictionary.py``; here
it is only read, from ``data/pinyin_words.tsv.gz``. Candidates for what was typed, common words
first: words spelled exactly by it, then words it begins (so ``sheb`` offers 社保), then words
spelled by its longest leading part (choosing one of those keeps the rest typed). No Kivy here:
the keyboard widget is a view over :class:`PinyinInput`.
"""

from __future__ import annotations

import bisect
import gzip
import re
import threading
from array import array
from importlib import resources

PAGE = 8


class PinyinDictionary:
    """Toneless pinyin (``shebao``) → words, most frequent first.

    ``text`` holds one sorted line per key: ``key<TAB>words<TAB>frequencies`` (space-separated),
    kept as one string and parsed a line at a time when asked.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = array("L", [0, *(m.end() for m in re.finditer("\n", text))])
        self._rows = range(len(self._starts) - 1)

    @classmethod
    def load(cls) -> PinyinDictionary:
        """From the file shipped in the package (about 0.05 s)."""
        data = resources.files("kiosk.forms").joinpath("data/pinyin_words.tsv.gz").read_bytes()
        return cls(gzip.decompress(data).decode("utf-8"))

    def _line(self, row: int) -> list[str]:
        return self._text[self._starts[row]:self._starts[row + 1] - 1].split("\t")

    def _key(self, row: int) -> str:
        start = self._starts[row]
        return self._text[start:self._text.index("\t", start)]

    def _find(self, key: str) -> int | None:
        row = bisect.bisect_left(self._rows, key, key=self._key)
        return row if row < len(self._rows) and self._key(row) == key else None

    def exact(self, key: str) -> list[str]:
        row = self._find(key)
        return [] if row is None else self._line(row)[1].split(" ")

    def completions(self, prefix: str, limit: int) -> list[str]:
        """Most frequent words whose pinyin starts with ``prefix`` (and is longer)."""
        found: list[tuple[int, str]] = []
        for row in self._rows[bisect.bisect_right(self._rows, prefix, key=self._key):]:
            key, words, frequencies = self._line(row)
            if not key.startswith(prefix):
                break
            found.extend(zip(map(int, frequencies.split(" ", limit)[:limit]),
                             words.split(" ", limit)[:limit]))
        found.sort(key=lambda fw: -fw[0])
        return [w for _f, w in found[:limit]]

    def longest_prefix(self, typed: str) -> str:
        """The longest leading part of ``typed``, shorter than it, that spells a word."""
        for end in range(len(typed) - 1, 0, -1):
            if self._find(typed[:end]) is not None:
                return typed[:end]
        return ""


_lock = threading.Lock()
_shared: list[PinyinDictionary] = []


def shared_dictionary() -> PinyinDictionary:
    """The process-wide dictionary, loaded once on first use (call early from a worker to warm
    it); callers meanwhile wait for that one load."""
    with _lock:
        if not _shared:
            _shared.append(PinyinDictionary.load())
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
        # not spelled by a leading part: a completion (张 for "zh"), which used all that was typed
        self.letters = self.letters[len(spelled):] if spelled else ""
        self.page = 0
        return word

    def _spelling(self, word: str) -> str:
        """The longest leading part of the letters typed that spells ``word``, or ""."""
        for end in range(len(self.letters), 0, -1):
            if word in self.dictionary.exact(self.letters[:end]):
                return self.letters[:end]
        return ""
