"""Opening the terminal's catalogue store, with the bundled catalogue on first start."""

from __future__ import annotations

import base64

from kiosk.config import KioskConfig
from kiosk.events import EventBus
from offline_cache.catalogue import CatalogueStore
from offline_cache.catalogue_sync import CatalogueUpdater

STORE_FILE = "catalogue.sqlite"


def open_catalogue(config: KioskConfig, bus: EventBus | None = None) -> CatalogueUpdater:
    """The updater of this terminal's store; installs the bundled catalogue if there is none
    and it is signed with the pinned key (a refusal is published on ``bus``)."""
    store = CatalogueStore(config.data_dir / STORE_FILE)
    updater = CatalogueUpdater(store, base64.b64decode(config.catalogue.public_key), bus)
    updater.install_bundled()
    return updater
