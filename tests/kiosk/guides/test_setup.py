"""The guide journey as the composition root builds it, and its background sync."""

from __future__ import annotations

import time
from types import SimpleNamespace

from kiosk.app import build_core
from kiosk.config import DEMO_CONFIG, load_config
from kiosk.guides import BUNDLED_CATALOGUE
from kiosk.guides.setup import start_catalogue_sync
from platform_sim.testing import simulated_platform
from tests.kiosk.guides.demo import demo_items


def test_core_guides_follow_the_platform_in_the_background(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "kiosk"))
    core = build_core(load_config(DEMO_CONFIG), demo=True)
    core.load_journeys()
    assert core.guides.store.active().items == 301
    with simulated_platform(tmp_path / "platform", catalogue_source=BUNDLED_CATALOGUE) as sim:
        link = SimpleNamespace(client=sim.client())
        sync = start_catalogue_sync(core.config, core.bus, core.guides, link, interval_s=0.05)
        try:
            items = demo_items()
            items[0]["hours"] = "周一至周日 8:30—20:00"
            sim.server.publish_catalogue(items)
            deadline = time.monotonic() + 20
            while core.guides.store.active().version != 2:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        finally:
            sync.stop()
    assert core.guides.store.guide(items[0]["code"]).hours == "周一至周日 8:30—20:00"
    assert "（版本2）" in core.guides.updated_text("zh_CN")


def test_kiosk_start_syncs_with_the_platform_and_stop_ends_it(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "kiosk"))
    core = build_core(load_config(DEMO_CONFIG), demo=True)
    core.load_journeys()
    core.start()
    try:
        deadline = time.monotonic() + 30
        while core.catalogue_sync.rounds == 0:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        outcome = core.catalogue_sync.last
        assert outcome.ok and not outcome.value.changed  # the demo platform serves the bundle
    finally:
        core.stop()
    assert not core.catalogue_sync._thread.is_alive()
