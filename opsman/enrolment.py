"""Enrolment: one-time codes for new terminals, and the fleet CA signing their certificates.

An operator issues a code for a terminal id and site (``POST /api/enrolment/codes`` or
``opsman enrol-code``). The technician types it at the new kiosk; the kiosk sends the code with a
certificate signing request for a key it generated itself (``POST /enrol``). The code is used up
in the same transaction that checks it, so a second use is refused even under a race. The
certificate is issued for the code's terminal id (the CSR's subject is ignored; its signature
proves the terminal holds the key), and the broker ACL gains the terminal's block. Only a hash of
each code is stored.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import os
import re
import secrets
import signal
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from opsman.broker import acl

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed from a phone message
TERMINAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$")  # as the kiosk's config requires
SITE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
SCHEMA = """
CREATE TABLE IF NOT EXISTS enrolment_code (
    code_hash TEXT PRIMARY KEY, terminal TEXT NOT NULL, site TEXT NOT NULL,
    site_name_zh TEXT NOT NULL, site_name_en TEXT NOT NULL,
    expires_at TEXT NOT NULL, used_at TEXT, serial TEXT, platform_key TEXT
);
"""


class EnrolmentRefused(Exception):
    """The code is unknown, used or expired, or the request is malformed (said plainly)."""


@dataclass(frozen=True)
class EnrolmentSettings:
    ca_file: Path
    ca_key_file: Path
    database: Path
    platform_url: str
    broker_host: str
    broker_port: int = 8883
    topic_prefix: str = "govkiosk/v1"
    catalogue_public_key: str = ""
    code_ttl_s: int = 24 * 3600
    cert_days: int = 825
    acl_file: Path | None = None
    terminals_file: Path | None = None
    """The ``SITE TERMINAL`` list of ``opsman broker-config``: enrolments are appended to it and
    the ACL is made from all of it, so terminals set up by hand keep their access."""
    broker_pid_file: Path | None = None
    """mosquitto's pid file: it is sent SIGHUP to reload the ACL after an enrolment."""
    managers: tuple[str, ...] = ("opsman",)


def _hash(code: str) -> str:
    normal = code.replace("-", "").replace(" ", "").upper()
    return hashlib.sha256(normal.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class EnrolmentAuthority:
    def __init__(self, settings: EnrolmentSettings) -> None:
        self.settings = settings
        self._ca_cert = x509.load_pem_x509_certificate(settings.ca_file.read_bytes())
        self._ca_key = serialization.load_pem_private_key(settings.ca_key_file.read_bytes(), None)
        settings.database.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(SCHEMA)

    def _db(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.settings.database, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def issue_code(
        self, terminal: str, site: str, name_zh: str = "", name_en: str = ""
    ) -> tuple[str, dt.datetime]:
        """A fresh one-time code (``XXXX-XXXX-XXXX``) for ``terminal`` at ``site``."""
        if not TERMINAL_ID.match(terminal) or not SITE_ID.match(site):
            raise ValueError("terminal ids: 3-64 of A-Z a-z 0-9 _ -; site ids: 1-64 of the same")
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
        code = "-".join(raw[i : i + 4] for i in range(0, 12, 4))
        expires = _now() + dt.timedelta(seconds=self.settings.code_ttl_s)
        with self._db() as db:
            db.execute(
                "INSERT INTO enrolment_code "
                "(code_hash, terminal, site, site_name_zh, site_name_en, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    _hash(code),
                    terminal,
                    site,
                    name_zh or site,
                    name_en or site,
                    expires.isoformat(),
                ),
            )
        return code, expires

    def enrol(self, code: str, csr_pem: str, platform_key: str = "") -> dict:
        """Use up ``code`` and sign the CSR; the terminal's settings and certificate.

        ``platform_key`` is the terminal's Ed25519 public key for the platform (base64), kept
        so the operator can register the terminal there (``GET /api/enrolment/terminals``)."""
        try:
            if platform_key and len(base64.b64decode(platform_key, validate=True)) != 32:
                raise ValueError
        except (ValueError, binascii.Error):
            raise EnrolmentRefused("platform_key must be a base64 Ed25519 public key") from None
        try:
            csr = x509.load_pem_x509_csr(csr_pem.encode())
        except ValueError:
            raise EnrolmentRefused("the certificate request is not a PEM CSR") from None
        if not csr.is_signature_valid:
            raise EnrolmentRefused("the certificate request's signature does not verify")
        serial = x509.random_serial_number()
        db = self._db()
        try:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute(
                "SELECT terminal, site, site_name_zh, site_name_en, expires_at, used_at "
                "FROM enrolment_code WHERE code_hash = ?",
                (_hash(code),),
            ).fetchone()
            if row is None:
                raise EnrolmentRefused("unknown enrolment code")
            terminal, site, name_zh, name_en, expires_at, used_at = row
            if used_at is not None:
                raise EnrolmentRefused("this enrolment code has already been used")
            if dt.datetime.fromisoformat(expires_at) < _now():
                raise EnrolmentRefused("this enrolment code has expired")
            db.execute(
                "UPDATE enrolment_code SET used_at = ?, serial = ?, platform_key = ? "
                "WHERE code_hash = ?",
                (_now().isoformat(), str(serial), platform_key or None, _hash(code)),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            db.close()
        cert = self._sign(csr.public_key(), terminal, serial)
        self._update_acl()
        s = self.settings
        return {
            "terminal_id": terminal,
            "site_id": site,
            "site_name_zh": name_zh,
            "site_name_en": name_en,
            "platform_url": s.platform_url,
            "broker": {
                "host": s.broker_host,
                "port": s.broker_port,
                "topic_prefix": s.topic_prefix,
            },
            "certificate": cert.public_bytes(serialization.Encoding.PEM).decode(),
            "ca_certificate": self._ca_cert.public_bytes(serialization.Encoding.PEM).decode(),
            "catalogue_public_key": s.catalogue_public_key,
        }

    def enrolled(self) -> list[tuple[str, str]]:
        """``(site, terminal)`` of every used code, oldest first."""
        with self._db() as db:
            return db.execute(
                "SELECT site, terminal FROM enrolment_code WHERE used_at IS NOT NULL "
                "ORDER BY used_at"
            ).fetchall()

    def terminals(self) -> list[dict]:
        """Enrolled terminals, with the platform registration line ``ID=KEY``."""
        with self._db() as db:
            rows = db.execute(
                "SELECT terminal, site, used_at, serial, platform_key FROM enrolment_code "
                "WHERE used_at IS NOT NULL ORDER BY used_at"
            ).fetchall()
        return [
            {"terminal_id": t, "site_id": site, "enrolled_at": at, "certificate_serial": serial,
             "platform_key": key, "platform_enrol": f"{t}={key}" if key else None}
            for t, site, at, serial, key in rows
        ]  # fmt: skip

    def _sign(self, public_key, terminal: str, serial: int) -> x509.Certificate:
        now = _now()
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, terminal)])
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self._ca_cert.subject)
            .public_key(public_key)
            .serial_number(serial)
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=self.settings.cert_days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .sign(self._ca_key, hashes.SHA256())
        )

    def _update_acl(self) -> None:
        s = self.settings
        if s.acl_file is None:
            return
        pairs = self.enrolled()
        if s.terminals_file is not None:
            listed = (
                s.terminals_file.read_text(encoding="utf-8") if s.terminals_file.exists() else ""
            )
            known = [tuple(line.split()) for line in listed.splitlines()
                     if len(line.split()) == 2 and not line.startswith("#")]  # fmt: skip
            missing = [pair for pair in pairs if pair not in known]
            with s.terminals_file.open("a", encoding="utf-8") as out:
                out.writelines(f"{site} {terminal}\n" for site, terminal in missing)
            pairs = known + missing
        text = acl(dict.fromkeys(pairs), s.topic_prefix, s.managers)
        partial = s.acl_file.with_suffix(".part")
        partial.write_text(text + "\n", encoding="utf-8")
        os.chmod(partial, 0o644)
        partial.replace(s.acl_file)
        if s.broker_pid_file is not None and s.broker_pid_file.exists():
            os.kill(int(s.broker_pid_file.read_text().strip()), signal.SIGHUP)


