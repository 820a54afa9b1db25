"""Accessibility panel (reachable from every screen through the header button)."""

from __future__ import annotations

from kivy.uix.screenmanager import Screen


class AccessibilityScreen(Screen):
    pass
