"""Turning the kiosk's own bus events into alerts for the operators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.flows.printing import PrintJobStopped
from kiosk.guides.events import CatalogueRejected
from kiosk.lockers.events import (
    LockerDoorFailed,
    LockerDoorLeftOpen,
    LockerReconciled,
    PickupCodeEntryLocked,
)
from kiosk.telemetry.events import TerminalAlert
from kiosk.telemetry.protocol import Severity
from peripherals.status import DeviceState, DeviceStatusChanged, PaperState, PrinterMedia

_DEVICE_SEVERITY = {
    DeviceState.HARDWARE_ERROR: Severity.CRITICAL,
    DeviceState.OFFLINE: Severity.CRITICAL,
    DeviceState.NO_DEVICE: Severity.CRITICAL,
    DeviceState.USER_ERROR: Severity.WARNING,
}


def alert_for_device(change: DeviceStatusChanged) -> TerminalAlert | None:
    """A fault, a recovery or a paper-near-end warning; None for changes nobody acts on."""
    current, previous = change.current, change.previous
    code = current.last_error.code if current.last_error else current.state.value
    if current.state in _DEVICE_SEVERITY:
        detail: dict[str, Any] = {"state": current.state.value, "code": code}
        if change.recent_traffic:
            detail["traffic"] = list(change.recent_traffic)
        return TerminalAlert(
            "device_fault", _DEVICE_SEVERITY[current.state], current.device_id, detail
        )
    if current.ready and previous is not None and previous.state in _DEVICE_SEVERITY:
        return TerminalAlert(
            "device_recovered", Severity.INFO, current.device_id, {"state": current.state.value}
        )
    near_end = (
        isinstance(current.media, PrinterMedia) and current.media.paper is PaperState.NEAR_END
    )
    was_near = (
        previous is not None
        and isinstance(previous.media, PrinterMedia)
        and previous.media.paper is PaperState.NEAR_END
    )
    if near_end and not was_near:
        return TerminalAlert("paper_near_end", Severity.INFO, current.device_id, {})
    return None


def _print_stopped(stopped: PrintJobStopped) -> TerminalAlert:
    detail = {
        "document": stopped.document,
        "reason": stopped.reason,
        "may_have_printed": stopped.may_have_printed,
    }
    return TerminalAlert("print_stopped", Severity.WARNING, stopped.device_id, detail)


def _door_failed(failed: LockerDoorFailed) -> TerminalAlert:
    detail = {"compartment": failed.compartment, "reason": failed.reason, "for": failed.kind}
    return TerminalAlert("door_failed", Severity.WARNING, "lockers", detail)


def _reconciled(outcome: LockerReconciled) -> TerminalAlert | None:
    if outcome.outcome != "unresolved":
        return None
    return TerminalAlert(
        "locker_unresolved", Severity.WARNING, "lockers", {"compartment": outcome.compartment}
    )


# Other parts' bus events that become alerts: codes and numbers only, never an order's or a
# citizen's details.
BUS_ALERTS: dict[type, Callable[[Any], TerminalAlert | None]] = {
    PrintJobStopped: _print_stopped,
    CatalogueRejected: lambda e: TerminalAlert(
        "catalogue_rejected", Severity.WARNING, None, {"source": e.source, "reason": e.reason_key}
    ),
    LockerDoorLeftOpen: lambda e: TerminalAlert(
        "door_left_open",
        Severity.WARNING,
        "lockers",
        {"compartment": e.compartment, "open_s": round(e.open_s)},
    ),
    LockerDoorFailed: _door_failed,
    LockerReconciled: _reconciled,
    PickupCodeEntryLocked: lambda e: TerminalAlert(
        "pickup_lockout", Severity.WARNING, None, {"seconds": round(e.seconds)}
    ),
}
