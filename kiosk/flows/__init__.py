"""One plain-Python state machine per journey; screens bind to them, tests drive them directly."""
