"""Fault-injection switches of the reference server, set from the command line, Python or
``POST /_sim/faults``. Each request draws its own luck; a seed makes a run repeatable."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class Faults:
    latency_s: float = 0.0
    """Delay before every answer."""
    error_rate: float = 0.0
    """Share of requests answered 503 without being processed."""
    drop_rate: float = 0.0
    """Share of requests processed and then left without an answer (connection closed)."""
    truncate_rate: float = 0.0
    """Share of answers cut in half: the full Content-Length is announced, half is sent."""
    down: bool = False
    """Every request is dropped unprocessed, as if the platform were unreachable."""
    seed: int | None = None
    _random: random.Random = field(default_factory=random.Random, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._random.seed(self.seed)

    def update(self, **values: Any) -> None:
        """Change switches; unknown names raise ``TypeError`` (the admin endpoint's 400)."""
        for name, value in values.items():
            if name.startswith("_") or name not in self.settings():
                raise TypeError(f"unknown fault switch {name!r}")
            if name == "down":
                value = bool(value)
            elif name != "seed":
                value = float(value)
                if not 0 <= value <= (60 if name == "latency_s" else 1):
                    raise ValueError(f"{name} out of range")
            setattr(self, name, value)
        if "seed" in values:
            self._random.seed(self.seed)

    def settings(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}

    def roll(self, rate: float) -> bool:
        with self._lock:
            return rate > 0 and self._random.random() < rate
