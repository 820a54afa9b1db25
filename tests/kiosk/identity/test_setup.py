"""From the config file to the login journey: models, URLs, and which ways are offered."""

from __future__ import annotations

import pytest

from kiosk.config import ConfigError
from kiosk.events import EventBus
from kiosk.identity.setup import build_login_flow
from kiosk.platform.runtime import PlatformLink
from kiosk.session import Preferences, Session
from peripherals.idcard.driver import SamIdCardReader
from peripherals.pcsc.driver import PcscReader
from peripherals.registry import build_devices
from peripherals.scanner.camera import CameraScanner
from peripherals.scanner.hid import HidCodeScanner
from peripherals.status import StatusBoard
from tests.conftest import demo_config


def devices_for(tables: dict):
    config = demo_config(peripherals=tables)
    return config, build_devices(config, StatusBoard(EventBus()))


def test_configured_readers_and_scanner_offer_every_way_to_log_in(tmp_path):
    config, devices = devices_for(
        {
            "idcard": {"class": "idcard", "model": "sam", "url": "socket://127.0.0.1:9"},
            "sscard": {"class": "pcsc", "model": "pyscard", "url": "pcsc:Virtual PCD 00 00"},
            "camera": {"class": "scanner", "model": "camera", "url": f"file://{tmp_path}"},
        }
    )
    assert isinstance(devices["idcard"], SamIdCardReader)
    assert isinstance(devices["sscard"], PcscReader)
    assert isinstance(devices["camera"], CameraScanner)
    bus = EventBus()
    session = Session(bus, Preferences(), 120, 30)
    flow = build_login_flow(config, bus, session, devices, PlatformLink(config, bus))
    assert flow.available == {"qr": True, "app_code": True, "idcard": True, "sscard": True}


def test_without_devices_only_the_kiosk_code_is_offered():
    config, devices = devices_for({})
    bus = EventBus()
    flow = build_login_flow(
        config, bus, Session(bus, Preferences(), 120, 30), devices, PlatformLink(config, bus)
    )
    assert flow.available == {"qr": True, "app_code": False, "idcard": False, "sscard": False}


def test_keyboard_mode_scanner_model():
    _, devices = devices_for(
        {"hid": {"class": "scanner", "model": "hid", "url": "file:///dev/input/event-none"}}
    )
    assert isinstance(devices["hid"], HidCodeScanner)


@pytest.mark.parametrize(
    ("table", "key", "words"),
    [
        ({"class": "pcsc", "model": "pyscard", "url": "Virtual PCD"}, "url", "pcsc:"),
        ({"class": "idcard", "model": "huashi", "url": "/dev/ttyS1"}, "model", "sam"),
        ({"class": "scanner", "model": "camera", "url": "file:///no/such/dir"}, "url", "exist"),
        ({"class": "scanner", "model": "hid", "url": "/dev/input/event3"}, "url", "file:///dev"),
    ],
)
def test_config_mistakes_name_the_key(table, key, words):
    with pytest.raises(ConfigError) as caught:
        devices_for({"reader": table})
    assert any(k == f"peripherals.reader.{key}" and words in m for k, m in caught.value.problems)
