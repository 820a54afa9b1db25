"""The operations manager service: MQTT in, fleet logic, store, commands out.

paho's thread only queues messages. One processing thread owns the :class:`Fleet`: it applies
messages in arrival order, ticks once a second (heartbeat timeouts, sequence gaps, grades) and
writes changes to the store in batches every 100 ms. Web requests that change things (commands,
acknowledgements) are queued to the same thread, so the fleet has a single writer.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from kiosk.telemetry.protocol import (
    COMMANDS,
    Topics,
    command,
    decode,
    encode,
    parse_iso,
    parse_topic,
)
from opsman.config import OpsmanConfig
from opsman.fleet import Change, Fleet, Rebirth, Terminal
from opsman.store import Store

log = logging.getLogger("opsman")
FLUSH_S = 0.1
REFRESH_S = 10.0
TICK_S = 1.0


class UnknownTerminal(LookupError):
    pass


class OpsManager:
    def __init__(self, config: OpsmanConfig, store: Store | None = None) -> None:
        self.config = config
        self.store = store or Store(config.store.url)
        self.fleet = Fleet(config.fleet.reorder_timeout_s, config.fleet.heartbeat_factor)
        self.fleet.restore(self.store.open_alerts())
        self.registry = CollectorRegistry()
        self._messages = Counter(
            "opsman_messages", "Messages received", ["kind"], registry=self.registry
        )
        self._by_kind: dict[str, Counter] = {}
        self._delay = Histogram(
            "opsman_ingest_delay_seconds",
            "Terminal send to processed",
            buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10),
            registry=self.registry,
        )
        self._terminals = Gauge(
            "opsman_terminals", "Terminals by status", ["status"], registry=self.registry
        )
        self._alerts = Gauge(
            "opsman_open_alerts", "Open alerts by severity", ["severity"], registry=self.registry
        )
        self._fleet_stats = Gauge(
            "opsman_fleet_events",
            "Gaps, rebirths, stale deaths, duplicate events since start",
            ["what"],
            registry=self.registry,
        )
        self._queue_depth = Gauge(
            "opsman_queue_depth", "Messages waiting to be processed", registry=self.registry
        )
        self._work: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._pending: list[Change] = []
        self._deferred: dict[str, tuple[Terminal, float]] = {}  # oldest first
        self._thread = threading.Thread(target=self._run, name="opsman-fleet", daemon=True)
        self._client = self._build_client()
        self.connected = threading.Event()

    # ---- life cycle -------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()
        broker = self.config.broker
        # A persistent session: the broker keeps this instance's subscriptions and queues its
        # QoS 1 messages (events, command answers) while it is away, so none is lost.
        session = Properties(PacketTypes.CONNECT)
        session.SessionExpiryInterval = broker.session_expiry_s
        self._client.connect_async(
            broker.host, broker.port, keepalive=30, clean_start=False, properties=session
        )
        self._client.loop_start()

    def stop(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()
        self._work.put(("stop", None))
        self._thread.join(5)
        self.store.close()

    # ---- operator actions (any thread) --------------------------------------------------
    def send_command(
        self, terminal_id: str, name: str, args: dict[str, Any] | None = None, by: str = "operator"
    ) -> str:
        """Publish a command; returns its id (its answer arrives in the store)."""
        if name not in COMMANDS:
            raise ValueError(f"unknown command {name!r}")
        return self._call(lambda: self._send(terminal_id, name, args or {}, by))

    def acknowledge(self, alert_id: str, who: str) -> bool:
        return bool(self._call(lambda: self._apply(self.fleet.acknowledge(alert_id, who, _now()))))

    def resolve(self, alert_id: str) -> bool:
        return bool(self._call(lambda: self._apply(self.fleet.resolve(alert_id, _now()))))

    def _call(self, fn: Callable[[], Any]) -> Any:
        future: Future = Future()
        self._work.put(("call", (fn, future)))
        return future.result(10)

    # ---- MQTT (paho's thread: enqueue only) ---------------------------------------------
    def _build_client(self) -> mqtt.Client:
        broker = self.config.broker
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=broker.client_id, protocol=mqtt.MQTTv5
        )
        client.enable_logger(logging.getLogger("opsman.paho"))
        if broker.tls:
            client.tls_set(
                ca_certs=broker.ca_file, certfile=broker.cert_file, keyfile=broker.key_file
            )
        client.reconnect_delay_set(1, 30)
        client.on_connect = self._on_connect
        client.on_disconnect = lambda c, u, flags, rc, props: self.connected.clear()
        client.on_message = lambda c, u, msg: self._work.put(
            ("msg", (msg.topic, msg.payload, _now()))
        )
        return client

    def _on_connect(
        self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, properties: Any
    ) -> None:
        if reason.is_failure:
            log.warning("broker refused the manager", extra={"reason": str(reason)})
            return
        prefix, group = self.config.broker.topic_prefix, self.config.broker.share_group
        # Births and wills (retained, which shared subscriptions never get), events and command
        # answers (few, and never to be lost: mosquitto does not keep shared-subscription
        # messages for an instance that is away) reach every instance; the bulk, health, is
        # shared between the instances of the group at QoS 0 (it comes again every interval).
        client.subscribe(
            [(f"{prefix}/+/+/{kind}", 1) for kind in ("state", "event", "cmd/result")]
            + [(f"$share/{group}/{prefix}/+/+/health", 0)]
        )
        self.connected.set()

    # ---- the processing thread ----------------------------------------------------------
    def _run(self) -> None:
        next_flush, next_tick = time.monotonic() + FLUSH_S, time.monotonic() + TICK_S
        while True:
            try:
                kind, value = self._work.get(timeout=max(0.0, next_flush - time.monotonic()))
            except queue.Empty:
                kind, value = "idle", None
            try:
                if kind == "stop":
                    self._flush()
                    return
                if kind == "msg":
                    self._message(*value)
                elif kind == "call":
                    fn, future = value
                    try:
                        result = fn()
                        self._flush()  # the operator's next page shows what they did
                        future.set_result(result)
                    except Exception as exc:  # noqa: BLE001 - handed back to the caller
                        future.set_exception(exc)
                now = time.monotonic()
                if now >= next_tick:
                    next_tick = now + TICK_S
                    self._apply(self.fleet.tick(_now()))
                    self._update_gauges()
                if now >= next_flush:
                    next_flush = now + FLUSH_S
                    self._flush()
            except Exception:
                log.exception("processing failed", extra={"step": kind})

    def _message(self, topic: str, payload: bytes, received: datetime) -> None:
        parsed = parse_topic(self.config.broker.topic_prefix, topic)
        body = decode(payload)
        if parsed is None or body is None:
            self._messages.labels("invalid").inc()
            return
        site, terminal, kind = parsed
        counter = self._by_kind.get(kind)
        if counter is None:
            counter = self._by_kind[kind] = self._messages.labels(kind)
        counter.inc()
        if kind != "state" and isinstance(body.get("ts"), str):  # a retained birth may be old
            try:
                self._delay.observe(max(0.0, (_now() - parse_iso(body["ts"])).total_seconds()))
            except ValueError:
                pass
        if kind == "state":
            self._apply(self.fleet.on_state(site, terminal, body, received))
        elif kind != "cmd":
            self._apply(self.fleet.on_message(site, terminal, kind, body, received))

    def _apply(self, effects: list[Change | Rebirth]) -> list[Change | Rebirth]:
        for effect in effects:
            if isinstance(effect, Rebirth):
                self._publish_command(effect.site, effect.terminal, "rebirth", {}, "opsman")
            else:
                self._pending.append(effect)
        return effects

    def _flush(self) -> None:
        """Write what changed; a terminal whose health brought only new figures is written at
        most every ``REFRESH_S`` (the row's ``last_seen`` may lag by that much)."""
        batch: list[Change] = []
        for change in self._pending:
            terminal = change.data["terminal"] if change.what == "terminal" else None
            if terminal is not None and not change.data["urgent"]:
                self._deferred.setdefault(terminal.id, (terminal, time.monotonic()))
            else:
                batch.append(change)
                if terminal is not None:
                    self._deferred.pop(terminal.id, None)
        self._pending = []
        due = time.monotonic() - REFRESH_S
        while self._deferred:
            terminal_id, (terminal, since) = next(iter(self._deferred.items()))
            if since > due:
                break
            del self._deferred[terminal_id]
            batch.append(Change("terminal", {"terminal": terminal}))
        if batch:
            self.store.write(batch)
        self._queue_depth.set(self._work.qsize())

    def _send(self, terminal_id: str, name: str, args: dict[str, Any], by: str) -> str:
        terminal = self.fleet.terminals.get(terminal_id)
        if terminal is None:
            raise UnknownTerminal(terminal_id)
        return self._publish_command(terminal.site, terminal_id, name, args, by)

    def _publish_command(
        self, site: str, terminal_id: str, name: str, args: dict[str, Any], by: str
    ) -> str:
        now = _now()
        message = command(
            name, args, command_id=uuid.uuid4().hex, ttl_s=self.config.fleet.command_ttl_s, now=now
        )
        self._flush()  # the command row must exist before its answer can arrive
        self.store.add_command(
            {
                "id": message["id"],
                "terminal": terminal_id,
                "name": name,
                "args": args,
                "issued_by": by,
                "issued_at": now,
                "status": "sent",
            }
        )
        topic = Topics(self.config.broker.topic_prefix, site, terminal_id).of("cmd")
        self._client.publish(topic, encode(message), qos=1)
        return message["id"]

    def _update_gauges(self) -> None:
        statuses: dict[str, int] = {"online": 0, "offline": 0, "unknown": 0}
        for t in self.fleet.terminals.values():
            statuses[t.status] = statuses.get(t.status, 0) + 1
        for status, count in statuses.items():
            self._terminals.labels(status).set(count)
        severities = {"critical": 0, "warning": 0, "info": 0}
        for alert in self.fleet.alerts.values():
            severities[alert.severity] = severities.get(alert.severity, 0) + 1
        for severity, count in severities.items():
            self._alerts.labels(severity).set(count)
        for what, count in self.fleet.stats.items():
            self._fleet_stats.labels(what).set(count)


def _now() -> datetime:
    return datetime.now(UTC)
