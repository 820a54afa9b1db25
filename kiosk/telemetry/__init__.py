"""Fleet health over MQTT: the terminal's side (topic scheme in :mod:`kiosk.telemetry.protocol`).

``start_later(core)`` builds and starts :class:`~kiosk.telemetry.mqtt.MqttTelemetry` a few
seconds after launch; paho and the rest are imported then, never on the start-up path.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from kiosk.telemetry.events import TerminalAlert

if TYPE_CHECKING:
    from kiosk.app import KioskCore


class Telemetry(Protocol):
    def start(self) -> None:
        """Begin reporting in the background; never blocks on the network."""

    def stop(self) -> None:
        """Say goodbye (retained ``offline``) and disconnect."""

    def report(self, alert: TerminalAlert) -> None:
        """Send an alert to the operators; kept durably until the broker has it."""


def start_later(core: KioskCore, delay_s: float = 5.0) -> Callable[[], None]:
    """Start telemetry ``delay_s`` after launch on a background thread, so that importing and
    connecting never delay the first frame; returns the function that stops it."""
    started: list[Telemetry] = []

    def start() -> None:
        if not core.config.mqtt.enabled:
            return
        from kiosk.telemetry.setup import start_telemetry

        telemetry = start_telemetry(core)
        if telemetry is not None:
            started.append(telemetry)

    timer = threading.Timer(delay_s, start)
    timer.daemon = True
    timer.start()

    def stop() -> None:
        timer.cancel()
        timer.join()
        for telemetry in started:
            telemetry.stop()

    return stop
