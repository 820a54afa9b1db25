"""Keypad use: focus moves through every actionable control, Enter activates, a ring shows where.

Keys follow tactile kiosk keypads: arrows move, Enter (or keypad Enter) activates, Back
(Escape/Backspace) returns home, Help (F1, H or ?) speaks how to use the screen. Arrows move
spatially to the nearest control in that direction; with none there, they follow reading order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kivy.graphics import Color, Line
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

UP, DOWN, RIGHT, LEFT = 273, 274, 275, 276
ENTER, KEYPAD_ENTER = 13, 271
ESCAPE, BACKSPACE = 27, 8
F1 = 282
HELP_CHARS = ("h", "?")


def is_shown(widget: Widget) -> bool:
    """Visible and usable: attached to the window, not disabled, not transparent."""
    if widget.get_root_window() is None:
        return False
    node = widget
    while isinstance(node, Widget):  # up to the window, which is not a Widget
        if node.opacity == 0 or node.disabled:
            return False
        node = node.parent
    return True


Rect = tuple[float, float, float, float]


def window_rect(widget: Widget) -> Rect:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, widget.width, widget.height


def visible_rect(widget: Widget) -> Rect | None:
    """The part of ``widget`` not hidden by a scrolling area around it (window coordinates)."""
    x, y, w, h = window_rect(widget)
    node = widget.parent
    while isinstance(node, Widget):
        if isinstance(node, ScrollView):
            vx, vy, vw, vh = window_rect(node)
            left, bottom = max(x, vx), max(y, vy)
            right, top = min(x + w, vx + vw), min(y + h, vy + vh)
            if right <= left or top <= bottom:
                return None
            x, y, w, h = left, bottom, right - left, top - bottom
        node = node.parent
    return x, y, w, h


def actionable(roots: Iterable[Widget], include_scrolled_away: bool = False) -> list[Widget]:
    """Every control a citizen can press under ``roots``, in reading order: those on view, or
    also those scrolled out of view (the keypad reaches them and scrolls them in)."""
    found = [w for root in roots for w in root.walk(restrict=True)
             if isinstance(w, ButtonBehavior) and w.width > 0 and is_shown(w)
             and (include_scrolled_away or visible_rect(w) is not None)]
    return sorted(found, key=reading_order)


def scroll_into_view(widget: Widget, margin_px: float) -> None:
    """Scroll every scrolling area around ``widget`` so that it is fully shown."""
    node = widget.parent
    while isinstance(node, Widget):
        if isinstance(node, ScrollView):
            node.scroll_to(widget, padding=margin_px, animate=False)
        node = node.parent


def reading_order(widget: Widget) -> tuple[float, float]:
    x, top = widget.to_window(widget.x, widget.top)
    return (-round(top / 20), x)  # rows first (top to bottom), then left to right


def spoken_text(widget: Widget) -> str:
    """What a control says when focused: its own text or the texts of the labels inside it."""
    texts = [w.text for w in widget.walk(restrict=True) if isinstance(w, Label) and w.text]
    return " ".join(texts)


def _centre(widget: Widget) -> tuple[float, float]:
    return widget.to_window(*widget.center)


def nearest(current: Widget, candidates: list[Widget], key: int) -> Widget | None:
    """The closest control in the arrow's direction, favouring ones straight ahead."""
    cx, cy = _centre(current)
    best, best_score = None, None
    for widget in candidates:
        if widget is current:
            continue
        x, y = _centre(widget)
        dx, dy = x - cx, y - cy
        ahead, across = {UP: (dy, dx), DOWN: (-dy, dx), RIGHT: (dx, dy), LEFT: (-dx, dy)}[key]
        if ahead <= 1:
            continue
        score = ahead + 2 * abs(across)
        if best_score is None or score < best_score:
            best, best_score = widget, score
    return best


class FocusRing(Widget):
    """Draws a thick ring around the focused control (over everything else)."""

    def __init__(self, color: list[float], width_px: float, **kwargs) -> None:
        super().__init__(size_hint=(None, None), size=(0, 0), **kwargs)
        with self.canvas:
            self._color = Color(*color)
            self._line = Line(rectangle=(0, 0, 0, 0), width=width_px)
        self.target: Widget | None = None

    @property
    def margin(self) -> float:
        """Room the ring needs around its target."""
        return self._line.width * 3

    def set_style(self, color: list[float], width_px: float) -> None:
        self._color.rgba = color
        self._line.width = width_px

    def follow(self, target: Widget | None) -> None:
        if self.target is not None:
            self.target.unbind(pos=self._redraw, size=self._redraw)
        self.target = target
        if target is not None:
            target.bind(pos=self._redraw, size=self._redraw)
        self._redraw()

    def _redraw(self, *_args) -> None:
        if self.target is None or not is_shown(self.target):
            self._line.rectangle = (0, 0, 0, 0)
            return
        gap = self._line.width * 2
        x, y = self.target.to_window(*self.target.pos)
        self._line.rectangle = (x - gap, y - gap, self.target.width + 2 * gap,
                                self.target.height + 2 * gap)


class KeypadFocus:
    """Moves focus among the controls that ``controls()`` returns and activates them."""

    def __init__(
        self,
        controls: Callable[..., list[Widget]],
        ring: FocusRing,
        on_focus: Callable[[Widget], None],
        on_back: Callable[[], None],
        on_help: Callable[[], None],
    ) -> None:
        self._controls = controls
        self._ring = ring
        self._on_focus = on_focus
        self._on_back = on_back
        self._on_help = on_help
        self.focused: Widget | None = None

    def clear(self) -> None:
        self._focus(None)

    def restyle(self, color: list[float], width_px: float) -> None:
        self._ring.set_style(color, width_px)

    def handle_key(self, key: int, codepoint: str | None) -> bool:
        """Act on a key; True if it was a keypad key."""
        if key in (UP, DOWN, LEFT, RIGHT):
            self._move(key)
        elif key in (ENTER, KEYPAD_ENTER):
            if self.focused is not None and is_shown(self.focused):
                self.focused.trigger_action(duration=0)
            else:
                self._move(DOWN)
        elif key in (ESCAPE, BACKSPACE):
            self._on_back()
        elif key == F1 or (codepoint or "").lower() in HELP_CHARS:
            self._on_help()
        else:
            return False
        return True

    def _move(self, key: int) -> None:
        controls = self._controls(include_scrolled_away=True)
        if not controls:
            return
        if self.focused not in controls:
            target = controls[0]
        else:
            target = nearest(self.focused, controls, key)
            if target is None:  # nothing that way: continue in reading order, wrapping
                step = 1 if key in (DOWN, RIGHT) else -1
                target = controls[(controls.index(self.focused) + step) % len(controls)]
        self._focus(target)
        self._on_focus(target)

    def _focus(self, target: Widget | None) -> None:
        """Move the ring; a focused control whose text changes (a print button saying "done")
        is read out again."""
        if self.focused is not None and hasattr(self.focused, "text"):
            self.focused.unbind(text=self._text_changed)
        self.focused = target
        if target is not None:
            scroll_into_view(target, margin_px=self._ring.margin)
            if hasattr(target, "text"):
                target.bind(text=self._text_changed)
        self._ring.follow(target)

    def _text_changed(self, widget: Widget, _text: str) -> None:
        self._on_focus(widget)
