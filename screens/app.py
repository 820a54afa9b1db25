"""The Kivy application: window, theme, header, screen manager and idle warning.

A thin view over :class:`kiosk.app.KioskCore`: it forwards input to the session and flows and
follows their events. Everything a citizen sees is looked up through :meth:`KioskApp.tr`.
"""

from __future__ import annotations

import importlib
import logging
import math
import threading
from datetime import datetime
from pathlib import Path

from kivy.app import App
from kivy.clock import Clock, mainthread
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    StringProperty,
)
from kivy.uix.screenmanager import NoTransition, Screen, ScreenManager

from kiosk.accessibility import TEXT_CAP_MM, px_per_mm, reach_band
from kiosk.app import KioskCore
from kiosk.events import (
    IdleWarning,
    IdleWarningCleared,
    LanguageChanged,
    JourneysReady,
    PreferencesChanged,
    SessionEnded,
)
from kiosk.flows.navigation import Journey
from kiosk.fonts import CjkFont
from kiosk.i18n import translate
from kiosk.telemetry.events import RestartRequested
from kiosk.theme import palette_for, rgba
from screens import accessibility, home, journey
from screens.focus import FocusRing, KeypadFocus, actionable, reading_order, spoken_text

KV_DIR = Path(__file__).parent
log = logging.getLogger(__name__)
FOCUS_RING_MM = 1.2


def cap_height_ratio() -> float:
    """Capital height / font size of the default (CJK) font, measured by rendering "H"."""
    from kivy.core.text import Label as CoreLabel

    label = CoreLabel(text="H", font_size=200)
    label.refresh()
    texture = label.texture
    alpha = texture.pixels[3::4]
    width = texture.width
    rows = [y for y in range(texture.height) if any(alpha[y * width:(y + 1) * width])]
    return (rows[-1] - rows[0] + 1) / 200


def use_cjk_font(font: CjkFont) -> None:
    """Make the CJK font Kivy's default, so no label can fall back to a font without Chinese."""
    LabelBase.register(DEFAULT_FONT, fn_regular=str(font.regular), fn_bold=str(font.bold))


def journey_screen(journey_def: Journey, ready: bool) -> Screen:
    """The view of a journey: ``screens/<name>.py`` with ``<Name>Screen`` and ``<name>.kv`` once
    the journey is built and its flow loaded; until loaded, a placeholder saying "one moment";
    for a journey not built, one saying it is not available on this terminal."""
    if not journey_def.built or not ready:
        return journey.JourneyScreen(journey_def, loading=journey_def.built, name=journey_def.name)
    module = importlib.import_module(f"screens.{journey_def.name}")
    kv_file = KV_DIR / f"{journey_def.name}.kv"
    if kv_file.exists() and str(kv_file) not in Builder.files:
        Builder.load_file(str(kv_file))
    class_name = "".join(part.title() for part in journey_def.name.split("_")) + "Screen"
    return getattr(module, class_name)(name=journey_def.name)


