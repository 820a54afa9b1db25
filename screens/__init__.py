"""Kivy views: thin layouts bound to plain-Python flows."""
