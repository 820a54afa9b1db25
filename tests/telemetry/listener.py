"""A paho client that records what it receives, for assertions (as the manager or a terminal)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from tests.telemetry.broker import Broker


class Listener:
    def __init__(self, broker: Broker, user: str, client_id: str | None = None) -> None:
        cert = broker.pki.issue(user)
        self.messages: list[tuple[str, dict[str, Any], bool]] = []
        self.acks: dict[int, Any] = {}
        self.subacks: list[Any] = []
        self._cond = threading.Condition()
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=client_id or user, protocol=mqtt.MQTTv5
        )
        self.client.tls_set(
            ca_certs=str(cert.ca_file), certfile=str(cert.cert_file), keyfile=str(cert.key_file)
        )
        self.client.on_message = self._on_message
        self.client.on_publish = self._on_publish
        self.client.on_subscribe = self._on_subscribe
        self.client.connect("localhost", broker.port)
        self.client.loop_start()

    def _on_message(self, client, userdata, msg) -> None:
        with self._cond:
            self.messages.append((msg.topic, json.loads(msg.payload), bool(msg.retain)))
            self._cond.notify_all()

    def _on_publish(self, client, userdata, mid, reason, properties) -> None:
        with self._cond:
            self.acks[mid] = reason
            self._cond.notify_all()

    def _on_subscribe(self, client, userdata, mid, reasons, properties) -> None:
        with self._cond:
            self.subacks.extend(reasons)
            self._cond.notify_all()

    def subscribe(self, topic: str) -> Any:
        count = len(self.subacks)
        self.client.subscribe(topic, qos=1)
        self.wait(lambda: len(self.subacks) > count)
        return self.subacks[-1]

    def publish(self, topic: str, payload: dict[str, Any]) -> Any:
        """Publish with QoS 1 and return the broker's PUBACK reason code."""
        info = self.client.publish(topic, json.dumps(payload), qos=1)
        self.wait(lambda: info.mid in self.acks)
        return self.acks[info.mid]

    def wait(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (result := predicate()):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out; received {self.messages[-5:]}")
                self._cond.wait(left)
        return result

    def of(self, suffix: str, **match: Any) -> list[dict[str, Any]]:
        with self._cond:
            return [
                body
                for topic, body, _ in self.messages
                if topic.endswith("/" + suffix) and all(body.get(k) == v for k, v in match.items())
            ]

    def wait_for(
        self, suffix: str, count: int = 1, timeout: float = 10.0, **match: Any
    ) -> list[dict[str, Any]]:
        return self.wait(
            lambda: (found := self.of(suffix, **match)) and len(found) >= count and found, timeout
        )

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
