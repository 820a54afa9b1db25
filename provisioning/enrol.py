"""Enrolment of a new terminal with the operations manager (``kiosk provision``).

The terminal makes its own P-256 key under ``<data_dir>/keys/`` (0600; it never leaves the
machine), sends a CSR with the one-time code and the public half of its platform signing key
(``<data_dir>/platform/terminal.pem``, for the operator to register with the platform), and receives its id, site, platform URL, broker
settings, its certificate, the fleet CA and the catalogue-signing public key, which is pinned in
the configuration. The configuration is validated, then written atomically (temporary file,
fsync, rename); comments in the old file are not kept.
"""

from __future__ import annotations

import base64
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import requests
import tomli_w
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.config import KioskConfig, parse_config
from kiosk.platform.auth import load_or_create_key, public_key_bytes

KEY_FILE, CERT_FILE, CA_FILE = "mqtt.key", "mqtt.pem", "mqtt-ca.pem"


class EnrolmentFailed(Exception):
    """The manager refused (its reason is the message) or could not be reached."""


@dataclass(frozen=True)
class Enrolled:
    terminal_id: str
    site_id: str
    config: KioskConfig


def write_private(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write ``data`` atomically with ``mode`` (the file never exists with wider rights)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(path.name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def new_key_and_csr() -> tuple[bytes, str]:
    """A fresh private key (PEM, stays on this machine) and the PEM CSR for it."""
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "govkiosk enrolment")])
    csr = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())
    return pem, csr.public_bytes(serialization.Encoding.PEM).decode()


def request_enrolment(
    opsman_url: str, code: str, csr: str, platform_key: str = "", verify: bool | str = True
) -> dict:
    """POST the code, CSR and platform public key; the manager's answer, or
    :class:`EnrolmentFailed` saying why."""
    body = {"code": code, "csr": csr, "platform_key": platform_key}
    try:
        answer = requests.post(
            opsman_url.rstrip("/") + "/enrol", json=body,
            timeout=(5, 30), verify=verify,
        )  # fmt: skip
    except requests.RequestException as exc:
        raise EnrolmentFailed(f"operations manager not reachable: {exc}") from None
    try:
        body = answer.json()
    except ValueError:
        raise EnrolmentFailed(f"HTTP {answer.status_code}: not a JSON answer") from None
    if answer.status_code != 200:
        raise EnrolmentFailed(body.get("error") or f"HTTP {answer.status_code}")
    return body


def apply_enrolment(raw: dict, answer: dict, keys_dir: Path) -> dict:
    """The configuration ``raw`` (TOML as dicts) updated with what the manager said."""
    updated = {**raw}
    updated["terminal"] = {**raw.get("terminal", {}), "id": answer["terminal_id"]}
    site = {**raw.get("site", {})}
    site.setdefault("name_zh", answer.get("site_name_zh") or answer["site_id"])
    site.setdefault("name_en", answer.get("site_name_en") or answer["site_id"])
    updated["site"] = site
    updated["platform"] = {**raw.get("platform", {}), "url": answer["platform_url"]}
    broker = answer["broker"]
    updated["mqtt"] = {
        **raw.get("mqtt", {}), "enabled": True, "host": broker["host"], "port": broker["port"],
        "tls": True, "topic_prefix": broker["topic_prefix"], "site_id": answer["site_id"],
        "ca_file": str(keys_dir / CA_FILE), "cert_file": str(keys_dir / CERT_FILE),
        "key_file": str(keys_dir / KEY_FILE),
    }  # fmt: skip
    if answer.get("catalogue_public_key"):
        updated["catalogue"] = {
            **raw.get("catalogue", {}),
            "public_key": answer["catalogue_public_key"],
        }
    return updated


def write_config(path: Path, raw: dict) -> KioskConfig:
    """Validate ``raw`` as a terminal configuration, then replace ``path`` atomically."""
    text = tomli_w.dumps(raw)
    config = parse_config(text, str(path))
    write_private(path, text.encode("utf-8"), 0o640)
    return config


def read_raw(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def enrol(
    config_path: Path, data_dir: Path, opsman_url: str, code: str, verify: bool | str = True
) -> Enrolled:
    """The whole enrolment: key, CSR, request, then key, certificate and configuration files
    (a refused code leaves an earlier enrolment untouched)."""
    keys_dir = data_dir / "keys"
    key_pem, csr = new_key_and_csr()
    platform_key = public_key_bytes(load_or_create_key(data_dir / "platform" / "terminal.pem"))
    answer = request_enrolment(
        opsman_url, code, csr, base64.b64encode(platform_key).decode(), verify
    )
    write_private(keys_dir / KEY_FILE, key_pem)
    write_private(keys_dir / CERT_FILE, answer["certificate"].encode(), 0o644)
    write_private(keys_dir / CA_FILE, answer["ca_certificate"].encode(), 0o644)
    raw = apply_enrolment(read_raw(config_path), answer, keys_dir)
    raw.setdefault("paths", {})["data_dir"] = str(data_dir)
    config = write_config(config_path, raw)
    return Enrolled(answer["terminal_id"], answer["site_id"], config)
