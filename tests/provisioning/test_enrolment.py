"""Enrolment against the operations manager over real HTTP and a real mosquitto (TLS + ACL).

The terminal's private key never appears in any request; a used code is refused; the issued
certificate lets the terminal publish on its own topics and on no other terminal's.
"""

from __future__ import annotations

import json
import threading
import time

import paho.mqtt.client as mqtt
import pytest
import requests
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from paho.mqtt.enums import CallbackAPIVersion
from starlette.applications import Starlette

from kiosk.cli import main
from kiosk.config import load_config
from kiosk.events import EventBus
from kiosk.telemetry.setup import build_telemetry
from opsman.enrolment import EnrolmentAuthority, EnrolmentSettings, routes
from peripherals.status import StatusBoard
from provisioning.enrol import new_key_and_csr
from tests.telemetry.broker import Broker, free_port
from tests.telemetry.listener import Listener

SITE = "xicheng"
CATALOGUE_KEY = "xUVGaHFlFG+nBnNdDtDQPWN+I/FS0tx0wwPvWr94MC0="


class Recorder:
    """ASGI wrapper keeping every request body the manager received."""

    def __init__(self, app) -> None:
        self.app, self.bodies = app, []

    async def __call__(self, scope, receive, send):
        async def recording():
            message = await receive()
            if message["type"] == "http.request":
                self.bodies.append(message.get("body", b""))
            return message

        await self.app(scope, recording, send)


@pytest.fixture
def fleet(tmp_path):
    broker = Broker([(SITE, "KIOSK-OTHER")])
    broker.start()
    terminals = tmp_path / "terminals.txt"
    terminals.write_text(f"# site terminal\n{SITE} KIOSK-OTHER\n")
    pid_file = broker.folder / "mosquitto.pid"
    pid_file.write_text(str(broker.process.pid))
    ca_key = broker.folder / "pki" / "ca.key"
    ca_key.write_bytes(broker.pki._key.private_bytes(  # the test CA doubles as the fleet CA
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ))  # fmt: skip
    authority = EnrolmentAuthority(EnrolmentSettings(
        ca_file=broker.pki.ca_file, ca_key_file=ca_key, database=tmp_path / "enrol.sqlite",
        platform_url="https://platform.example.gov.cn/kiosk-api", broker_host="localhost",
        broker_port=broker.port, catalogue_public_key=CATALOGUE_KEY,
        acl_file=broker.folder / "acl", broker_pid_file=pid_file, terminals_file=terminals,
    ))  # fmt: skip
    recorder = Recorder(Starlette(routes=routes(authority)))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(recorder, host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    yield broker, authority, recorder, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)
    broker.close()


def _connect(broker: Broker, ca: str, cert: str, key: str) -> tuple[mqtt.Client, dict]:
    acks: dict = {}
    done = threading.Event()
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="enrolled", protocol=mqtt.MQTTv5)
    client.tls_set(ca_certs=ca, certfile=cert, keyfile=key)
    client.on_connect = lambda c, u, f, reason, p: done.set()
    client.on_publish = lambda c, u, mid, reason, p: acks.__setitem__(mid, reason)
    client.connect("localhost", broker.port)
    client.loop_start()
    assert done.wait(10)
    return client, acks


def _publish(client: mqtt.Client, acks: dict, topic: str) -> int:
    info = client.publish(topic, json.dumps({"state": "online"}), qos=1)
    deadline = time.monotonic() + 10
    while info.mid not in acks and time.monotonic() < deadline:
        time.sleep(0.02)
    return acks[info.mid].value


