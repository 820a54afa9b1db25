"""Bus events telemetry reports, and those it raises for remote commands.

Any part of the kiosk can raise an alert for the operators by publishing :class:`TerminalAlert`
on the event bus (lockers: ``door_left_open``, ``pickup_lockout``); device faults, stopped print
jobs and rejected catalogues are turned into alerts by :mod:`kiosk.telemetry.alerts`.
``detail`` holds codes and counts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.telemetry.protocol import Severity


@dataclass(frozen=True)
class TerminalAlert:
    kind: str
    severity: Severity
    device: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MaintenanceChanged:
    """The terminal entered (``active``) or left maintenance mode by remote command."""

    active: bool


@dataclass(frozen=True)
class RestartRequested:
    """The operations manager asked for an application restart."""
