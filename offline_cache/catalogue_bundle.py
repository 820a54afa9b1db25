"""Checking a published catalogue (同源发布) before anything of it is shown.

The format is the platform contract's (``kiosk/platform/openapi.yaml``, ``CatalogueFull``): a
manifest signed with Ed25519 listing each item's code, SHA-256 and size of its canonical JSON,
and the items. The same checks serve a file (``kiosk catalogue verify|import``, the bundled demo
catalogue) and a sync from the platform. Every check returns ``Err(CatalogueProblem)`` naming
what is wrong; nothing half-checked is ever returned.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from kiosk.guides.model import Guide
from kiosk.i18n import translate
from kiosk.platform.catalogue import canonical_json, item_entry, manifest_is_authentic
from kiosk.result import Err, Ok, Result

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
    version: int
    published_at: str
    entries: tuple[ManifestEntry, ...]
    document: dict[str, Any]

    def by_code(self) -> dict[str, ManifestEntry]:
        return {e.code: e for e in self.entries}


@dataclass(frozen=True)
class VerifiedItem:
    guide: Guide
    body: bytes
    sha256: str


def verify_manifest(document: Any, public_key: bytes) -> Result[Manifest, CatalogueProblem]:
    """The signature first (with the pinned key), then the manifest's shape and limits."""
    if not public_key:
        return Err(CatalogueProblem("catalogue.error.no_key"))
    if not isinstance(document, dict) or not manifest_is_authentic(document, public_key):
        return Err(CatalogueProblem("catalogue.error.bad_signature"))
    try:
        entries = tuple(
            ManifestEntry(str(e["code"]), str(e["sha256"]), int(e["size"]))
            for e in document["items"]
        )
        manifest = Manifest(
            int(document["version"]), str(document["published_at"]), entries, document
        )
    except (ValueError, KeyError, TypeError):
        return Err(CatalogueProblem("catalogue.error.manifest_shape"))
    if not 0 < len(entries) <= MAX_ITEMS:
        return Err(CatalogueProblem("catalogue.error.item_count", {"count": len(entries)}))
    if len({e.code for e in entries}) != len(entries):
        return Err(CatalogueProblem("catalogue.error.duplicate_code"))
    if any(not 0 < e.size <= MAX_ITEM_BYTES for e in entries):
        return Err(CatalogueProblem("catalogue.error.item_size"))
    return Ok(manifest)


def verify_item(entry: ManifestEntry, item: Any) -> Result[VerifiedItem, CatalogueProblem]:
    """An item must hash to its manifest entry and be a complete guide."""
    if not isinstance(item, dict):
        return Err(CatalogueProblem("catalogue.error.hash_mismatch", {"code": entry.code}))
    body = canonical_json(item)
    digest = item_entry(item)["sha256"]
    if item.get("code") != entry.code or len(body) != entry.size or digest != entry.sha256:
        return Err(CatalogueProblem("catalogue.error.hash_mismatch", {"code": entry.code}))
    try:
        guide = Guide.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(item)"
        return Err(
            CatalogueProblem("catalogue.error.invalid_item", {"code": entry.code, "field": where})
        )
    return Ok(VerifiedItem(guide, body, digest))


def verify_items(
    manifest: Manifest, items: Any, complete: bool = True
) -> Result[list[VerifiedItem], CatalogueProblem]:
    """Check ``items`` against ``manifest``; ``complete`` demands every listed item once."""
    if not isinstance(items, list):
        return Err(CatalogueProblem("catalogue.error.incomplete"))
    entries = manifest.by_code()
    verified: dict[str, VerifiedItem] = {}
    for item in items:
        code = item.get("code") if isinstance(item, dict) else None
        if code not in entries or code in verified:
            return Err(CatalogueProblem("catalogue.error.unlisted_item", {"code": code}))
        result = verify_item(entries[code], item)
        if isinstance(result, Err):
            return result
        verified[code] = result.value
    if complete and len(verified) != len(entries):
        return Err(CatalogueProblem("catalogue.error.incomplete"))
    return Ok(list(verified.values()))


def verify_file(
    data: bytes, public_key: bytes, max_bytes: int = MAX_FILE_BYTES
) -> Result[tuple[Manifest, list[VerifiedItem]], CatalogueProblem]:
    """Check a whole catalogue file: size, JSON, signature, then every item."""
    if len(data) > max_bytes:
        return Err(CatalogueProblem("catalogue.error.too_large", {"size": len(data)}))
    try:
        bundle = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return Err(CatalogueProblem("catalogue.error.not_json"))
    if not isinstance(bundle, dict) or "manifest" not in bundle or "items" not in bundle:
        return Err(CatalogueProblem("catalogue.error.manifest_shape"))
    checked = verify_manifest(bundle["manifest"], public_key)
    if isinstance(checked, Err):
        return checked
    items = verify_items(checked.value, bundle["items"])
    if isinstance(items, Err):
        return items
    return Ok((checked.value, items.value))
