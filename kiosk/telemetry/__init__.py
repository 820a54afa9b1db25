"""Fleet health over MQTT: the terminal's side (topic scheme in :mod:`kiosk.telemetry.protocol`).

``KioskCore.start()`` (after the first frame) builds and starts
:class:`~kiosk.telemetry.mqtt.MqttTelemetry` through :func:`kiosk.telemetry.setup.start_telemetry`;
paho and the rest are imported then, never on the start-up path.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.telemetry.events import TerminalAlert


class Telemetry(Protocol):
    def start(self) -> None:
        """Begin reporting in the background; never blocks on the network."""

    def stop(self) -> None:
        """Say goodbye (retained ``offline``) and disconnect."""

    def report(self, alert: TerminalAlert) -> None:
        """Send an alert to the operators; kept durably until the broker has it."""
