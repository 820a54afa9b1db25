"""On-screen keyboard: a thin view over :class:`kiosk.forms.keyboard.TextEntry`.

Modes pinyin (with a candidate bar from the pinyin input method), letters, digits and symbols;
space, delete, clear and the mode keys on one row. Every key is a button, so the keypad reaches it.
``masked`` entries (ID numbers …) are spoken as "digit entered", never the character.
Use: ``keyboard.attach(entry, on_change)``; ``on_change()`` runs after every key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button

from kiosk.forms.keyboard import (
    DIGIT_ROWS,
    LETTER_ROWS,
    SYMBOLS,
    KeyboardMode,
    TextEntry,
)

KV = Path(__file__).with_name("keyboard.kv")
if str(KV) not in Builder.files:
    Builder.load_file(str(KV))

SYMBOL_ROWS = (SYMBOLS[:7], SYMBOLS[7:])


class KeyboardKey(Button):
    key = StringProperty("")


class CandidateKey(Button):
    word = StringProperty("")


class ModeKey(Button):
    mode = StringProperty("")
    selected = BooleanProperty(False)


class OnScreenKeyboard(BoxLayout):
    """Keys for one :class:`TextEntry`; ``modes`` limits what the field may switch to."""

    composing = StringProperty("")
    masked = BooleanProperty(False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entry: TextEntry | None = None
        self._on_change: Callable[[], None] = lambda: None
        self.modes: Sequence[KeyboardMode] = tuple(KeyboardMode)
        self._layout: tuple = ()  # what the key rows were built for

    def attach(self, entry: TextEntry, on_change: Callable[[], None],
               modes: Sequence[KeyboardMode] = tuple(KeyboardMode), masked: bool = False) -> None:
        self.entry, self._on_change, self.modes, self.masked = entry, on_change, modes, masked
        self.render()

    def detach(self) -> None:
        """Forget the entry (it may hold what a citizen typed)."""
        self.entry, self._on_change = None, lambda: None
        self.render()

    def press(self, key: str) -> None:
        assert self.entry is not None
        self.entry.press(key)
        if self.masked and key not in ("back", "clear", "caps"):
            App.get_running_app().core.reader.masked_entry()
        self._changed()

    def choose(self, word: str) -> None:
        assert self.entry is not None
        self.entry.choose(word)
        self._changed()

    def more(self) -> None:
        assert self.entry is not None
        self.entry.more_candidates()
        self.render()

    def set_mode(self, mode: str) -> None:
        assert self.entry is not None
        self.entry.set_mode(KeyboardMode(mode))
        self._changed()

    def _changed(self) -> None:
        self.render()
        self._on_change()

    def key_button(self, key: str) -> KeyboardKey | None:
        """The button of ``key`` on view (tests and the keypad walk use it)."""
        return next((w for w in self.walk(restrict=True)
                     if isinstance(w, KeyboardKey) and w.key == key), None)

    def candidate_button(self, word: str) -> CandidateKey | None:
        return next((w for w in self.walk(restrict=True)
                     if isinstance(w, CandidateKey) and w.word == word), None)

    def render(self) -> None:
        entry, ids = self.entry, self.ids
        ids.candidates.clear_widgets()
        if entry is None:
            return
        self.composing = entry.composing
        for word in entry.candidates():
            ids.candidates.add_widget(CandidateKey(word=word, on_release=lambda b: self.choose(b.word)))
        if entry.composing:
            ids.candidates.add_widget(KeyboardKey(key="more", on_release=lambda _b: self.more()))
        layout = (entry.mode, entry.caps, tuple(self.modes))
        if layout == self._layout:  # only the candidates change as letters are typed
            return
        self._layout = layout
        ids.rows.clear_widgets()
        ids.controls.clear_widgets()
        rows = {KeyboardMode.DIGITS: DIGIT_ROWS, KeyboardMode.SYMBOLS: SYMBOL_ROWS}.get(
            entry.mode, LETTER_ROWS)
        for row in rows:
            line = BoxLayout(size_hint_y=None, spacing=App.get_running_app().mm(2.8))
            line.bind(minimum_height=line.setter("height"))
            for key in row:
                shown = key.upper() if entry.caps and entry.mode is KeyboardMode.LETTERS else key
                line.add_widget(KeyboardKey(key=key, text=shown,
                                            on_release=lambda b: self.press(b.key)))
            ids.rows.add_widget(line)
        if len(self.modes) > 1:
            for mode in self.modes:
                ids.controls.add_widget(ModeKey(mode=mode.value, selected=mode is entry.mode,
                                             on_release=lambda b: self.set_mode(b.mode)))
        controls = ["space", "back", "clear"]
        if entry.mode is KeyboardMode.LETTERS:
            controls.append("caps")
        for key in controls:
            ids.controls.add_widget(KeyboardKey(key=key, on_release=lambda b: self.press(b.key)))
