"""The pinyin input method and the keyboard's text entry, as a citizen types."""

from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from kiosk.forms.ime import PinyinInput, shared_dictionary
from kiosk.forms.keyboard import KeyboardMode, TextEntry


@pytest.fixture(scope="module")
def words():
    return shared_dictionary()


def typed(words, letters: str) -> PinyinInput:
    ime = PinyinInput(words)
    for letter in letters:
        ime.type(letter)
    return ime


@pytest.mark.parametrize(("letters", "word"), [
    ("shebao", "社保"), ("shenfenzheng", "身份证"), ("beijing", "北京"), ("yinhang", "银行"),
    ("juzhuzheng", "居住证"), ("chaoyangqu", "朝阳区"), ("zhang", "张"), ("lv", "绿"),
])
def test_real_pinyin_offers_the_word_on_the_first_page(words, letters, word):
    assert word in typed(words, letters).shown()


def test_common_words_come_first(words):
    assert typed(words, "shebao").shown()[0] == "社保"
    assert typed(words, "shi").shown()[0] == "是"
    assert typed(words, "de").shown()[0] == "的"
    assert typed(words, "yinhang").shown()[0] == "银行"  # 行 read hang in this word


def test_a_word_can_be_found_before_it_is_typed_out(words):
    assert "社保" in typed(words, "sheb").shown()


def test_choosing_a_leading_word_keeps_the_rest_typed(words):
    ime = typed(words, "shebaoka")
    assert "社保" in ime.candidates()
    assert ime.choose("社保") == "社保" and ime.letters == "ka"


def test_more_pages_then_back_to_the_first(words):
    ime = typed(words, "shi")
    first = ime.shown()
    ime.more()
    assert ime.shown() and not set(ime.shown()) & set(first)
    while ime.page:
        ime.more()
    assert ime.shown() == first


def test_typing_a_name_in_chinese_with_the_keyboard(words):
    entry = TextEntry(mode=KeyboardMode.PINYIN, dictionary=words)
    for key in "zhang":
        entry.press(key)
    entry.choose("张")
    for key in "san":
        entry.press(key)
    entry.press("space")  # takes the first candidate
    assert entry.text == "张三" and entry.composing == ""
    entry.press("back")
    assert entry.text == "张"


def test_digits_letters_and_symbols(words):
    entry = TextEntry(mode=KeyboardMode.DIGITS, max_length=18, dictionary=words)
    for key in "11010519491231002X":
        entry.press(key)
    entry.press("9")  # beyond the field's length
    assert entry.text == "11010519491231002X"
    entry = TextEntry(mode=KeyboardMode.LETTERS, dictionary=words)
    entry.press("caps")
    entry.press("z")
    entry.press("caps")
    for key in ("h", "a", "space", "&", "-"):
        entry.press(key)
    assert entry.text == "Zha &-"
    with pytest.raises(ValueError):
        entry.press("F5")


def test_the_shipped_dictionary_is_what_jieba_and_pypinyin_give():
    script = Path(__file__).resolve().parents[3] / "scripts" / "make_pinyin_dictionary.py"
    spec = importlib.util.spec_from_file_location("make_pinyin_dictionary", script)
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    shipped = resources.files("kiosk.forms").joinpath("data/pinyin_words.tsv.gz").read_bytes()
    assert gzip.decompress(shipped) == maker.dictionary_text().encode("utf-8"), (
        "stale: run scripts/make_pinyin_dictionary.py")


def test_typing_pinyin_imports_neither_jieba_nor_pypinyin():
    code = """if True:
        import sys
        from kiosk.forms.keyboard import TextEntry
        entry = TextEntry()
        for key in ("s", "h", "e", "b", "a", "o", "space"):
            entry.press(key)
        assert entry.text == "社保", entry.text
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("jieba", "pypinyin")))
    """
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parents[3], timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_choosing_a_single_character_completion_clears_what_was_typed():
    from kiosk.forms.ime import PinyinInput

    entry = PinyinInput()
    for letter in "zh":
        entry.type(letter)
    assert "张" in entry.candidates()
    entry.choose("张")
    assert entry.letters == ""
