"""A real mosquitto on loopback with TLS (client certificates) and the fleet ACL, for tests.

Certificates are made here with ``cryptography``; the broker is started as a child process and
stopped by its PID. Started as root, mosquitto would switch to the ``mosquitto`` user, which
cannot read a root-only temporary folder, so its files are made readable by that user.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from opsman.broker import BrokerTls, acl, mosquitto_conf


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class ClientCert:
    ca_file: Path
    cert_file: Path
    key_file: Path


class Pki:
    """A test CA that issues the broker's certificate and one per client (CN = user name)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._key = ec.generate_private_key(ec.SECP256R1())
        self._name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "govkiosk test CA")])
        self._cert = (
            self._builder(self._name, self._key.public_key())
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(self._key, hashes.SHA256())
        )
        self.ca_file = folder / "ca.pem"
        self.ca_file.write_bytes(self._cert.public_bytes(serialization.Encoding.PEM))

    def _builder(self, subject: x509.Name, public_key) -> x509.CertificateBuilder:
        now = dt.datetime.now(dt.UTC)
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self._name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
        )

    def issue(self, common_name: str, server: bool = False) -> ClientCert:
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
        builder = self._builder(subject, key.public_key())
        if server:
            builder = builder.add_extension(
                x509.SubjectAlternativeName(
                    [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
                ),
                critical=False,
            )
        cert = builder.sign(self._key, hashes.SHA256())
        cert_file, key_file = self.folder / f"{common_name}.pem", self.folder / f"{common_name}.key"
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return ClientCert(self.ca_file, cert_file, key_file)


class Broker:
    """mosquitto with TLS and the ACL for ``terminals``; stop and start again on the same port."""

    def __init__(self, terminals: list[tuple[str, str]], prefix: str = "govkiosk/v1") -> None:
        # Not under pytest's tmp_path: pytest resets its root to 0700 whenever a run starts.
        self.folder = folder = Path(tempfile.mkdtemp(prefix="govkiosk-mqtt-"))
        folder.chmod(0o755)
        self.port = free_port()
        self.pki = Pki(folder / "pki")
        server = self.pki.issue("localhost", server=True)
        acl_file = folder / "acl"
        acl_file.write_text(acl(terminals, prefix))
        self.log_file = folder / "mosquitto.log"
        self.config = folder / "mosquitto.conf"
        self.config.write_text(
            mosquitto_conf(
                self.port,
                acl_file,
                BrokerTls(server.ca_file, server.cert_file, server.key_file),
                log_file=self.log_file,
                persistence_dir=folder / "persistence",
            )
        )
        (folder / "persistence").mkdir()
        if os.geteuid() == 0:  # mosquitto drops to this user: let it read its files
            user = pwd.getpwnam("mosquitto")
            for path in [folder, *folder.rglob("*")]:
                os.chown(path, user.pw_uid, user.pw_gid)
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["mosquitto", "-c", str(self.config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"mosquitto exited: {self.process.stderr.read().decode()}"
                    f"{self.log_file.read_text() if self.log_file.exists() else ''}"
                )
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not open its port")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            self.process.wait(10)
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
