"""Composition root of the core: config → event bus → session → flows, and devices.

Nothing here imports Kivy; ``screens.app`` builds the views on top of :class:`KioskCore`.
:func:`build_core` builds only what the home screen needs, so the first frame comes quickly;
:meth:`KioskCore.load_journeys` then builds the journeys' flows (catalogue and search index,
printer codecs, identity, lockers), which ``kiosk run`` does in the background.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.config import KioskConfig
from kiosk.events import EventBus, JourneysReady
from kiosk.flows.accessibility import AccessibilityPanel
from kiosk.flows.navigation import Navigator
from kiosk.platform.runtime import PlatformLink
from kiosk.session import Preferences, Session
from kiosk.speech.reader import ScreenReader
from kiosk.speech.speaker import EspeakSpeaker, Speaker
from peripherals.device import Device
from peripherals.poller import StatusPoller
from peripherals.registry import build_devices
from peripherals.status import StatusBoard

if TYPE_CHECKING:
    from kiosk.flows.guide import GuideFlow
    from kiosk.flows.qr_login import LoginFlow
    from kiosk.lockers.setup import LockerSite
    from kiosk.telemetry import Telemetry
    from offline_cache.catalogue_sync import PeriodicSync


@dataclass
class KioskCore:
    config: KioskConfig
    bus: EventBus
    session: Session
    navigator: Navigator
    demo: bool
    devices: dict[str, Device]
    """Configured device adapters by id (``[peripherals.<id>]``), built by ``peripherals.registry``."""
    device_status: StatusBoard
    platform: PlatformLink
    """Platform client and durable outbox, started on first use (``kiosk.platform.runtime``)."""
    reader: ScreenReader
    accessibility: AccessibilityPanel
    guides: GuideFlow | None = None
    """Guide lookup over the terminal's catalogue store (bundled catalogue on first start)."""
    login: LoginFlow | None = None
    """Who is at the kiosk: QR, app code, ID card or social-security card (``qr_login``)."""
    lockers: LockerSite | None = None
    """Pickup lockers, if a ``class = "locker"`` device is configured (``kiosk.lockers.setup``)."""
    poller: StatusPoller | None = None
    telemetry: Telemetry | None = None
    """Reporting to the operations manager (``[mqtt] enabled``), started by :meth:`start`."""
    catalogue_sync: PeriodicSync | None = None
    """Keeps the guide catalogue current from the platform, started by :meth:`start`."""
    journeys_ready: threading.Event = field(default_factory=threading.Event)

    def load_journeys(self) -> None:
        """Build the journeys' flows (slow imports and disk work), then publish JourneysReady."""
        if self.journeys_ready.is_set():
            return
        from kiosk.guides.setup import build_guide_flow
        from kiosk.identity.setup import build_login_flow
        from kiosk.lockers.setup import build_lockers

        config, bus, devices = self.config, self.bus, self.devices
        self.guides = build_guide_flow(config, bus, devices)
        self.login = build_login_flow(config, bus, self.session, devices, self.platform)
        self.lockers = build_lockers(
            config, bus, self.session, devices, self.platform, self.reader.say_key
        )
        self.journeys_ready.set()
        bus.publish(JourneysReady())

    def start(self) -> None:
        """Start the background work: device status polling, telemetry and catalogue sync.
        Called once the first frame is up (paho and the rest of telemetry are imported only
        then)."""
        if self.poller is None:
            self.poller = StatusPoller(self.devices)
        self.poller.start()
        if self.telemetry is None and self.config.mqtt.enabled:
            from kiosk.telemetry.setup import start_telemetry

            self.telemetry = start_telemetry(self)
        if self.catalogue_sync is None and self.guides is not None:
            from kiosk.guides.setup import start_catalogue_sync

            interval = self.config.catalogue.sync_interval_s
            self.catalogue_sync = start_catalogue_sync(
                self.config, self.bus, self.guides, self.platform, interval
            )

    def stop(self) -> None:
        """Stop background work and close the platform link (the app is closing)."""
        if self.telemetry is not None:
            self.telemetry.stop()  # a clean goodbye: retained "offline", no will
        if self.poller is not None:
            self.poller.stop()
        if self.catalogue_sync is not None:
            self.catalogue_sync.stop()
        self.platform.close()


def build_core(
    config: KioskConfig,
    demo: bool = False,
    clock: Callable[[], float] = time.monotonic,
    speaker: Speaker | None = None,
) -> KioskCore:
    bus = EventBus()
    defaults = Preferences(
        language=config.locale.default,
        text_size=config.accessibility.text_size,
        contrast=config.accessibility.contrast,
        voice=config.accessibility.voice,
        low_position=config.accessibility.low_position,
    )
    session = Session(bus, defaults, config.timeouts.idle_s, config.timeouts.warning_s, clock)
    navigator = Navigator(bus)
    speaker = speaker or EspeakSpeaker(config.speech.device, config.speech.headset_device)
    reader = ScreenReader(bus, session, speaker)
    device_status = StatusBoard(bus)
    devices = build_devices(config, device_status)  # links open lazily: no hardware wait here
    platform = PlatformLink(config, bus)
    return KioskCore(
        config=config, bus=bus, session=session, navigator=navigator, demo=demo,
        devices=devices, device_status=device_status, platform=platform,
        reader=reader, accessibility=AccessibilityPanel(session, reader),
    )
