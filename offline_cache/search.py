"""In-memory search over the installed catalogue: Chinese, full pinyin, initials, one typo.

Built from the keys stored with each item (``search_keys``), so no pinyin conversion happens
while the applicant types. Items with the same keys (the same item implemented by many
bodies, as in a provincial list) share one entry of the index; entries are numbered by
popularity, so posting lists are in ranking order and short, broad queries stop early.
Scores are added up with numpy over whole posting lists.

- Chinese: character unigrams and bigrams of the name, keywords and synonym variants, scored
  by IDF-weighted coverage of the query, then bonuses for exact and whole-word matches.
- ASCII (pinyin, initials, English words, base codes): prefix match of the keys in a sorted
  list; keys from the start of a name or keyword rank above keys from inside a name. When
  nothing matches, every query one edit away (deletion, swap, substitution, insertion) is
  tried.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from offline_cache.search_keys import ItemKeys, SearchTerms, load_terms

_HAN = re.compile(r"[\u3400-\u9fff]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_NOT_ASCII_KEY = re.compile(r"[^a-z0-9]+")
_CODE = re.compile(r"^[0-9][0-9A-Z]{5,39}$")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
SHORT_PREFIX = 3
"""Queries up to this many letters are answered with the most used entries under them."""
BUCKET_SIZE = 60
MIN_COVERAGE = 0.5
RERANKED = 300
POSTINGS_PER_KEY = 2000
POSTINGS_PER_QUERY = 10000
POPULARITY_WEIGHT = 0.3
HEAD, INNER = 2.5, 1.5
"""Base scores of a key from the start of a name or keyword, and from inside a name."""


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
    """Every string one edit from ``word``, except letters added at its end: a longer
    string than a query that matched nothing matches nothing either."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]]
    inserts = [a + c + b for a, b in splits if b for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts) - {word}


