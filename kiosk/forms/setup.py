"""Building the form journey and the progress lookup from the kiosk core (for the screens)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.events import SessionEnded
from kiosk.flows.citizen_services import citizen_of
from kiosk.flows.form import FormFlow
from kiosk.flows.printing import PrintingFlow
from kiosk.flows.progress import ProgressLookup
from kiosk.forms.model import bundled_forms
from kiosk.forms.notices import NoticeSettings

if TYPE_CHECKING:
    from kiosk.app import KioskCore


@dataclass
class FormServices:
    form: FormFlow
    progress: ProgressLookup
    printing: PrintingFlow | None


class _LazyClient:
    """The platform client, started on first call (starting it is not free)."""

    def __init__(self, core: KioskCore) -> None:
        self._core = core

    def __getattr__(self, name: str) -> Any:
        return getattr(self._core.platform.client, name)


def _device(core: KioskCore, device_class: str) -> Any | None:
    return next((d for d in core.devices.values() if d.device_class == device_class), None)


def form_services(core: KioskCore) -> FormServices:
    config, client = core.config, _LazyClient(core)
    printer = _device(core, "printer")
    printing = (PrintingFlow(printer, core.bus, config.locale.default, config.site.staff_phone)
                if printer else None)
    settings = NoticeSettings(config.site.name_zh, config.site.staff_phone, config.terminal.id)
    form = FormFlow(
        bundled_forms(), core.session, core.bus, lambda: core.platform.outbox,
        lambda: citizen_of(core.session, client), settings,
        printing.print_document if printing else None, _device(core, "doccam"), client)
    progress = ProgressLookup(client, settings.progress_url, _device(core, "scanner"))
    core.bus.subscribe(SessionEnded, lambda _event: progress.reset())
    return FormServices(form, progress, printing)
