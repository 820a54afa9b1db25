"""Fixtures: a real mosquitto (TLS + ACL) per test, terminal configurations, a listener."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tomllib
from contextlib import contextmanager
from pathlib import Path

import pytest
import tomli_w

from kiosk.config import DEMO_CONFIG, KioskConfig
from tests.conftest import demo_config
from tests.telemetry.broker import Broker
from tests.telemetry.listener import Listener

SITE = "site-a"
TERMINALS = [(SITE, "T-0001"), (SITE, "T-0002"), ("site-b", "T-0101")]


@pytest.fixture
def broker():
    running = Broker(TERMINALS)
    running.start()
    yield running
    running.close()


def terminal_settings(
    broker: Broker, terminal: str, data_dir: Path, site: str = SITE, health_interval_s: int = 30
) -> dict[str, dict]:
    """Overrides of the demo configuration for a terminal reporting to ``broker``."""
    cert = broker.pki.issue(terminal)
    return {
        "terminal": {"id": terminal},
        "mqtt": {
            "enabled": True,
            "host": "localhost",
            "port": broker.port,
            "site_id": site,
            "ca_file": str(cert.ca_file),
            "cert_file": str(cert.cert_file),
            "key_file": str(cert.key_file),
            "health_interval_s": health_interval_s,
        },
        "paths": {"data_dir": str(data_dir), "log_dir": str(data_dir / "log")},
    }


def terminal_config(broker: Broker, terminal: str, data_dir: Path, **kw) -> KioskConfig:
    return demo_config(**terminal_settings(broker, terminal, data_dir, **kw))


def write_config(path: Path, settings: dict[str, dict]) -> Path:
    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    for section, values in settings.items():
        raw.setdefault(section, {}).update(values)
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    return path


@contextmanager
def terminal_process(config_file: Path):
    """The terminal's telemetry in a child process; killed with SIGKILL at the end at the latest."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.telemetry.terminal_process", str(config_file)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert process.stdout.readline().strip() == "started"
        yield process
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(10)


@pytest.fixture
def listener(broker: Broker):
    """Subscribed to every terminal topic as the manager."""
    running = Listener(broker, "opsman")
    running.subscribe("govkiosk/v1/#")
    yield running
    running.close()