def routes(authority: EnrolmentAuthority) -> list:
    """``POST /enrol`` (terminals) and ``POST /api/enrolment/codes`` (operators)."""
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def body_of(request: Request) -> dict:
        try:
            body = await request.json()
        except ValueError:
            raise EnrolmentRefused("the body is not JSON") from None
        if not isinstance(body, dict):
            raise EnrolmentRefused("the body is not a JSON object")
        return body

    async def enrol(request: Request) -> JSONResponse:
        try:
            body = await body_of(request)
            code, csr, key = body.get("code"), body.get("csr"), body.get("platform_key", "")
            if not all(isinstance(v, str) for v in (code, csr, key)):
                raise EnrolmentRefused('send {"code": …, "csr": …, "platform_key": …}')
            return JSONResponse(await run_in_threadpool(authority.enrol, code, csr, key))
        except EnrolmentRefused as exc:
            return JSONResponse({"error": str(exc)}, status_code=403)

    async def new_code(request: Request) -> JSONResponse:
        try:
            body = await body_of(request)
        except EnrolmentRefused as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        fields = [
            body.get(k, "") for k in ("terminal_id", "site_id", "site_name_zh", "site_name_en")
        ]
        if not all(isinstance(f, str) for f in fields):
            return JSONResponse(
                {"error": "terminal_id, site_id, site names: text"}, status_code=400
            )
        try:
            code, expires = await run_in_threadpool(authority.issue_code, *fields)
        except ValueError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"code": code, "expires_at": expires.isoformat()}, status_code=201)

    async def enrolled(_request: Request) -> JSONResponse:
        return JSONResponse(await run_in_threadpool(authority.terminals))

    return [
        Route("/enrol", enrol, methods=["POST"]),
        Route("/api/enrolment/codes", new_code, methods=["POST"]),
        Route("/api/enrolment/terminals", enrolled),
    ]


def authority_for(config) -> EnrolmentAuthority | None:
    """The authority of an ``opsman.toml`` with an ``[enrolment]`` table (else None)."""
    section = config.enrolment
    if section is None:
        return None
    paths = ("acl_file", "terminals_file", "broker_pid_file")
    optional = {k: Path(v) for k in paths if (v := getattr(section, k))}
    return EnrolmentAuthority(EnrolmentSettings(
        ca_file=Path(section.ca_file), ca_key_file=Path(section.ca_key_file),
        database=Path(section.database), platform_url=section.platform_url,
        broker_host=section.broker_host, broker_port=section.broker_port,
        topic_prefix=config.broker.topic_prefix,
        catalogue_public_key=section.catalogue_public_key, code_ttl_s=section.code_ttl_s,
        cert_days=section.cert_days, **optional,
    ))  # fmt: skip
