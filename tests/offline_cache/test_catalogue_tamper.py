"""同源发布 as a property: whatever byte of a signed catalogue file is changed, the terminal
either refuses the file or shows exactly the published items."""

from __future__ import annotations

import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.platform.catalogue import canonical_json
from offline_cache.catalogue import CatalogueStore
from offline_cache.catalogue_sync import CatalogueUpdater
from tests.kiosk.guides.demo import PINNED_KEY, demo_items, signed_file

ITEMS = demo_items()[:4]
FILE = signed_file(ITEMS, 7)
PUBLISHED = {item["code"]: canonical_json(item) for item in ITEMS}


@settings(max_examples=60, deadline=None)
@given(position=st.integers(0, len(FILE) - 1), value=st.integers(0, 255))
def test_a_changed_byte_is_refused_or_changes_nothing_shown(position, value):
    data = bytearray(FILE)
    data[position] = value
    updater = CatalogueUpdater(CatalogueStore(":memory:"), PINNED_KEY)
    result = updater.import_file(bytes(data))
    if result.ok:  # e.g. a changed indent: the stored bytes are still the published ones
        stored = updater.store._db.execute(
            "SELECT v.code, b.body FROM version_items v JOIN blobs b USING (sha256)"
        )
        assert {code: zlib.decompress(body) for code, body in stored} == PUBLISHED
    else:
        assert updater.store.active() is None
