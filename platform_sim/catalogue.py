"""Catalogue publishing on the reference platform: load items, sign versions, compute deltas."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.platform.catalogue import canonical_json, item_entry, sign_manifest

DEMO_DIR = Path(__file__).with_name("demo")
DEMO_CATALOGUE = DEMO_DIR / "catalogue.json"
DEMO_SIGNING_KEY = DEMO_DIR / "platform_signing_key.pem"
"""Demo only: published in the repository, so anyone can sign with it. Its public key is the
one pinned in ``kiosk/data/demo.toml``; real terminals pin their province's key."""


class CatalogueError(ValueError):
    """A catalogue file that cannot be published."""


def load_items(source: Path) -> list[dict[str, Any]]:
    """Items from a JSON file (a list or ``{"items": [...]}``) or a directory of such files."""
    files = sorted(source.glob("*.json")) if source.is_dir() else [source]
    items: list[dict[str, Any]] = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CatalogueError(f"{path}: not readable JSON: {exc}") from None
        found = data.get("items") if isinstance(data, dict) else data
        if not isinstance(found, list):
            raise CatalogueError(f"{path}: expected a list of items or {{\"items\": [...]}}")
        items.extend(found)
    return check_items(items)


def check_items(items: list[Any]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    for item in items:
        if not (isinstance(item, dict) and isinstance(item.get("code"), str)
                and isinstance(item.get("name"), str)):
            raise CatalogueError(f"item without string code and name: {str(item)[:80]}")
        if item["code"] in seen:
            raise CatalogueError(f"duplicate item code {item['code']}")
        seen.add(item["code"])
    return items


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise CatalogueError(f"{path}: not an Ed25519 private key")
    return key


def key_id(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "ed25519-" + raw.hex()[:16]


def current_version(db: sqlite3.Connection) -> int | None:
    return db.execute("SELECT MAX(version) FROM catalogue_versions").fetchone()[0]


def publish(db: sqlite3.Connection, items: list[dict[str, Any]], key: Ed25519PrivateKey) -> int:
    """Store ``items`` as the next version with its signed manifest; returns the version."""
    check_items(items)
    version = (current_version(db) or 0) + 1
    entries = [item_entry(item) for item in items]
    manifest = sign_manifest({
        "version": version,
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "key_id": key_id(key),
        "items": entries,
    }, key)
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO catalogue_versions VALUES (?, ?)", (version, json.dumps(manifest)))
    db.executemany(
        "INSERT INTO catalogue_items VALUES (?,?,?,?)",
        [(version, e["code"], canonical_json(i).decode(), e["sha256"])
         for i, e in zip(items, entries)],
    )
    db.execute("COMMIT")
    return version


def manifest(db: sqlite3.Connection, version: int) -> dict[str, Any] | None:
    row = db.execute("SELECT manifest FROM catalogue_versions WHERE version = ?",
                     (version,)).fetchone()
    return json.loads(row[0]) if row else None


def items(db: sqlite3.Connection, version: int) -> list[dict[str, Any]]:
    rows = db.execute("SELECT body FROM catalogue_items WHERE version = ? ORDER BY code",
                      (version,))
    return [json.loads(r[0]) for r in rows]


def delta(db: sqlite3.Connection, since: int, version: int) -> tuple[list[dict], list[str]]:
    """Items changed or added in ``version`` relative to ``since``, and codes removed."""
    old = dict(db.execute("SELECT code, sha256 FROM catalogue_items WHERE version = ?", (since,)))
    changed = [
        json.loads(body) for code, body, sha in db.execute(
            "SELECT code, body, sha256 FROM catalogue_items WHERE version = ? ORDER BY code",
            (version,))
        if old.get(code) != sha
    ]
    new_codes = {r[0] for r in db.execute(
        "SELECT code FROM catalogue_items WHERE version = ?", (version,))}
    return changed, sorted(set(old) - new_codes)
