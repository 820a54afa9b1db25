"""Requests signed as the terminal: Ed25519 over method, target, timestamp, nonce and body hash.

A fresh nonce and timestamp per attempt means a captured request cannot be replayed; the
platform keeps recently seen nonces and refuses stale timestamps (see ``openapi.yaml``).
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

TERMINAL_ID = "X-Terminal-Id"
TIMESTAMP = "X-Timestamp"
NONCE = "X-Nonce"
SIGNATURE = "X-Signature"
MAX_SKEW_S = 300


def signing_bytes(method: str, target: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    digest = hashlib.sha256(body).hexdigest()
    return f"{method.upper()}\n{target}\n{timestamp}\n{nonce}\n{digest}".encode()


class TerminalAuth(requests.auth.AuthBase):
    """A ``requests`` auth hook signing each prepared request with the terminal's key."""

    def __init__(
        self, terminal_id: str, key: Ed25519PrivateKey, clock: Callable[[], float] = time.time
    ) -> None:
        self.terminal_id = terminal_id
        self._key = key
        self._clock = clock

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        parts = urlsplit(request.url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        timestamp = str(int(self._clock()))
        nonce = secrets.token_urlsafe(18)
        signature = self._key.sign(signing_bytes(request.method, target, timestamp, nonce, body))
        request.headers[TERMINAL_ID] = self.terminal_id
        request.headers[TIMESTAMP] = timestamp
        request.headers[NONCE] = nonce
        request.headers[SIGNATURE] = base64.b64encode(signature).decode()
        return request


def verify_signature(
    public_key: bytes, method: str, target: str, timestamp: str, nonce: str, body: bytes,
    signature_b64: str,
) -> bool:
    """Whether ``signature_b64`` is the terminal's signature of this request."""
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            signature, signing_bytes(method, target, timestamp, nonce, body)
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The terminal's private key from ``path`` (PEM), created with mode 0600 on first use."""
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 private key")
        return key
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return key


def public_key_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
