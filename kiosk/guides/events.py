"""Events about the installed catalogue, for the screens, telemetry and maintenance mode."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CatalogueInstalled:
    """A verified catalogue version is now the one shown (``source``: sync, import, bundled)."""

    version: str
    published_at: str
    items: int
    source: str


@dataclass(frozen=True)
class CatalogueRejected:
    """A download or file was refused; the last good version stays. A health event."""

    source: str
    reason_key: str
    detail: str
