"""Locker events for screens, telemetry and the maintenance mode. No personal data: orders by
opaque id, compartments by ``<board>-<lock>``, actors by kind."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LockerDoorOpened:
    kind: str  # pickup | deposit
    order_id: str
    compartment: str


@dataclass(frozen=True)
class LockerDoorClosed:
    kind: str
    order_id: str
    compartment: str
    open_s: float


@dataclass(frozen=True)
class LockerDoorFailed:
    """A door did not open (``not_opened``) or its state is unknown (``no_reply`` …)."""

    kind: str
    order_id: str
    compartment: str
    reason: str


@dataclass(frozen=True)
class LockerDoorLeftOpen:
    order_id: str
    compartment: str
    open_s: float


@dataclass(frozen=True)
class PickupCodeEntryLocked:
    """Too many wrong pickup codes on this terminal; entry reopens after ``seconds``."""

    seconds: float


@dataclass(frozen=True)
class PickupIdentityMismatch:
    order_id: str


@dataclass(frozen=True)
class LockerReconciled:
    """After a restart: what became of a door intent left unfinished by the crash."""

    order_id: str
    compartment: str
    outcome: str  # opened | void | unresolved | closed
