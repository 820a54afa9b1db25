"""What the kiosk sees when the network or the platform misbehaves: typed errors, never a crash."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.platform.auth import TerminalAuth
from kiosk.platform.client import PlatformClient, new_idempotency_key
from kiosk.platform.errors import (
    InvalidResponse,
    Offline,
    Rejected,
    ServerError,
    user_message,
)
from kiosk.result import Err, Ok

ITEM = "11010500100001"


class Stub:
    """A server answering every request with ``answer`` and counting requests."""

    def __init__(self) -> None:
        self.answer: tuple[int, bytes] = (200, b"{}")
        self.requests: list[str] = []


@pytest.fixture
def stub() -> Iterator[tuple[Stub, PlatformClient]]:
    state = Stub()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _any(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.requests.append(f"{self.command} {self.path}")
            status, body = state.answer
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = _any

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = PlatformClient(f"http://127.0.0.1:{server.server_address[1]}",
                            TerminalAuth("T-1", Ed25519PrivateKey.generate()), backoff_s=0.01)
    yield state, client
    server.shutdown()
    server.server_close()


def error_of(result):
    assert isinstance(result, Err), result
    return result.error


def test_no_platform_listening_is_offline():
    with requests.Session():
        pass
    client = PlatformClient("http://127.0.0.1:9", TerminalAuth("T-1", Ed25519PrivateKey.generate()),
                            backoff_s=0.01, connect_timeout_s=0.5)
    assert isinstance(error_of(client.health()), Offline)


def test_an_answer_breaking_the_contract_is_invalid_not_a_crash(stub):
    state, client = stub
    state.answer = (200, json.dumps({"status": "fine"}).encode())
    assert isinstance(error_of(client.health()), InvalidResponse)
    state.answer = (200, b"<html>proxy login</html>")
    assert isinstance(error_of(client.queue_categories()), InvalidResponse)
    state.answer = (418, b'{"error": "teapot", "message": "x"}')
    assert isinstance(error_of(client.queue_categories()), InvalidResponse)
    state.answer = (200, json.dumps({"status": "ok", "time": "2026-01-01T00:00:00Z"}).encode())
    assert isinstance(client.health(), Ok)


def test_only_idempotent_calls_are_retried(stub):
    state, client = stub
    state.answer = (503, b'{"error": "unavailable", "message": "x"}')
    assert error_of(client.health()) == ServerError(503)
    assert len(state.requests) == 3
    state.requests.clear()
    assert isinstance(error_of(client.create_login_session()), ServerError)
    assert len(state.requests) == 1
    state.requests.clear()
    client.submit_complaint({"category": "other", "text": "12345678"}, new_idempotency_key())
    assert len(state.requests) == 3


def test_rejections_carry_the_reason(stub):
    state, client = stub
    state.answer = (409, json.dumps({"error": "slot_taken", "message": "x",
                                     "reasons": [{"code": "slot_taken", "field": "slot_id"}]}
                                    ).encode())
    error = error_of(client.book_appointment("S20260101AM", ITEM, "t" * 20, new_idempotency_key()))
    assert isinstance(error, Rejected) and error.error == "slot_taken"
    assert error.reasons[0].field == "slot_id"
    assert error.message_key == "platform.rejected.slot_taken"
    assert len(state.requests) == 1  # a refusal is an answer, not retried


def test_requests_are_signed_so_tampering_and_replay_are_refused(sim):
    session = requests.Session()
    url = sim.base_url + "/queue/categories"
    assert session.get(url).status_code == 401  # unsigned
    prepared = session.prepare_request(requests.Request("GET", url, auth=TerminalAuth(
        sim.terminal_id, sim.key)))
    assert session.send(prepared).status_code == 200
    replay = session.send(prepared)
    assert (replay.status_code, replay.json()["error"]) == (401, "replayed_request")
    body = json.dumps({"category": "other", "text": "原来的投诉内容"}, ensure_ascii=False).encode()
    signed = session.prepare_request(requests.Request(
        "POST", sim.base_url + "/complaints", data=body, auth=TerminalAuth(sim.terminal_id, sim.key),
        headers={"Content-Type": "application/json", "Idempotency-Key": new_idempotency_key()}))
    signed.body = body.replace("原来".encode(), "篡改".encode())
    assert session.send(signed).json()["error"] == "bad_signature"
    stale = TerminalAuth(sim.terminal_id, sim.key, clock=lambda: 1_000_000_000)
    assert session.get(url, auth=stale).json()["error"] == "stale_request"
    stranger = TerminalAuth("STRANGER-1", Ed25519PrivateKey.generate())
    assert session.get(url, auth=stranger).json()["error"] == "unknown_terminal"
    impostor = TerminalAuth(sim.terminal_id, Ed25519PrivateKey.generate())
    assert session.get(url, auth=impostor).json()["error"] == "bad_signature"


def test_injected_5xx_and_cut_answers_are_retried_then_reported(sim):
    client = sim.client()
    sim.server.faults.update(error_rate=1.0)
    assert error_of(client.queue_categories()) == ServerError(503)
    sim.server.faults.update(error_rate=0.0, truncate_rate=1.0)
    assert isinstance(error_of(client.queue_categories()), Offline)
    sim.server.faults.update(truncate_rate=0.0, latency_s=1.0)
    assert isinstance(error_of(sim.client(read_timeout_s=0.2, max_attempts=1).health()), Offline)
    sim.server.faults.update(latency_s=0.0, down=True)
    assert isinstance(error_of(client.health()), Offline)
    sim.server.faults.update(down=False)
    assert isinstance(client.health(), Ok)


def test_a_lost_acknowledgement_never_makes_a_second_application(sim):
    client, key = sim.client(), new_idempotency_key()
    request = {"item_code": ITEM, "form": {"ref": "lost-ack"}, "deficiency_commitment": True}
    sim.server.faults.update(drop_rate=1.0)  # processed, answer lost, for every attempt
    assert isinstance(error_of(client.submit_application(request, key)), Offline)
    sim.server.faults.update(drop_rate=0.0)
    receipt = client.submit_application(request, key)
    assert isinstance(receipt, Ok)
    assert sim.rows("SELECT receipt_no FROM applications") == [(receipt.value["receipt_no"],)]


@pytest.mark.parametrize("error", [Offline("x"), Rejected(422, "whatever"), ServerError(500),
                                   InvalidResponse("x"), Rejected(409, "slot_taken")])
def test_every_error_has_a_translated_message(error):
    zh, en = user_message(error, "zh_CN"), user_message(error, "en")
    assert zh != error.message_key and en != error.message_key and zh != en


def self_signed(folder):
    """A certificate for 127.0.0.1 and its key, as PEM files."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "platform.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_tls_is_verified_by_default_and_a_pinned_ca_is_accepted(tmp_path):
    import ssl

    from platform_sim.testing import simulated_platform

    cert_file, key_file = self_signed(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert_file, key_file)
    with simulated_platform(tmp_path / "platform", tls=tls) as sim:
        assert sim.base_url.startswith("https://")
        refused = error_of(sim.client().health())
        assert isinstance(refused, Offline) and refused.detail.startswith("TLS")
        assert isinstance(sim.client(verify=cert_file).health(), Ok)


def test_redirects_and_unasked_not_modified_are_invalid(stub):
    state, client = stub
    state.answer = (302, b"")
    assert isinstance(error_of(client.health()), InvalidResponse)
    state.answer = (304, b"")
    assert isinstance(error_of(client.queue_categories()), InvalidResponse)
    assert len(state.requests) == 2  # not followed, not retried