class _Keys:
    """Sorted keys with their posting lists packed in one array (little memory per key)."""

    def __init__(self, table: dict[str, array]) -> None:
        self.keys = sorted(table)
        lengths = np.fromiter((len(table[k]) for k in self.keys), np.int64, len(self.keys))
        self.offsets = np.concatenate(([0], np.cumsum(lengths)))
        packed = array("i")
        for key in self.keys:
            packed.extend(table[key])
        self.postings = np.frombuffer(packed, dtype=np.int32)
        self._first: dict[str, list[int]] = {}

    def first_entries(self, prefix: str, count: int) -> list[int]:
        """The ``count`` lowest (most used) entries under keys starting with ``prefix``;
        computed on first use, then remembered (one to three letters: a few thousand)."""
        if prefix not in self._first:
            row = bisect.bisect_left(self.keys, prefix)
            end = bisect.bisect_left(self.keys, prefix + "\x7f", row)
            found = self.postings[self.offsets[row] : self.offsets[end]]
            if len(found) > count * 64:  # an entry recurs under at most a few dozen keys
                found = np.partition(found, count * 64)[: count * 64]
            self._first[prefix] = np.unique(found)[:count].tolist()
        return self._first[prefix]

    def exact(self, key: str) -> np.ndarray:
        row = bisect.bisect_left(self.keys, key)
        if row < len(self.keys) and self.keys[row] == key:
            return self.postings[self.offsets[row] : self.offsets[row + 1]]
        return self.postings[:0]

    def starting_with(self, prefix: str) -> Iterator[tuple[str, np.ndarray]]:
        row = bisect.bisect_left(self.keys, prefix)
        end = bisect.bisect_left(self.keys, prefix + "\x7f", row)
        for r in range(row, end):
            yield self.keys[r], self.postings[self.offsets[r] : self.offsets[r + 1]]


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
        ordered = sorted(
            records, key=lambda r: (-(r.popularity + 100 * usage.get(r.code, 0)), r.code)
        )
        self.records = [
            (r.code, r.name_zh, r.name_en, r.department_zh, r.department_en) for r in ordered
        ]
        self._by_code = {r.code: idx for idx, r in enumerate(ordered)}
        self._codes = sorted(self._by_code)
        self._bonus = POPULARITY_WEIGHT * (1.0 - np.arange(len(ordered)) / max(1, len(ordered)))
        entry_of: dict[ItemKeys, int] = {}
        members: list[list[int]] = []
        for idx, record in enumerate(ordered):
            entry = entry_of.setdefault(record.keys, len(members))
            if entry == len(members):
                members.append([])
            members[entry].append(idx)
        self._members = members
        entries = list(entry_of)
        self._names = [ordered[m[0]].name_zh for m in members]
        del ordered
        self._phrases = [keys.phrases for keys in entries]
        grams: dict[str, array] = {}
        head: dict[str, array] = {}
        inner: dict[str, array] = {}
        gram_cache: dict[str, set[str]] = {}
        for entry, keys in enumerate(entries):
            found: set[str] = set()
            for phrase in keys.phrases:
                if phrase not in gram_cache:
                    gram_cache[phrase] = {
                        g for run in _HAN_RUN.findall(phrase) for g in set(run) | _grams(run)
                    }
                found |= gram_cache[phrase]
            for gram in found:
                grams.setdefault(gram, array("i")).append(entry)
            for key in keys.head:
                head.setdefault(key, array("i")).append(entry)
            for key in keys.inner:
                inner.setdefault(key, array("i")).append(entry)
        self._grams = {g: np.frombuffer(v, dtype=np.int32) for g, v in grams.items()}
        self._head, self._inner = _Keys(head), _Keys(inner)
        for letter in _LETTERS:  # the first keystroke never waits
            self._head.first_entries(letter, BUCKET_SIZE)
        self.entries = len(entries)

    def __len__(self) -> int:
        return len(self.records)

    # --- public ---------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> list[Hit]:
        segments = normalize(query, self.terms)
        if not segments:
            return []
        if len(segments) == 1 and _CODE.match(segments[0].upper()):
            codes = self._code_prefix(segments[0].upper(), limit)
            if codes:
                return [self._hit(i, 4.0, False) for i in codes]
        if any(_HAN.search(s) for s in segments):
            scored, typo = self._search_chinese(segments), False
        else:
            scored, typo = self._search_words([_NOT_ASCII_KEY.sub("", s) for s in segments])
        return [self._hit(idx, score, typo) for idx, score in self._expand(scored, limit)]

    def hits(self, codes: Iterable[str]) -> list[Hit]:
        """Result rows for known ``codes`` in the given order (browse lists)."""
        return [self._hit(self._by_code[c], 0.0, False) for c in codes if c in self._by_code]

    def _code_prefix(self, query: str, limit: int) -> list[int]:
        """Items whose base code starts with ``query``, most used first."""
        start = bisect.bisect_left(self._codes, query)
        end = bisect.bisect_left(self._codes, query + "\x7f", start)
        return sorted(self._by_code[c] for c in self._codes[start:end])[:limit]

    def _expand(self, scored: dict[int, float], limit: int) -> list[tuple[int, float]]:
        """From scored entries to the best ``limit`` items, adding each item's popularity
        (ties go to the more used item)."""
        best: list[tuple[float, int]] = []  # min-heap of (score, -item)
        for entry, score in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0])):
            if len(best) >= limit and score + POPULARITY_WEIGHT < best[0][0]:
                break
            for idx in self._members[entry][:limit]:
                candidate = (score + float(self._bonus[idx]), -idx)
                if len(best) < limit:
                    heapq.heappush(best, candidate)
                elif candidate > best[0]:
                    heapq.heapreplace(best, candidate)
        return [(-neg, score) for score, neg in sorted(best, reverse=True)]

    # --- Chinese --------------------------------------------------------------------------
    def _search_chinese(self, segments: list[str]) -> dict[int, float]:
        runs = [r for s in segments for r in _HAN_RUN.findall(s)]
        grams = sorted({g for run in runs for g in _grams(run) if g in self._grams})
        if not grams:
            return {}
        postings = [self._grams[g] for g in grams]
        weights = [math.log(1 + self.entries / len(p)) for p in postings]
        coverage = np.bincount(
            np.concatenate(postings),
            weights=np.repeat(weights, [len(p) for p in postings]),
            minlength=self.entries,
        ) / sum(weights)
        candidates = np.flatnonzero(coverage >= MIN_COVERAGE)
        if len(candidates) > RERANKED:
            candidates = candidates[np.argsort(-coverage[candidates], kind="stable")[:RERANKED]]
        query = "".join(runs)
        scored = {}
        for entry in candidates.tolist():
            name, phrases = self._names[entry], "\x1f".join(self._phrases[entry])
            bonus = 3.0 if name == query else 0.0
            bonus += sum(0.6 for run in runs if run in name)
            bonus += sum(0.4 for run in runs if run in phrases)
            bonus += 0.8 if f"\x1f{query}\x1f" in f"\x1f{phrases}\x1f" else 0.0
            scored[entry] = float(coverage[entry]) * 2 + bonus
        return scored

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
        if len(query) <= SHORT_PREFIX:
            return self._short(query), False
        entries, scores = self._prefix(query)
        if len(entries) or len(query) < 4:
            return self._top(entries, scores), False
        found = [self._prefix(v, inner=False) for v in _edits(query)]
        found = [(e, s - 1.0) for e, s in found if len(e)]
        if not found:
            return {}, False
        return self._top(
            np.concatenate([e for e, _ in found]), np.concatenate([s for _, s in found])
        ), True

    def _short(self, query: str) -> dict[int, float]:
        """One to three letters: the precomputed most-used entries, exact keys first."""
        scored = dict.fromkeys(self._head.first_entries(query, BUCKET_SIZE), HEAD)
        exact = self._head.exact(query)[:BUCKET_SIZE]
        scored.update(dict.fromkeys(exact.tolist(), 4.0))
        return scored

    def _prefix(self, query: str, inner: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Entries with a key starting with ``query`` and the score of each such key."""
        found = self._scan(self._head, query, HEAD)
        if inner:
            found += self._scan(self._inner, query, INNER)
        if not found:
            return np.empty(0, np.int32), np.empty(0)
        entries = np.concatenate([p for p, _ in found])
        return entries, np.repeat([s for _, s in found], [len(p) for p, _ in found])

    @staticmethod
    def _top(entries: np.ndarray, scores: np.ndarray) -> dict[int, float]:
        """Best score per entry, keeping the ``RERANKED`` best (most used first on ties)."""
        if not len(entries):
            return {}
        order = np.lexsort((entries, -scores))
        unique, first = np.unique(entries[order], return_index=True)
        best = scores[order][first]
        keep = np.lexsort((unique, -best))[:RERANKED]
        return dict(zip(unique[keep].tolist(), best[keep].tolist()))

    def _scan(self, table: _Keys, query: str, base: float) -> list[tuple[np.ndarray, float]]:
        """Posting lists of keys starting with ``query`` (the most used part of long ones),
        scored: exact head keys best, then keys the query covers more of."""
        found, budget = [], POSTINGS_PER_QUERY
        for key, postings in table.starting_with(query):
            exact = key == query and base == HEAD
            found.append(
                (postings[:POSTINGS_PER_KEY], 4.0 if exact else base + len(query) / len(key))
            )
            budget -= len(found[-1][0])
            if budget <= 0:
                break
        return found

    # --- helpers --------------------------------------------------------------------------
    def _hit(self, idx: int, score: float, typo: bool) -> Hit:
        return Hit(*self.records[idx], round(score, 3), typo)
