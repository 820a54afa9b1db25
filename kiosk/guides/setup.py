"""Opening the terminal's catalogue store, with the bundled catalogue on first start."""

from __future__ import annotations

import base64
import threading
from collections.abc import Mapping

from kiosk.config import KioskConfig
from kiosk.events import EventBus
from kiosk.flows.guide import GuideFlow
from kiosk.flows.printing import PrintingFlow
from kiosk.platform.runtime import PlatformLink
from offline_cache.catalogue import CatalogueStore
from offline_cache.catalogue_sync import CatalogueUpdater, PeriodicSync
from peripherals.device import Device

STORE_FILE = "catalogue.sqlite"
HELP_LINE = "12345"
"""Government service hotline, named on paper when printing stops."""


def open_catalogue(config: KioskConfig, bus: EventBus | None = None) -> CatalogueUpdater:
    """The updater of this terminal's store; installs the bundled catalogue if there is none
    and it is signed with the pinned key (a refusal is published on ``bus``)."""
    store = CatalogueStore(config.data_dir / STORE_FILE)
    updater = CatalogueUpdater(store, base64.b64decode(config.catalogue.public_key), bus)
    updater.install_bundled()
    return updater


def build_guide_flow(
    config: KioskConfig, bus: EventBus, devices: Mapping[str, Device]
) -> GuideFlow:
    """The guide journey for the composition root: the catalogue store (bundled catalogue on
    first start; its search index built in the background from now) and printing on the first
    configured receipt printer, if any."""
    updater = open_catalogue(config, bus)
    threading.Thread(target=updater.store.search_index, name="guide-index", daemon=True).start()
    printer = next((d for d in devices.values() if d.device_class == "printer"), None)
    printing = PrintingFlow(printer, bus, config.locale.default, HELP_LINE) if printer else None
    return GuideFlow(
        updater.store, bus, config.site.name_zh, printing.print_document if printing else None
    )


def start_catalogue_sync(
    config: KioskConfig,
    bus: EventBus,
    guides: GuideFlow,
    platform: PlatformLink,
    interval_s: float,
) -> PeriodicSync:
    """Keep the running kiosk's catalogue current: sync now, then every ``interval_s``.
    Call ``stop()`` on the result at shutdown."""
    updater = CatalogueUpdater(guides.store, base64.b64decode(config.catalogue.public_key), bus)
    return PeriodicSync(updater, lambda: platform.client, interval_s).start()
