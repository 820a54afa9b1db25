"""Kivy views: thin layouts bound to plain-Python flows.

Importing this package sets Kivy's environment first: no command-line parsing, and Kivy logs
through Python's logging (our JSON lines) instead of its own console and file handlers.
"""

import os

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