def test_provision_enrols_once_and_the_certificate_opens_only_its_own_topics(
    fleet, tmp_path, capsys
):
    broker, authority, recorder, url = fleet
    code, _ = authority.issue_code("KIOSK-0042", SITE, "西城区政务服务中心", "Xicheng Centre")
    config_path, data_dir = tmp_path / "kiosk.toml", tmp_path / "data"
    args = ["provision", "--config", str(config_path), "--data-dir", str(data_dir),
            "--opsman", url, "--code", code.lower(), "--no-devices"]  # fmt: skip
    assert main(args) == 0, capsys.readouterr().out
    assert "enrolled as KIOSK-0042" in capsys.readouterr().out

    config = load_config(config_path)
    assert (config.terminal.id, config.mqtt.site_id, config.mqtt.enabled) == (
        "KIOSK-0042",
        SITE,
        True,
    )
    assert config.platform.url == "https://platform.example.gov.cn/kiosk-api"
    assert (
        config.catalogue.public_key == CATALOGUE_KEY and config.site.name_zh == "西城区政务服务中心"
    )
    key_file = data_dir / "keys" / "mqtt.key"
    assert key_file.stat().st_mode & 0o077 == 0
    cert = x509.load_pem_x509_certificate(config.mqtt.cert_file.read_bytes())
    assert cert.subject.rfc4514_string() == "CN=KIOSK-0042"
    key = serialization.load_pem_private_key(key_file.read_bytes(), None)
    assert cert.public_key().public_numbers() == key.public_key().public_numbers()

    secret_number = str(key.private_numbers().private_value)
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())  # fmt: skip
    assert recorder.bodies, "the enrolment went over HTTP"
    for body in recorder.bodies:
        assert key_file.read_bytes() not in body and der not in body
        assert der.hex() not in body.decode() and secret_number not in body.decode()
        assert b"PRIVATE KEY" not in body

    acl = (broker.folder / "acl").read_text()
    assert "user KIOSK-0042" in acl and "user KIOSK-OTHER" in acl  # set up by hand, kept
    assert authority.settings.terminals_file.read_text().endswith(f"{SITE} KIOSK-0042\n")

    # the platform signing key's public half reached the operator; its private half did not
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    from kiosk.platform.auth import load_or_create_key

    platform_key = load_or_create_key(data_dir / "platform" / "terminal.pem")
    raw_private = platform_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    assert all(raw_private not in body and raw_private.hex() not in body.decode()
               for body in recorder.bodies)  # fmt: skip
    assert main(["platform", "key", "--config", str(config_path)]) == 0
    platform_line = capsys.readouterr().out.strip()
    [listed] = requests.get(url + "/api/enrolment/terminals", timeout=5).json()
    assert listed["platform_enrol"] == platform_line and platform_line.startswith("KIOSK-0042=")

    assert main(args) == 1  # the same code again
    assert "already been used" in capsys.readouterr().out
    assert load_config(config_path).terminal.id == "KIOSK-0042"  # earlier enrolment kept

    manager = Listener(broker, "opsman")
    manager.subscribe("govkiosk/v1/#")
    client, acks = _connect(
        broker, str(config.mqtt.ca_file), str(config.mqtt.cert_file), str(key_file)
    )
    try:
        assert _publish(client, acks, f"govkiosk/v1/{SITE}/KIOSK-0042/state") == 0
        assert _publish(client, acks, f"govkiosk/v1/{SITE}/KIOSK-OTHER/state") == 0x87
        assert _publish(client, acks, f"govkiosk/v1/{SITE}/KIOSK-0042/cmd") == 0x87
        manager.wait(lambda: manager.messages)
        time.sleep(0.3)
        assert [topic for topic, _, _ in manager.messages] == [
            f"govkiosk/v1/{SITE}/KIOSK-0042/state"
        ]
    finally:
        client.loop_stop()
        client.disconnect()

    # the kiosk's own telemetry runs on the enrolled configuration as written
    telemetry = build_telemetry(
        config, EventBus(), StatusBoard(EventBus()), data_dir, {}, dict, "enrolled"
    )
    telemetry.start()
    try:
        manager.wait(lambda: any(t.endswith("KIOSK-0042/health") for t, _, _ in manager.messages))
    finally:
        telemetry.stop()
        manager.client.loop_stop()


