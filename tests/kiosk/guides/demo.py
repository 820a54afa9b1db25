"""The bundled demo catalogue for tests: its items, a store with it installed, a signed file."""

from __future__ import annotations

import base64
import copy
import json
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.config import DEMO_CONFIG, load_config
from kiosk.guides import BUNDLED_CATALOGUE
from kiosk.platform.catalogue import item_entry, sign_manifest
from offline_cache.catalogue import CatalogueStore
from offline_cache.catalogue_sync import CatalogueUpdater
from platform_sim.catalogue import DEMO_SIGNING_KEY, load_signing_key

PINNED_KEY = base64.b64decode(load_config(DEMO_CONFIG).catalogue.public_key)


@lru_cache(maxsize=1)
def _demo_text() -> str:
    return BUNDLED_CATALOGUE.read_text(encoding="utf-8")


def demo_items() -> list[dict]:
    """A fresh deep copy of the demo items, safe to change."""
    return copy.deepcopy(json.loads(_demo_text())["items"])


def signed_file(
    items: list[dict],
    version: int,
    key: Ed25519PrivateKey | None = None,
    published_at: str = "2026-11-26T00:00:00+00:00",
) -> bytes:
    """A catalogue file as the platform would publish it (demo key unless ``key`` is given)."""
    key = key or load_signing_key(DEMO_SIGNING_KEY)
    manifest = sign_manifest(
        {
            "version": version,
            "published_at": published_at,
            "key_id": "test",
            "items": [item_entry(i) for i in items],
        },
        key,
    )
    return json.dumps({"manifest": manifest, "items": items}, ensure_ascii=False).encode()


def installed_store(path: Path | str = ":memory:", bus=None) -> CatalogueUpdater:
    """An updater whose store holds the bundled demo catalogue."""
    updater = CatalogueUpdater(CatalogueStore(path), PINNED_KEY, bus)
    assert updater.install_bundled().ok
    return updater
