"""Rules of a published catalogue (同源发布): canonical JSON, item hashes, the signed manifest.

The platform signs; the kiosk verifies with the pinned public key and checks every item's hash,
so it shows byte-for-byte what was published. The format is written down in ``openapi.yaml``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def canonical_json(value: Any) -> bytes:
    """Keys sorted, no insignificant whitespace, non-ASCII unescaped, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def item_entry(item: dict[str, Any]) -> dict[str, Any]:
    """The manifest entry of one item: code, SHA-256 and size of its canonical JSON."""
    data = canonical_json(item)
    return {"code": item["code"], "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def manifest_signing_bytes(manifest: dict[str, Any]) -> bytes:
    return canonical_json({k: v for k, v in manifest.items() if k != "signature"})


def sign_manifest(manifest: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """``manifest`` with its ``signature`` member set (publisher side)."""
    signature = key.sign(manifest_signing_bytes(manifest))
    return {**manifest, "signature": base64.b64encode(signature).decode()}


def manifest_is_authentic(manifest: dict[str, Any], public_key: bytes) -> bool:
    """Whether the manifest was signed by the holder of ``public_key`` (raw 32 bytes)."""
    try:
        signature = base64.b64decode(manifest["signature"], validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            signature, manifest_signing_bytes(manifest)
        )
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False
    return True


def items_not_matching(manifest: dict[str, Any], items: Iterable[dict[str, Any]]) -> list[str]:
    """Codes of ``items`` that are absent from the manifest or whose hash differs from it."""
    expected = {entry["code"]: entry["sha256"] for entry in manifest["items"]}
    return [
        str(item.get("code"))
        for item in items
        if "code" not in item or expected.get(item["code"]) != item_entry(item)["sha256"]
    ]
