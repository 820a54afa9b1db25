"""Service evaluation pad (好差评评价器)."""
