"""What the on-screen keyboard types: a text with modes for pinyin, letters, digits, symbols.

Keys are strings: a letter ``a``–``z``, a digit, a symbol from :data:`SYMBOLS`, or one of
``space``, ``back``, ``clear``, ``caps``. In pinyin mode letters go to the input method and a
candidate is chosen with :meth:`TextEntry.choose` (``space`` takes the first one).
"""

from __future__ import annotations

from enum import Enum

from kiosk.forms.ime import PinyinDictionary, PinyinInput

LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
DIGIT_ROWS = ("123X", "456-", "7890")
SYMBOLS = ("-", "·", "(", ")", ".", ",", "/", "#", "@", "'", "&", "号", "室", "栋")
CONTROL_KEYS = ("space", "back", "clear", "caps")


class KeyboardMode(str, Enum):
    PINYIN = "pinyin"
    LETTERS = "letters"
    DIGITS = "digits"
    SYMBOLS = "symbols"


class TextEntry:
    def __init__(self, text: str = "", mode: KeyboardMode = KeyboardMode.PINYIN,
                 max_length: int = 60, dictionary: PinyinDictionary | None = None) -> None:
        self.text = text
        self.mode = mode
        self.max_length = max_length
        self.caps = False
        self.ime = PinyinInput(dictionary)

    @property
    def composing(self) -> str:
        """Pinyin letters typed but not yet turned into characters."""
        return self.ime.letters

    def set_mode(self, mode: KeyboardMode) -> None:
        self.ime.clear()
        self.mode = mode

    def press(self, key: str) -> None:
        if key == "back":
            if self.ime.letters:
                self.ime.back()
            else:
                self.text = self.text[:-1]
        elif key == "clear":
            self.text = ""
            self.ime.clear()
        elif key == "caps":
            self.caps = not self.caps
        elif key == "space":
            shown = self.ime.shown()
            if shown:
                self.choose(shown[0])
            else:
                self._append(" ")
        elif self.mode is KeyboardMode.PINYIN and len(key) == 1 and "a" <= key <= "z":
            self.ime.type(key)
        elif len(key) == 1 and key.isalpha() and key.isascii():
            self._append(key.upper() if self.caps else key)
        elif (len(key) == 1 and key.isdigit()) or key in SYMBOLS or key == "X":
            self._append(key)
        else:
            raise ValueError(f"not a key of the keyboard: {key!r}")

    def candidates(self) -> list[str]:
        return self.ime.shown() if self.mode is KeyboardMode.PINYIN else []

    def more_candidates(self) -> None:
        self.ime.more()

    def choose(self, word: str) -> None:
        self._append(self.ime.choose(word))

    def _append(self, text: str) -> None:
        if len(self.text) + len(text) <= self.max_length:
            self.text += text