def test_unknown_and_expired_codes_are_refused_over_http(fleet, tmp_path):
    _, authority, _, url = fleet
    _, csr = new_key_and_csr()
    answer = requests.post(url + "/enrol", json={"code": "AAAA-BBBB-CCCC", "csr": csr}, timeout=5)
    assert answer.status_code == 403 and answer.json()["error"] == "unknown enrolment code"
    bad_key = {"code": "AAAA-BBBB-CCCC", "csr": csr, "platform_key": "c2hvcnQ="}
    answer = requests.post(url + "/enrol", json=bad_key, timeout=5)
    assert answer.status_code == 403 and "platform_key" in answer.json()["error"]
    answer = requests.post(url + "/enrol", json={"code": "x", "csr": "not a csr"}, timeout=5)
    assert answer.status_code == 403 and "CSR" in answer.json()["error"]
    answer = requests.post(
        url + "/api/enrolment/codes", json={"terminal_id": "K1", "site_id": SITE}, timeout=5
    )
    assert answer.status_code == 400  # terminal ids have at least three characters
    answer = requests.post(
        url + "/api/enrolment/codes", json={"terminal_id": "KIOSK-7", "site_id": SITE}, timeout=5
    )
    assert answer.status_code == 201
    code = answer.json()["code"]
    with authority._db() as db:
        db.execute("UPDATE enrolment_code SET expires_at = '2000-01-01T00:00:00+00:00'")
    answer = requests.post(url + "/enrol", json={"code": code, "csr": csr}, timeout=5)
    assert answer.status_code == 403 and "expired" in answer.json()["error"]


def test_maintenance_mode_enrols_from_the_screen_and_audits_it(fleet, tmp_path):
    import tomllib

    from kiosk.config import DEMO_CONFIG
    from kiosk.events import EventBus
    from peripherals.status import StatusBoard
    from provisioning.enrol import write_config
    from provisioning.maintenance import MaintenanceFlow, hash_pin

    _, authority, recorder, url = fleet
    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    raw["paths"] = {"data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "logs")}
    raw["maintenance"] = {"pin_hash": hash_pin("246810", iterations=1000)}
    path = tmp_path / "kiosk.toml"
    flow = MaintenanceFlow(write_config(path, raw), {}, StatusBoard(EventBus()), lambda: None, path)
    flow.ask()
    flow.enter_pin("246810")
    refused = flow.enrol(url, "AAAA-BBBB-CCCC")
    assert refused.key == "maintenance.enrol_refused" and "unknown" in refused.values["why"]
    code, _ = authority.issue_code("KIOSK-0077", SITE)
    assert flow.enrol(url, code.lower()).values == {"terminal": "KIOSK-0077"}
    assert load_config(path).terminal.id == "KIOSK-0077" and flow.config.mqtt.enabled
    key = (tmp_path / "data" / "keys" / "mqtt.key").read_bytes()
    assert all(key not in body for body in recorder.bodies)
    actions = [row[2:] for row in flow.audit.recent(3)]
    assert actions[0] == ("enrolled", f"KIOSK-0077 at {SITE}") and actions[1][0] == "enrol_refused"


def test_operator_issues_a_code_from_the_opsman_command_line(fleet, tmp_path, capsys):
    import re

    from opsman.cli import main as opsman

    broker, authority, _, _ = fleet
    settings = authority.settings
    config = tmp_path / "opsman.toml"
    config.write_text(
        f'[enrolment]\nca_file = "{settings.ca_file}"\nca_key_file = "{settings.ca_key_file}"\n'
        f'database = "{settings.database}"\nplatform_url = "{settings.platform_url}"\n'
        f'broker_host = "localhost"\nbroker_port = {broker.port}\n'
    )
    assert opsman(["enrol-code", "--config", str(config), "KIOSK-0100", SITE]) == 0
    code = re.search(r": ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}) ", capsys.readouterr().out)[1]
    _, csr = new_key_and_csr()
    assert authority.enrol(code, csr)["terminal_id"] == "KIOSK-0100"
