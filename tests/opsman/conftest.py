"""The operations manager against a real mosquitto, with its web server on a loopback port."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from opsman.config import Broker as BrokerSettings
from opsman.config import Fleet as FleetSettings
from opsman.config import OpsmanConfig, Store, Web
from opsman.service import OpsManager
from opsman.web import create_app
from tests.telemetry.broker import Broker, free_port
from tests.telemetry.conftest import TERMINALS, broker


class RunningManager:
    def __init__(self, broker: Broker, folder: Path, client_id: str = "opsman-1") -> None:
        cert = broker.pki.issue("opsman")
        self.config = OpsmanConfig(
            broker=BrokerSettings(
                host="localhost",
                port=broker.port,
                ca_file=str(cert.ca_file),
                cert_file=str(cert.cert_file),
                key_file=str(cert.key_file),
                client_id=client_id,
            ),
            store=Store(url=f"sqlite:///{folder / 'opsman.sqlite'}"),
            web=Web(port=free_port()),
            fleet=FleetSettings(reorder_timeout_s=1.0),
        )
        self.manager = OpsManager(self.config)
        self.manager.start()
        assert self.manager.connected.wait(10)
        self.url = f"http://127.0.0.1:{self.config.web.port}"
        self._server = uvicorn.Server(
            uvicorn.Config(
                create_app(self.manager),
                host="127.0.0.1",
                port=self.config.web.port,
                log_level="warning",
            )
        )
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started and time.monotonic() < deadline:
            time.sleep(0.02)

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=10) as answer:
            body = answer.read()
        return json.loads(body) if path.startswith("/api/") else body.decode()

    def post(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        request = urllib.request.Request(
            self.url + path, json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def until(self, fetch, predicate, timeout: float = 10.0) -> Any:
        """Poll ``fetch()`` until ``predicate`` holds for its value; return the value."""
        deadline = time.monotonic() + timeout
        while True:
            value = fetch()
            if predicate(value):
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; last value {value!r}")
            time.sleep(0.05)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self.manager.stop()


@pytest.fixture
def ops(broker, tmp_path):
    running = RunningManager(broker, tmp_path)
    yield running
    running.stop()


__all__ = ["TERMINALS", "broker", "ops"]
