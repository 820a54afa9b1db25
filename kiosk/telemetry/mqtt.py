"""``MqttTelemetry``: the terminal's link to the operations manager (the only paho import).

paho runs its network loop on its own thread (``connect_async`` + ``loop_start``, reconnect
with backoff); its callbacks only put work on a queue. One worker thread owns the sequence
numbers and does the publishing: birth on every (re)connect, health every
``health_interval_s`` and on every device change, buffered events, command answers.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from kiosk.config import Mqtt
from kiosk.events import EventBus
from kiosk.logs import REDACTOR
from kiosk.telemetry.alerts import BUS_ALERTS, alert_for_device
from kiosk.telemetry.commands import CommandDesk, Handler
from kiosk.telemetry.events import TerminalAlert
from kiosk.telemetry.health import HealthCollector
from kiosk.telemetry.protocol import Severity, Topics, decode, encode, iso, next_seq, utc_now
from kiosk.telemetry.store import TelemetryStore
from peripherals.status import DeviceStatusChanged

log = logging.getLogger("govkiosk.telemetry")

IN_FLIGHT = 50  # events sent and not yet acknowledged at one time
REBIRTH_AFTER = ("rebirth", "enter_maintenance", "leave_maintenance")


@dataclass(frozen=True)
class Identity:
    """What a birth message says about the terminal."""

    site: str
    terminal: str
    version: str
    config_hash: str
    site_name: str


def _scrub(value: Any) -> Any:
    """Last guard: mask anything shaped like personal data in every string of a payload."""
    if isinstance(value, str):
        return REDACTOR(value)
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


class MqttTelemetry:
    """Implements :class:`kiosk.telemetry.Telemetry` over MQTT 5 with TLS."""

    def __init__(
        self,
        settings: Mqtt,
        identity: Identity,
        bus: EventBus,
        store: TelemetryStore,
        health: HealthCollector,
        handlers: dict[str, Handler] | None = None,
        birth_facts: Callable[[], dict[str, Any]] = dict,
    ) -> None:
        self._settings = settings
        self._identity = identity
        self._bus = bus
        self._store = store
        self._health = health
        self._birth_facts = birth_facts
        self.topics = Topics(settings.topic_prefix, identity.site, identity.terminal)
        self._desk = CommandDesk(
            store,
            {
                "rebirth": self._rebirth_command,
                "collect_diagnostics": self._diagnostics,
                **(handlers or {}),
            },
        )
        self._work: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._seq = 255
        self._bdseq = 0
        self._connected = False
        self._inflight: dict[int, int] = {}  # paho mid → event row
        self._health_due = 0.0
        self._unsubscribe: list[Callable[[], None]] = []
        self._worker: threading.Thread | None = None
        self._client: mqtt.Client | None = None

    # ---- life cycle -------------------------------------------------------------------
    def start(self) -> None:
        """Connect in the background; returns at once (the first frame never waits for this)."""
        if self._store.mark_running():
            self.report(TerminalAlert("crash_recovery", Severity.WARNING))
        self._unsubscribe = [
            self._bus.subscribe(DeviceStatusChanged, self._on_device),
            self._bus.subscribe(TerminalAlert, self.report),
            *(
                self._bus.subscribe(kind, partial(self._on_bus_event, to_alert))
                for kind, to_alert in BUS_ALERTS.items()
            ),
        ]
        self._client = self._build_client()
        self._worker = threading.Thread(target=self._run, name="telemetry", daemon=True)
        self._worker.start()
        self._client.connect_async(
            self._settings.host, self._settings.port, keepalive=self._settings.keepalive_s
        )
        self._client.loop_start()

    def stop(self, timeout_s: float = 3.0) -> None:
        """Clean stop: retained ``offline`` with this connection's bdSeq, then disconnect."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._work.put(("stop", None))
        if self._worker is not None:
            self._worker.join(timeout_s)
        if self._client is not None:
            if self._connected:
                info = self._client.publish(
                    self.topics.of("state"),
                    encode(self._message({"status": "offline", "reason": "shutdown"})),
                    1,
                    True,
                )
                info.wait_for_publish(timeout_s)
            self._client.disconnect()
            self._client.loop_stop()
        self._store.mark_stopped()

    def report(self, alert: TerminalAlert) -> None:
        """Keep an alert durably and send it as soon as the broker is reachable."""
        self._store.add_event(
            _scrub(
                {
                    "id": uuid.uuid4().hex,
                    "at": iso(utc_now()),
                    "kind": alert.kind,
                    "severity": alert.severity.value,
                    "device": alert.device,
                    "detail": alert.detail,
                }
            )
        )
        self._work.put(("events", None))

    # ---- paho (its thread: enqueue only) ------------------------------------------------
    def _build_client(self) -> mqtt.Client:
        settings = self._settings
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=self._identity.terminal, protocol=mqtt.MQTTv5
        )
        client.enable_logger(logging.getLogger("govkiosk.telemetry.paho"))
        if settings.tls:
            client.tls_set(
                ca_certs=_str(settings.ca_file),
                certfile=_str(settings.cert_file),
                keyfile=_str(settings.key_file),
            )
        if settings.username:
            password = (
                settings.password_file.read_text().strip() if settings.password_file else None
            )
            client.username_pw_set(settings.username, password)
        client.reconnect_delay_set(1, 60)
        client.on_pre_connect = self._on_pre_connect
        client.on_connect = lambda c, u, flags, rc, props: self._work.put(("connect", rc))
        client.on_disconnect = lambda c, u, flags, rc, props: self._work.put(("disconnect", rc))
        client.on_publish = lambda c, u, mid, rc, props: self._work.put(("ack", (mid, rc)))
        client.message_callback_add(
            self.topics.of("cmd"), lambda c, u, msg: self._work.put(("cmd", msg.payload))
        )
        return client

    def _on_pre_connect(self, client: mqtt.Client, userdata: Any) -> None:
        """Before each CONNECT: the next bdSeq, and the will that carries it (Sparkplug)."""
        self._bdseq = self._store.next_bdseq()
        client.will_set(
            self.topics.of("state"),
            encode({"status": "offline", "bdSeq": self._bdseq}),
            qos=1,
            retain=True,
        )

    # ---- worker thread ------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            timeout = max(0.0, self._health_due - time.monotonic()) if self._connected else None
            try:
                kind, value = self._work.get(timeout=timeout)
            except queue.Empty:
                kind, value = "health", None
            if kind == "stop":
                return
            try:
                self._handle(kind, value)
            except Exception:
                log.exception("telemetry step failed", extra={"step": kind})

    def _handle(self, kind: str, value: Any) -> None:
        if kind == "connect":
            if value.is_failure:
                log.warning("broker refused the connection", extra={"reason": str(value)})
                return
            self._connected = True
            self._client.subscribe(self.topics.of("cmd"), qos=1)
            log.info("connected to the broker", extra={"bdseq": self._bdseq})
            self._birth()
            self._send_events()
        elif kind == "disconnect":
            if self._connected:
                log.warning("lost the broker; reconnecting", extra={"reason": str(value)})
            self._connected = False
        elif kind == "health" and self._connected:
            self._publish("health", self._health.collect())
        elif kind == "events" and self._connected:
            self._send_events()
        elif kind == "ack":
            mid, reason = value
            row = self._inflight.pop(mid, None)
            if row is not None:
                if reason.is_failure:  # refused by the broker: retrying cannot help
                    log.warning("broker refused an event", extra={"reason": str(reason)})
                self._store.event_delivered(row)
            self._send_events()
        elif kind == "cmd":
            self._command(value)

    def _message(self, body: dict[str, Any]) -> dict[str, Any]:
        self._seq = next_seq(self._seq)
        return {"seq": self._seq, "bdSeq": self._bdseq, "ts": iso(utc_now()), **body}

    def _publish(self, kind: str, body: dict[str, Any], retain: bool = False) -> int:
        info = self._client.publish(
            self.topics.of(kind), encode(self._message(_scrub(body))), qos=1, retain=retain
        )
        if kind == "health":
            self._health_due = time.monotonic() + self._settings.health_interval_s
        return info.mid

    def _birth(self) -> None:
        """Birth (seq 0) with the current facts, then the current health: the manager's view
        is complete again after every connect or rebirth request."""
        self._seq = 255
        identity = asdict(self._identity)
        self._publish(
            "state",
            {
                "status": "online",
                **identity,
                "health_interval_s": self._settings.health_interval_s,
                **self._birth_facts(),
            },
            retain=True,
        )
        self._publish("health", self._health.collect())

    def _send_events(self) -> None:
        if not self._connected or len(self._inflight) >= IN_FLIGHT:
            return
        sending = set(self._inflight.values())
        last = max(sending, default=0)
        for row, body in self._store.pending_events(last, IN_FLIGHT - len(self._inflight)):
            if row not in sending:
                self._inflight[self._publish("event", body)] = row

    def _on_bus_event(self, to_alert: Callable[[Any], TerminalAlert | None], event: Any) -> None:
        alert = to_alert(event)
        if alert is not None:
            self.report(alert)

    def _on_device(self, change: DeviceStatusChanged) -> None:
        alert = alert_for_device(change)
        if alert is not None:
            self.report(alert)
        self._work.put(("health", None))

    def _command(self, payload: bytes) -> None:
        message = decode(payload) or {}
        answer = self._desk.handle(message)
        log.info(
            "remote command", extra={"command": answer.get("name"), "status": answer["status"]}
        )
        self._publish("cmd/result", answer)
        if answer["status"] == "done" and answer["name"] in REBIRTH_AFTER:
            self._birth()  # the birth carries the new facts (maintenance mode)

    def _rebirth_command(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"bdSeq": self._bdseq}

    def _diagnostics(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "health": self._health.collect(),
            "identity": asdict(self._identity),
            "buffered_events": self._store.event_count(),
            **self._birth_facts(),
        }


def _str(path: object) -> str | None:
    return None if path is None else str(path)
