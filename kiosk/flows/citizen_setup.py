"""Building the booking, queue, evaluation and complaint flows from the kiosk core.

The screens call :func:`citizen_services` once (at app build, so the evaluation flow hears of
services finished from then on) and keep the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.flows.booking import BookableItem, BookingFlow, BookingSettings
from kiosk.flows.citizen_services import citizen_of
from kiosk.flows.complaint import HOTLINE, ComplaintFlow
from kiosk.flows.evaluation import EvaluationFlow
from kiosk.flows.printing import PrintingFlow
from kiosk.flows.queue import QueueFlow

if TYPE_CHECKING:
    from kiosk.app import KioskCore


@dataclass
class CitizenServices:
    booking: BookingFlow
    queue: QueueFlow
    evaluation: EvaluationFlow
    complaint: ComplaintFlow
    printing: PrintingFlow | None


def bookable_items(core: KioskCore) -> list[BookableItem]:
    """Every item of the active catalogue, most used first."""
    from kiosk.guides.setup import open_catalogue

    store = open_catalogue(core.config, core.bus).store
    try:
        guides = (store.guide(code) for code in store.codes_in())
        return [BookableItem(g.code, g.name, g.name_en) for g in guides if g is not None]
    finally:
        store.close()


class _PlatformClient:
    """The platform client, reached on first call (starting it is not free)."""

    def __init__(self, core: KioskCore) -> None:
        self._core = core

    def __getattr__(self, name: str) -> Any:
        return getattr(self._core.platform.client, name)


def citizen_services(core: KioskCore) -> CitizenServices:
    platform = core.platform
    client: Any = _PlatformClient(core)
    printer = next((d for d in core.devices.values() if d.device_class == "printer"), None)
    printing = (PrintingFlow(printer, core.bus, core.config.locale.default, HOTLINE)
                if printer else None)
    print_document = printing.print_document if printing else None
    centre = core.config.site.name_zh

    def citizen():
        return citizen_of(core.session, client)

    return CitizenServices(
        booking=BookingFlow(client, citizen, lambda: bookable_items(core),
                            print_document, BookingSettings(centre_name=centre)),
        queue=QueueFlow(client, print_document, centre),
        evaluation=EvaluationFlow(client, lambda: platform.outbox, citizen,
                                  lambda: core.session.id, core.bus),
        complaint=ComplaintFlow(lambda: platform.outbox),
        printing=printing,
    )
