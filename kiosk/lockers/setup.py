"""The pickup journey's parts for the composition root, built on first use.

The first configured ``class = "locker"`` device is the bus; its ``profile`` names the cabinet
layout. The bank lives in ``<data_dir>/lockers.sqlite``; confirmations go through the
platform link's outbox. The first use reconciles door intents left by a crash, before any
door is opened for anyone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.config import KioskConfig
from kiosk.events import EventBus
from kiosk.flows.deposit import DepositFlow
from kiosk.flows.pickup import Identity, PickupFlow, PickupSettings
from kiosk.lockers.bank import LockerBank
from kiosk.lockers.doors import Doors
from kiosk.session import Session
from peripherals.device import Device
from peripherals.locker.interface import LockerBus
from peripherals.locker.profile import CabinetLayout
from peripherals.scanner.interface import CodeScanner

if TYPE_CHECKING:
    from kiosk.flows.printing import PrintState
    from kiosk.platform.client import PlatformClient
    from offline_cache.outbox import Outbox


class PlatformSide(Protocol):
    """What the lockers need of the platform link: a client, and the outbox (on first use)."""

    client: PlatformClient
    outbox: Outbox


BANK_FILE = "lockers.sqlite"


def session_identity(session: Session) -> Identity | None:
    """The identity verified in this session (ID card, social-security card, login), if any."""
    personal = session.personal
    if personal.source is None:
        return None
    return Identity(personal.source, personal.get("id_number"))


def masked_name(name: str | None) -> str:
    return name[0] + "*" * (len(name) - 1) if name else ""


class LockerSite:
    """This terminal's lockers: one bank, one door controller, a fresh flow per visit."""

    def __init__(
        self,
        data_dir: Path,
        settings: PickupSettings,
        bus: EventBus,
        session: Session,
        locker: LockerBus,
        layout: CabinetLayout,
        platform: PlatformSide,
        printer: Device | None = None,
        say: Callable[..., None] | None = None,
        scanner: CodeScanner | None = None,
    ) -> None:
        self._data_dir, self._bus, self._session = data_dir, bus, session
        self._locker, self._layout, self._platform = locker, layout, platform
        self._printer, self._say = printer, say
        self.scanner = scanner
        self._doors: Doors | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.settings = settings

    @property
    def doors(self) -> Doors:
        """The door controller; the first call opens the bank and reconciles (blocking), then
        watches, in the background, each door the crash left open until it is shut."""
        with self._lock:
            if self._doors is None:
                bank = LockerBank(self._data_dir / BANK_FILE, self._layout)
                doors = Doors(bank, self._locker, self._platform.outbox, self._bus)
                doors.reconcile()
                for intent in bank.intents("opened"):
                    threading.Thread(target=doors.watch, args=(intent, self._stop),
                                     daemon=True, name="locker-door").start()  # fmt: skip
                self._doors = doors
            return self._doors

    def stop(self) -> None:
        """Stop the background door watches (shutting down)."""
        self._stop.set()

    def pickup_flow(self) -> PickupFlow:
        """A flow for a new visit; doors whose state was unknown are read again first."""
        self.doors.reconcile(("unknown",))
        return PickupFlow(self._platform.client, self.doors, self._bus,
                          lambda: session_identity(self._session), self.settings, self._say)  # fmt: skip

    def deposit_flow(self) -> DepositFlow:
        return DepositFlow(self._platform.client, self.doors, self._bus)

    @property
    def can_print(self) -> bool:
        return self._printer is not None

    def print_slip(self, flow: PickupFlow) -> PrintState | None:
        """Print the 送达回执 of a finished pickup (blocking; None without a printer)."""
        from kiosk.flows.printing import PrintingFlow

        job = flow.slip(masked_name(self._session.personal.get("name")))
        if self._printer is None or job is None:
            return None
        language = self._session.preferences.language
        staff_phone = self.settings.staff_phone
        return PrintingFlow(self._printer, self._bus, language, staff_phone).print_document(job)


def build_lockers(
    config: KioskConfig,
    bus: EventBus,
    session: Session,
    devices: Mapping[str, Device],
    platform: PlatformSide,
    say: Callable[..., None] | None = None,
) -> LockerSite | None:
    """The locker site for the first configured locker bus, or None if there is none."""
    from peripherals.locker.driver import layout_for

    name = next((n for n, d in devices.items() if d.device_class == "locker"), None)
    if name is None:
        return None
    printer = next((d for d in devices.values() if d.device_class == "printer"), None)
    scanner = next((d for d in devices.values() if d.device_class == "scanner"), None)
    locker: LockerBus = devices[name]  # type: ignore[assignment]
    layout = layout_for(config.peripherals[name])
    site = config.site
    settings = PickupSettings(staff_phone=site.staff_phone, centre_name=site.name_zh)
    return LockerSite(config.data_dir, settings, bus, session, locker, layout, platform,
                      printer, say, scanner)  # type: ignore[arg-type]  # fmt: skip
