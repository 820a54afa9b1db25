"""The login journey for the composition root: the platform, its pinned key, and the first
configured scanner, ID-card reader and PC/SC reader (each optional)."""

from __future__ import annotations

import base64
from collections.abc import Mapping

from kiosk.config import KioskConfig
from kiosk.events import EventBus
from kiosk.flows.qr_login import LoginFlow
from kiosk.platform.runtime import PlatformLink
from kiosk.session import Session
from peripherals.device import Device


def build_login_flow(
    config: KioskConfig,
    bus: EventBus,
    session: Session,
    devices: Mapping[str, Device],
    platform: PlatformLink,
) -> LoginFlow:
    def first(device_class: str):
        return next((d for d in devices.values() if d.device_class == device_class), None)

    return LoginFlow(
        session,
        bus,
        lambda: platform.client,  # created on first use, on the flow's worker thread
        base64.b64decode(config.catalogue.public_key),
        config.terminal.id,
        scanner=first("scanner"),
        idcard=first("idcard"),
        sscard=first("pcsc"),
    )
