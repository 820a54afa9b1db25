"""Signed catalogue files: manifest, Ed25519 signature and per-item SHA-256 (同源发布).

A catalogue file is one JSON object::

    {"manifest": {"format": "govkiosk-catalogue/1", "version": "...", "published_at": "...",
                  "items": [{"code": "...", "sha256": "<hex>", "size": <bytes>}, ...]},
     "signature": "<base64 Ed25519 signature of canonical(manifest)>",
     "items": [<guide>, ...]}

``canonical`` is compact, key-sorted UTF-8 JSON; an item's hash is over its canonical bytes,
which are also the bytes the platform serves for that item, so a delta sync checks the same
hash. Every check returns ``Err(CatalogueProblem)`` naming what is wrong; nothing half-checked
is ever returned.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import ValidationError

from kiosk.guides.model import Guide
from kiosk.i18n import translate
from kiosk.result import Err, Ok, Result

FORMAT = "govkiosk-catalogue/1"
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_ITEM_BYTES = 256 * 1024
MAX_ITEMS = 200_000


@dataclass(frozen=True)
class CatalogueProblem:
    """Why a catalogue was refused: a message key of ``guide.po`` and its values."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def message(self, language: str) -> str:
        return translate(self.key, language, **self.values)


@dataclass(frozen=True)
class ManifestEntry:
    code: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    version: str
    published_at: str
    entries: tuple[ManifestEntry, ...]
    raw: bytes
    signature: bytes

    def by_code(self) -> dict[str, ManifestEntry]:
        return {e.code: e for e in self.entries}


@dataclass(frozen=True)
class VerifiedItem:
    guide: Guide
    body: bytes
    sha256: str


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sha256_hex(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def public_key_from_b64(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))


def verify_manifest(
    raw: bytes, signature: bytes, key: Ed25519PublicKey
) -> Result[Manifest, CatalogueProblem]:
    """Check the signature over the manifest bytes first, then its shape."""
    try:
        key.verify(signature, raw)
    except InvalidSignature:
        return Err(CatalogueProblem("catalogue.error.bad_signature"))
    try:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            return Err(CatalogueProblem("catalogue.error.format", {"found": data.get("format")}))
        entries = tuple(
            ManifestEntry(str(e["code"]), str(e["sha256"]), int(e["size"])) for e in data["items"]
        )
        manifest = Manifest(str(data["version"]), str(data["published_at"]), entries, raw, signature)
    except (ValueError, KeyError, TypeError, AttributeError):
        return Err(CatalogueProblem("catalogue.error.manifest_shape"))
    if not 0 < len(entries) <= MAX_ITEMS:
        return Err(CatalogueProblem("catalogue.error.item_count", {"count": len(entries)}))
    if len({e.code for e in entries}) != len(entries):
        return Err(CatalogueProblem("catalogue.error.duplicate_code"))
    if any(not 0 < e.size <= MAX_ITEM_BYTES for e in entries):
        return Err(CatalogueProblem("catalogue.error.item_size"))
    return Ok(manifest)


def verify_item(entry: ManifestEntry, body: bytes) -> Result[VerifiedItem, CatalogueProblem]:
    """An item's bytes must have the manifest's size and hash and be a complete guide."""
    digest = sha256_hex(body)
    if len(body) != entry.size or digest != entry.sha256:
        return Err(CatalogueProblem("catalogue.error.hash_mismatch", {"code": entry.code}))
    try:
        guide = Guide.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(item)"
        return Err(CatalogueProblem("catalogue.error.invalid_item", {"code": entry.code, "field": where}))
    if guide.code != entry.code:
        return Err(CatalogueProblem("catalogue.error.hash_mismatch", {"code": entry.code}))
    return Ok(VerifiedItem(guide, body, digest))


def verify_file(
    data: bytes, key: Ed25519PublicKey, max_bytes: int = MAX_FILE_BYTES
) -> Result[tuple[Manifest, list[VerifiedItem]], CatalogueProblem]:
    """Check a whole catalogue file: size, JSON, signature, then every item."""
    if len(data) > max_bytes:
        return Err(CatalogueProblem("catalogue.error.too_large", {"size": len(data)}))
    try:
        bundle = json.loads(data)
        manifest_obj, items = bundle["manifest"], bundle["items"]
        signature = base64.b64decode(bundle["signature"], validate=True)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return Err(CatalogueProblem("catalogue.error.not_json"))
    except (KeyError, TypeError, binascii.Error):
        return Err(CatalogueProblem("catalogue.error.manifest_shape"))
    checked = verify_manifest(canonical(manifest_obj), signature, key)
    if isinstance(checked, Err):
        return checked
    manifest = checked.value
    if not isinstance(items, list) or len(items) != len(manifest.entries):
        return Err(CatalogueProblem("catalogue.error.incomplete"))
    entries = manifest.by_code()
    verified = []
    for item in items:
        code = item.get("code") if isinstance(item, dict) else None
        if code not in entries:
            return Err(CatalogueProblem("catalogue.error.incomplete"))
        result = verify_item(entries[code], canonical(item))
        if isinstance(result, Err):
            return result
        verified.append(result.value)
    if len({v.guide.code for v in verified}) != len(entries):
        return Err(CatalogueProblem("catalogue.error.incomplete"))
    return Ok((manifest, verified))


def sign_file(items: list[dict], version: str, published_at: str, key: Ed25519PrivateKey) -> bytes:
    """Publisher side (platform simulator, demo and benchmark generators): build a signed file."""
    entries = []
    for item in items:
        body = canonical(item)
        entries.append({"code": item["code"], "sha256": sha256_hex(body), "size": len(body)})
    manifest = {"format": FORMAT, "version": version, "published_at": published_at, "items": entries}
    signature = key.sign(canonical(manifest))
    bundle = {
        "manifest": manifest,
        "signature": base64.b64encode(signature).decode(),
        "items": items,
    }
    return json.dumps(bundle, ensure_ascii=False, indent=1).encode()