class KioskApp(App):
    """The kiosk window. ``lang`` and the colour/size properties drive every binding in kv."""

    lang = StringProperty("zh_CN")
    site_name = StringProperty("")
    clock_text = StringProperty("")
    idle_warning_visible = BooleanProperty(False)
    idle_seconds_left = NumericProperty(0)
    elderly = BooleanProperty(False)
    large_text = BooleanProperty(False)  # the two largest sizes: layouts drop to one column
    reach_bottom = NumericProperty(0.0)  # the low-position layout keeps controls in this band
    reach_height = NumericProperty(1.0)
    px_per_mm = NumericProperty(4.0)
    text_body = NumericProperty(26)
    text_title = NumericProperty(40)
    c_brand = ListProperty([0, 0, 0, 1])
    c_on_brand = ListProperty([1, 1, 1, 1])
    c_background = ListProperty([1, 1, 1, 1])
    c_surface = ListProperty([1, 1, 1, 1])
    c_text = ListProperty([0, 0, 0, 1])
    c_muted = ListProperty([0, 0, 0, 1])
    c_accent = ListProperty([0, 0, 1, 1])

    def __init__(self, core: KioskCore, **kwargs) -> None:
        super().__init__(**kwargs)
        self.core = core
        self.title = "govkiosk"
        self.manager: ScreenManager | None = None
        self.focus: KeypadFocus | None = None
        self.restart_requested = False
        self._cap_ratio = 0.73

    # --- building -------------------------------------------------------------------------
    def build(self):
        for name in ("widgets", "home", "journey", "accessibility", "shell"):
            Builder.load_file(str(KV_DIR / f"{name}.kv"))
        root = Builder.load_string("KioskRoot:")
        self._cap_ratio = cap_height_ratio()
        self.manager = root.ids.manager
        self.manager.transition = NoTransition()  # instant: no animation for elderly users or software GL
        self.manager.add_widget(home.HomeScreen(name="home"))
        ready = self.core.journeys_ready.is_set()
        for journey_def in self.core.navigator.journeys.values():
            self.manager.add_widget(journey_screen(journey_def, ready))
        self.manager.add_widget(accessibility.AccessibilityScreen(name="accessibility"))
        if ready:
            self._add_maintenance_screen()
        self.manager.bind(current=lambda *_: self._on_screen_shown())
        ring = FocusRing(self.c_accent, self.mm(FOCUS_RING_MM))
        root.add_widget(ring)
        self.focus = KeypadFocus(
            self.focusable_controls, ring, on_focus=self._on_focus, on_back=self._on_back_key,
            on_help=self._on_help_key,
        )
        self._wire_core()
        self.apply_preferences()
        Window.bind(on_touch_down=self._on_any_touch, on_key_down=self._on_any_key)
        Window.bind(on_flip=self._after_first_frame)
        Clock.schedule_interval(self._tick, 1.0)
        self._tick(0)
        return root

    def _after_first_frame(self, *_args) -> None:
        Window.unbind(on_flip=self._after_first_frame)
        threading.Thread(target=self._warm_up, name="warm-up", daemon=True).start()

    def _warm_up(self) -> None:
        """Off the UI thread: build the journeys' flows, then start device polling."""
        try:
            self.core.load_journeys()
        except Exception:  # noqa: BLE001 - the home screen stays usable; the log says why
            log.exception("journeys could not be loaded")
        self.core.start()

    @mainthread
    def _install_journey_screens(self) -> None:
        self._add_maintenance_screen()
        for journey_def in self.core.navigator.journeys.values():
            placeholder = self.manager.get_screen(journey_def.name)
            if journey_def.built and isinstance(placeholder, journey.JourneyScreen):
                showing = self.manager.current == journey_def.name
                self.manager.remove_widget(placeholder)
                self.manager.add_widget(journey_screen(journey_def, ready=True))
                if showing:
                    self.manager.current = journey_def.name

    def _add_maintenance_screen(self) -> None:
        """The technicians' screen (hidden gesture, then PIN or card): added with the journeys,
        after the first frame, as its tooling is slow to import."""
        from screens import maintenance

        self.manager.add_widget(maintenance.MaintenanceScreen(name="maintenance"))

    def on_stop(self) -> None:
        self.core.stop()

    @mainthread
    def _restart(self) -> None:
        """The operations manager asked for a restart: close; the service manager starts us."""
        self.restart_requested = True
        self.stop()

    def _wire_core(self) -> None:
        bus = self.core.bus
        self.core.navigator.on_change(self._show_screen)
        bus.subscribe(LanguageChanged, lambda e: self._set_language(e.language))
        bus.subscribe(IdleWarning, lambda e: self._show_idle_warning(e.seconds_left))
        bus.subscribe(IdleWarningCleared, lambda e: self._hide_idle_warning())
        bus.subscribe(SessionEnded, lambda e: self._after_session_end())
        bus.subscribe(PreferencesChanged, lambda e: self._preferences_changed())
        bus.subscribe(JourneysReady, lambda e: self._install_journey_screens())
        bus.subscribe(RestartRequested, lambda e: self._restart())

    # --- what the kv files call -----------------------------------------------------------
    def tr(self, key: str, lang: str | None = None, **values) -> str:
        """Translated text; kv passes ``app.lang`` so bindings re-run on a language switch."""
        return translate(key, lang or self.lang, **values)

    def mm(self, millimetres: float) -> float:
        """Physical millimetres on this panel, in pixels."""
        return millimetres * self.px_per_mm

    def open_journey(self, name: str) -> None:
        self.core.navigator.open(name)

    def go_home(self) -> None:
        self.core.navigator.go_home()

    def toggle_language(self) -> None:
        other = "en" if self.lang == "zh_CN" else "zh_CN"
        self.core.session.set_preferences(language=other)

    def finish_session(self) -> None:
        self.core.session.finish()

    def continue_session(self) -> None:
        self.core.session.touch()

    def focusable_controls(self, include_scrolled_away: bool = False) -> list:
        """What the keypad moves through: the idle warning while it shows, else header and screen."""
        root = self.root
        roots = [root.ids.idle_panel] if self.idle_warning_visible else [
            root.ids.header, self.manager.current_screen]
        return actionable(roots, include_scrolled_away)

    def announce_screen(self) -> None:
        """Speak the current screen's texts in reading order (buttons are read when focused)."""
        from kivy.uix.behaviors import ButtonBehavior
        from kivy.uix.label import Label

        screen = self.manager.current_screen
        inside_buttons = {
            id(w) for b in screen.walk() if isinstance(b, ButtonBehavior) for w in b.walk()
        }
        labels = [w for w in screen.walk() if isinstance(w, Label) and w.text
                  and id(w) not in inside_buttons and w.opacity > 0]
        self.core.reader.say(*(w.text for w in sorted(labels, key=reading_order)))

    # --- following the core ---------------------------------------------------------------
    def apply_preferences(self) -> None:
        prefs = self.core.session.preferences
        config = self.core.config
        self.px_per_mm = px_per_mm(config.screen, Window.width)
        palette = palette_for(config.site.region.value, prefs.contrast)
        for token in ("brand", "on_brand", "background", "surface", "text", "accent"):
            setattr(self, f"c_{token}", rgba(getattr(palette, token)))
        self.c_muted = rgba(palette.muted_text)
        cap_px = self.mm(TEXT_CAP_MM[prefs.text_size])
        self.text_body = math.ceil(cap_px / self._cap_ratio)
        self.text_title = math.ceil(self.text_body * 1.4)
        self.elderly = prefs.elderly
        self.large_text = prefs.text_size >= 3
        bottom, top = reach_band(config.screen) if prefs.low_position else (0.0, 1.0)
        self.reach_bottom, self.reach_height = bottom, top - bottom
        if self.focus is not None:
            self.focus.restyle(self.c_accent, self.mm(FOCUS_RING_MM))
        self._set_language(prefs.language)

    def _set_language(self, language: str) -> None:
        self.lang = language
        site = self.core.config.site
        self.site_name = site.name_zh if language == "zh_CN" else site.name_en

    @mainthread
    def _show_screen(self, name: str) -> None:
        if self.manager is not None and self.manager.current != name:
            self.manager.current = name

    @mainthread
    def _show_idle_warning(self, seconds_left: int) -> None:
        self.idle_seconds_left = seconds_left
        self.idle_warning_visible = True

    @mainthread
    def _hide_idle_warning(self) -> None:
        self.idle_warning_visible = False

    @mainthread
    def _after_session_end(self) -> None:
        self.idle_warning_visible = False
        self.focus.clear()

    @mainthread
    def _preferences_changed(self) -> None:
        self.apply_preferences()

    def _on_screen_shown(self) -> None:
        self.focus.clear()
        Clock.schedule_once(lambda _dt: self.announce_screen(), 0)  # after the screen laid out

    def _on_focus(self, widget) -> None:
        self.core.reader.say(spoken_text(widget))

    def _on_back_key(self) -> None:
        if self.idle_warning_visible:
            self.continue_session()
        else:
            self.go_home()

    def _on_help_key(self) -> None:
        self.core.reader.say_key("speech.help")

    def _on_any_touch(self, _window, _touch) -> bool:
        self.core.session.touch()
        return False  # let the widgets have the touch too

    def _on_any_key(self, _window, key, _scancode, codepoint, _modifiers) -> bool:
        self.core.session.touch()
        return self.focus.handle_key(key, codepoint)

    def _tick(self, _dt: float) -> None:
        self.clock_text = datetime.now().strftime("%Y-%m-%d  %H:%M")
        self.core.session.tick()
