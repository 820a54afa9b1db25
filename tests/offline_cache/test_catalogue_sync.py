"""Sync with the reference platform: delta, corrupted items, bad signatures, cut downloads."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.events import EventBus
from kiosk.guides import BUNDLED_CATALOGUE
from kiosk.guides.events import CatalogueRejected
from kiosk.result import Ok
from offline_cache.catalogue import CatalogueStore
from offline_cache.catalogue_sync import CatalogueUpdater
from platform_sim.testing import simulated_platform
from tests.kiosk.guides.demo import PINNED_KEY, demo_items, installed_store


@pytest.fixture
def platform(tmp_path):
    with simulated_platform(tmp_path / "platform", catalogue_source=BUNDLED_CATALOGUE) as sim:
        yield sim


@pytest.fixture
def kiosk():
    bus = EventBus()
    rejected: list[CatalogueRejected] = []
    bus.subscribe(CatalogueRejected, rejected.append)
    updater = installed_store(bus=bus)
    updater.rejected = rejected
    return updater


def _changed_items():
    items = demo_items()
    items[0]["promised_limit"]["days"] = 5
    items[1]["fee"]["standard"] = "居民身份证工本费每证20元（本月起可网上支付）"
    return items


class Tampering:
    """A platform client whose answers are altered on the way, as a broken network might."""

    def __init__(self, client, alter):
        self.client, self.alter = client, alter

    def catalogue_manifest(self, if_none_match=None):
        return self.client.catalogue_manifest(if_none_match)

    def catalogue_full(self, version=None):
        return self._altered(self.client.catalogue_full(version))

    def catalogue_delta(self, since):
        return self._altered(self.client.catalogue_delta(since))

    def _altered(self, answer):
        return Ok(self.alter(answer.value)) if isinstance(answer, Ok) else answer


def test_same_version_is_not_downloaded_again(platform, kiosk):
    outcome = kiosk.sync(platform.client())
    assert outcome.ok and not outcome.value.changed and outcome.value.downloaded_items == 0


def test_delta_brings_only_the_changed_items(platform, kiosk):
    platform.server.publish_catalogue(_changed_items())
    outcome = kiosk.sync(platform.client())
    assert outcome.ok and outcome.value.changed
    assert outcome.value.installed.version == 2 and outcome.value.downloaded_items == 2
    first = demo_items()[0]["code"]
    assert kiosk.store.guide(first).promised_limit.days == 5
    assert kiosk.store.search_index().search("sbk")[0].name_zh == "社会保障卡申领"


def test_empty_terminal_downloads_the_full_catalogue(platform):
    updater = CatalogueUpdater(CatalogueStore(":memory:"), PINNED_KEY)
    outcome = updater.sync(platform.client())
    assert outcome.ok and outcome.value.installed.items == 301
    assert outcome.value.downloaded_items == 301


def test_corrupted_item_is_refused_and_the_last_good_version_stays(platform, kiosk):
    platform.server.publish_catalogue(_changed_items())

    def corrupt(body):
        body["changed"][0]["hours"] = "全天"
        return body

    outcome = kiosk.sync(Tampering(platform.client(), corrupt))
    assert outcome.error.key == "catalogue.error.hash_mismatch"
    assert kiosk.store.active().version == 1
    assert kiosk.store.guide(demo_items()[0]["code"]).promised_limit.days == 20
    assert kiosk.rejected[-1].source == "sync"


def test_interrupted_download_is_refused(platform, kiosk):
    platform.server.publish_catalogue(_changed_items())

    def cut(body):
        body["changed"] = body["changed"][:1]
        return body

    assert kiosk.sync(Tampering(platform.client(), cut)).error.key == "catalogue.error.incomplete"
    assert kiosk.store.active().version == 1


def test_bad_signature_is_refused(tmp_path, kiosk):
    pem = tmp_path / "rogue.pem"
    pem.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with simulated_platform(
        tmp_path / "rogue", catalogue_source=BUNDLED_CATALOGUE, signing_key=pem
    ) as rogue:
        rogue.server.publish_catalogue(_changed_items())
        assert kiosk.sync(rogue.client()).error.key == "catalogue.error.bad_signature"
    assert kiosk.store.active().version == 1
    assert kiosk.rejected[-1].reason_key == "catalogue.error.bad_signature"


def test_platform_offline_keeps_the_guides_and_raises_a_health_event(platform, kiosk):
    platform.server.faults.update(down=True)
    outcome = kiosk.sync(platform.client(max_attempts=1, connect_timeout_s=0.5, read_timeout_s=0.5))
    assert outcome.error.key == "catalogue.error.offline"
    assert kiosk.rejected[-1].reason_key == "catalogue.error.offline"
    assert kiosk.store.search_index().search("居住证")[0].name_zh == "居住证申领"


def test_truncated_answers_never_install_anything(platform, kiosk):
    platform.server.publish_catalogue(_changed_items())
    platform.server.faults.update(truncate_rate=1.0)
    assert not kiosk.sync(platform.client(max_attempts=1)).ok
    assert kiosk.store.active().version == 1


def test_periodic_sync_picks_up_a_new_version(platform, kiosk):
    import time

    from offline_cache.catalogue_sync import PeriodicSync

    client = platform.client()
    worker = PeriodicSync(kiosk, lambda: client, interval_s=0.05).start()
    try:
        platform.server.publish_catalogue(_changed_items())
        deadline = time.monotonic() + 10
        while kiosk.store.active().version != 2:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        worker.stop()
