"""Write the pinyin input method's dictionary, ``kiosk/forms/data/pinyin_words.tsv.gz``.

    .venv/bin/python scripts/make_pinyin_dictionary.py

Every word of jieba's frequency list (``dict.txt``; 2–4 characters, seen at least 10 times) gets
its toneless pinyin from pypinyin's data (phrase readings where pypinyin has them, else each
character's first reading), and every character gets each of its readings, the first ranked far
above the others. One line per pinyin key, sorted: ``key<TAB>words<TAB>frequencies``, words most
frequent first, each with the frequency that ranks it among the completions of a prefix.
Needs the test extra (jieba); run it again when jieba or pypinyin is upgraded.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from functools import cache
from importlib import resources
from pathlib import Path

from pypinyin import Style
from pypinyin.phrases_dict import phrases_dict
from pypinyin.pinyin_dict import pinyin_dict
from pypinyin.style import convert as convert_style

OUT = Path(__file__).resolve().parents[1] / "kiosk" / "forms" / "data" / "pinyin_words.tsv.gz"
MAX_WORD_CHARS = 4
MIN_WORD_FREQUENCY = 10


@cache
def _toneless(reading: str) -> str:
    return convert_style(reading, Style.NORMAL, strict=False).replace("ü", "v")


def _word_key(word: str, first: dict[str, str]) -> str:
    """Toneless pinyin of ``word``, or "" if a character has none."""
    if word in phrases_dict:
        return "".join(_toneless(r[0]) for r in phrases_dict[word])
    try:
        return "".join([first[char] for char in word])
    except KeyError:
        return ""


def dictionary_text() -> str:
    """The file's content, from the installed jieba and pypinyin."""
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
    first = {chr(code): _toneless(r.split(",")[0]) for code, r in pinyin_dict.items()}
    for word, count in frequency.items():
        if len(word) > 1 and (key := _word_key(word, first)):
            entries[key].append((count, word))
    rank_frequency = {w: f for ws in entries.values() for f, w in ws}  # a character's last reading
    lines = []
    for key in sorted(entries):
        words = [w for _f, w in sorted(entries[key], reverse=True)]
        assert all(w.split() == [w] for w in words), key  # no spaces, tabs or newlines
        lines.append(f"{key}\t{' '.join(words)}\t{' '.join(str(rank_frequency[w]) for w in words)}\n")
    return "".join(lines)


def main() -> None:
    OUT.write_bytes(gzip.compress(dictionary_text().encode("utf-8"), mtime=0))
    print(f"{OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
