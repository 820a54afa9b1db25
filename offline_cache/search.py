"""In-memory search over the installed catalogue: Chinese, full pinyin, initials, one typo.

Built from the keys stored with each item (``search_keys``), so no pinyin conversion happens
while the applicant types. Items are numbered by popularity (most used first), so every
posting list is already in ranking order and short, broad queries can stop early.

- Chinese: character unigrams and bigrams of the name, keywords and synonym variants, scored
  by IDF-weighted coverage of the query, then bonuses for exact and whole-word matches.
- ASCII (pinyin, initials, English words, base codes): prefix match of the keys in a sorted
  list; keys from the start of a name or keyword rank above keys from inside a name. When
  nothing matches, every query one edit away (deletion, swap, substitution, insertion) is
  tried.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from offline_cache.search_keys import ItemKeys, SearchTerms, load_terms

_HAN = re.compile(r"[\u3400-\u9fff]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_NOT_ASCII_KEY = re.compile(r"[^a-z0-9]+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
SHORT_PREFIX = 3
"""Queries up to this many letters are answered from lists precomputed at build time."""
BUCKET_SIZE = 60
MIN_COVERAGE = 0.5
RARE_FRACTION = 0.05
POSTINGS_PER_KEY = 400
POSTINGS_PER_QUERY = 12000


@dataclass(frozen=True)
class IndexRecord:
    code: str
    name_zh: str
    name_en: str
    department_zh: str
    department_en: str
    popularity: int
    keys: ItemKeys


@dataclass(frozen=True)
class Hit:
    code: str
    name_zh: str
    name_en: str
    department_zh: str
    department_en: str
    score: float
    typo: bool = False


def normalize(query: str, terms: SearchTerms) -> list[str]:
    """Query segments: NFKC, lower case, filler words of spoken questions removed."""
    text = unicodedata.normalize("NFKC", query).lower()
    for filler in terms.fillers:
        text = text.replace(filler, " ")
    return [part for part in text.split() if part]


def _grams(text: str) -> set[str]:
    if len(text) == 1:
        return {text}
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts) - {word}


class SearchIndex:
    """Ranked lookup over one catalogue version; build once, query from any thread."""

    def __init__(
        self,
        records: Iterable[IndexRecord],
        usage: Mapping[str, int] | None = None,
        terms: SearchTerms | None = None,
    ) -> None:
        usage = usage or {}
        self.terms = terms or load_terms()
        ordered = sorted(records, key=lambda r: (-(r.popularity + 100 * usage.get(r.code, 0)), r.code))
        self.records = ordered
        self._by_code = {r.code: idx for idx, r in enumerate(ordered)}
        self._phrases = ["\x1f".join(r.keys.phrases) for r in ordered]
        self._grams: dict[str, list[int]] = {}
        head: dict[str, list[int]] = {}
        inner: dict[str, list[int]] = {}
        buckets: dict[str, list[int]] = {}
        for idx, record in enumerate(ordered):
            grams: set[str] = set()
            for phrase in record.keys.phrases:
                for run in _HAN_RUN.findall(phrase):
                    grams |= set(run) | _grams(run)
            for gram in grams:
                self._grams.setdefault(gram, []).append(idx)
            for key in record.keys.head:
                head.setdefault(key, []).append(idx)
                for n in range(1, SHORT_PREFIX + 1):
                    bucket = buckets.setdefault(key[:n], [])
                    if len(bucket) < BUCKET_SIZE and (not bucket or bucket[-1] != idx):
                        bucket.append(idx)
            for key in record.keys.inner:
                inner.setdefault(key, []).append(idx)
        self._head, self._inner, self._buckets = head, inner, buckets
        self._head_keys, self._inner_keys = sorted(head), sorted(inner)
        self._common: dict[str, frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self.records)

    # --- public ---------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> list[Hit]:
        segments = normalize(query, self.terms)
        if not segments:
            return []
        if any(_HAN.search(s) for s in segments):
            scored = self._search_chinese(segments)
            typo = False
        else:
            scored, typo = self._search_words([_NOT_ASCII_KEY.sub("", s) for s in segments])
        best = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [self._hit(idx, score, typo) for idx, score in best]

    def hits(self, codes: Iterable[str]) -> list[Hit]:
        """Result rows for known ``codes`` in the given order (browse lists)."""
        return [self._hit(self._by_code[c], 0.0, False) for c in codes if c in self._by_code]

    # --- Chinese --------------------------------------------------------------------------
    def _search_chinese(self, segments: list[str]) -> dict[int, float]:
        runs = [r for s in segments for r in _HAN_RUN.findall(s)]
        grams = {g for run in runs for g in _grams(run) if g in self._grams}
        if not grams:
            return {}
        total = len(self.records)
        weight = {g: math.log(1 + total / len(self._grams[g])) for g in grams}
        by_rarity = sorted(grams, key=lambda g: len(self._grams[g]))
        rare = [g for g in by_rarity if len(self._grams[g]) <= max(500, total * RARE_FRACTION)]
        common = [g for g in by_rarity if g not in rare]
        acc: dict[int, float] = {}
        for gram in rare or common[:1]:
            w = weight[gram]
            for idx in self._grams[gram][:POSTINGS_PER_QUERY]:
                acc[idx] = acc.get(idx, 0.0) + w
        for gram in common if rare else common[1:]:
            members = self._common_set(gram)
            w = weight[gram]
            for idx in acc:
                if idx in members:
                    acc[idx] += w
        whole = sum(weight.values())
        candidates = sorted(acc.items(), key=lambda kv: -kv[1])[:300]
        query = "".join(runs)
        scored = {}
        for idx, value in candidates:
            coverage = value / whole
            if coverage < MIN_COVERAGE:
                continue
            name = self.records[idx].name_zh
            phrases = self._phrases[idx]
            bonus = 3.0 if name == query else 0.0
            bonus += sum(0.6 for run in runs if run in name)
            bonus += sum(0.4 for run in runs if run in phrases)
            bonus += 0.8 if f"\x1f{query}\x1f" in f"\x1f{phrases}\x1f" else 0.0
            scored[idx] = coverage * 2 + bonus + self._popularity_bonus(idx)
        return scored

    def _common_set(self, gram: str) -> frozenset[int]:
        if gram not in self._common:
            self._common[gram] = frozenset(self._grams[gram])
        return self._common[gram]

    # --- ASCII ----------------------------------------------------------------------------
    def _search_words(self, words: list[str]) -> tuple[dict[int, float], bool]:
        """Several typed words (``residence permit``, ``she bao ka``): items matching all of
        them, else the words run together as one pinyin string."""
        words = [w for w in words if w]
        if len(words) > 1:
            parts = [self._search_ascii(w)[0] for w in words]
            common = set(parts[0]).intersection(*parts[1:])
            if common:
                return {i: sum(p[i] for p in parts) / len(parts) for i in common}, False
        return self._search_ascii("".join(words))

    def _search_ascii(self, query: str) -> tuple[dict[int, float], bool]:
        if not query:
            return {}, False
        scored = self._prefix(query)
        if scored or len(query) < 4:
            return scored, False
        fuzzy: dict[int, float] = {}
        for variant in _edits(query):
            for idx, score in self._prefix(variant, inner=False).items():
                fuzzy[idx] = max(fuzzy.get(idx, 0.0), score - 1.0)
        return fuzzy, True

    def _prefix(self, query: str, inner: bool = True) -> dict[int, float]:
        scored: dict[int, float] = {}
        for idx in self._head.get(query, ()):
            scored[idx] = 4.0 + self._popularity_bonus(idx)
        if len(query) <= SHORT_PREFIX:
            for idx in self._buckets.get(query, ()):
                scored.setdefault(idx, 2.5 + self._popularity_bonus(idx))
            return scored
        self._scan(self._head_keys, self._head, query, 2.5, scored)
        if inner:
            self._scan(self._inner_keys, self._inner, query, 1.5, scored)
        return scored

    def _scan(self, keys: list[str], postings: dict[str, list[int]], query: str,
              base: float, scored: dict[int, float]) -> None:
        """Score items whose key starts with ``query``; longer keys match less closely."""
        start = bisect.bisect_left(keys, query)
        end = bisect.bisect_left(keys, query + "\x7f", start)
        budget = POSTINGS_PER_QUERY
        for key in keys[start:end]:
            closeness = len(query) / len(key)
            for idx in postings[key][:POSTINGS_PER_KEY]:
                score = base + closeness + self._popularity_bonus(idx)
                if score > scored.get(idx, 0.0):
                    scored[idx] = score
            budget -= min(len(postings[key]), POSTINGS_PER_KEY)
            if budget <= 0:
                break

    # --- helpers --------------------------------------------------------------------------
    def _popularity_bonus(self, idx: int) -> float:
        return 0.3 * (1.0 - idx / max(1, len(self.records)))

    def _hit(self, idx: int, score: float, typo: bool) -> Hit:
        r = self.records[idx]
        return Hit(r.code, r.name_zh, r.name_en, r.department_zh, r.department_en, round(score, 3), typo)
