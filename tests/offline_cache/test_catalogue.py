"""The catalogue store: what is installed is shown, a switch is atomic, the last good stays."""

from __future__ import annotations

import pytest

from kiosk.events import EventBus
from kiosk.guides.events import CatalogueInstalled, CatalogueRejected
from offline_cache.catalogue import CatalogueStore
from offline_cache.catalogue_bundle import verify_file
from offline_cache.catalogue_sync import CatalogueUpdater
from tests.kiosk.guides.demo import PINNED_KEY, demo_items, installed_store, signed_file


def test_bundled_catalogue_installs_once_and_is_readable(tmp_path):
    updater = installed_store(tmp_path / "c.sqlite")
    store = updater.store
    assert store.active().items == len(demo_items()) and store.active().source == "bundled"
    assert store.guide("11019900102003").name == "居民身份证补领"
    assert updater.install_bundled().value == store.active()  # a second start changes nothing
    reopened = CatalogueStore(tmp_path / "c.sqlite")
    assert reopened.active() == store.active()
    mode = reopened._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_browse_lists_departments_themes_and_life_events():
    store = installed_store().store
    departments = {d.key: d for d in store.departments()}
    assert departments["gongan"].name_zh == "公安" and departments["gongan"].items >= 15
    assert "新生儿出生一件事" in {g.key for g in store.groups("life_events")}
    codes = store.codes_in(life_event="新生儿出生一件事")
    names = {store.guide(c).name for c in codes}
    assert {"出生登记", "新生儿参保登记"} <= names


def test_new_version_switches_and_keeps_the_previous_one():
    bus, seen = EventBus(), []
    bus.subscribe(CatalogueInstalled, seen.append)
    updater = installed_store(bus=bus)
    items = demo_items()
    items[0]["hours"] = "周一至周日 8:30—20:00"
    result = updater.import_file(signed_file(items, 2))
    assert result.ok and result.value.version == 2
    assert updater.store.guide(items[0]["code"]).hours == "周一至周日 8:30—20:00"
    assert updater.store.previous().version == 1
    assert seen[-1].version == 2 and seen[-1].source == "import"
    assert updater.import_file(signed_file(demo_items(), 3)).ok
    versions = [r[0] for r in updater.store._db.execute("SELECT version FROM versions")]
    assert sorted(versions) == [2, 3]  # older versions are pruned


def test_a_failure_during_the_switch_leaves_the_old_version(monkeypatch):
    updater = installed_store()
    checked = verify_file(signed_file(demo_items()[:10], 2), PINNED_KEY).value
    monkeypatch.setattr(updater.store, "_prune", lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        updater.store.install(*checked, source="import")
    assert updater.store.active().version == 1 and updater.store.active().items == 301


@pytest.mark.parametrize(
    "damage, key",
    [
        (lambda b: b[: len(b) // 2], "catalogue.error.not_json"),
        (
            lambda b: b.replace("居民身份证补领".encode(), "居民身份证补办".encode(), 1),
            "catalogue.error.hash_mismatch",
        ),
        (lambda b: b"[]", "catalogue.error.manifest_shape"),
        (lambda b: b + b" " * 10, None),  # whitespace outside the JSON is harmless
    ],
)
def test_damaged_files_are_refused_and_the_good_version_stays(damage, key):
    bus, rejected = EventBus(), []
    bus.subscribe(CatalogueRejected, rejected.append)
    updater = installed_store(bus=bus)
    result = updater.import_file(damage(signed_file(demo_items(), 2)))
    if key is None:
        assert result.ok
        return
    assert not result.ok and result.error.key == key
    assert updater.store.active().version == 1
    assert rejected[-1].reason_key == key
    assert result.error.message("zh_CN").endswith("。")


def test_item_with_a_missing_field_is_refused_by_name():
    items = demo_items()
    del items[5]["materials"]
    result = installed_store().import_file(signed_file(items, 2))
    assert result.error.key == "catalogue.error.invalid_item"
    assert "materials" in result.error.message("en") and items[5]["code"] in result.error.message(
        "en"
    )


def test_unsigned_wrongly_signed_and_absurd_files_are_refused():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    updater = installed_store()
    foreign = signed_file(demo_items(), 2, key=Ed25519PrivateKey.generate())
    assert updater.import_file(foreign).error.key == "catalogue.error.bad_signature"
    unsigned = foreign.replace(b'"signature"', b'"unsigned"')
    assert updater.import_file(unsigned).error.key == "catalogue.error.bad_signature"
    assert updater.check_file(b" " * 10).error.key == "catalogue.error.not_json"
    from offline_cache.catalogue_bundle import verify_file as check

    assert (
        check(b"{}" + b" " * 100, PINNED_KEY, max_bytes=50).error.key == "catalogue.error.too_large"
    )
    assert (
        CatalogueUpdater(updater.store, b"").import_file(foreign).error.key
        == "catalogue.error.no_key"
    )
    assert updater.store.active().version == 1


def test_a_store_of_an_older_layout_is_refilled_not_misread(tmp_path):
    path = tmp_path / "old.sqlite"
    installed_store(path).store.close()
    import sqlite3

    old = sqlite3.connect(path)
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    updater = installed_store(path)  # the bundled catalogue is installed again
    assert updater.store.search_index().search("jzz")[0].name_zh == "居住证申领"
