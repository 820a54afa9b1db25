"""Keyboard-mode (USB-HID) scanner: key events decoded, read from an event device (a FIFO)."""

from __future__ import annotations

import os
import threading
import time

from hypothesis import given
from hypothesis import strategies as st

from kiosk.events import EventBus
from kiosk.result import Err, Ok
from peripherals.rawlog import RawTraffic
from peripherals.scanner.hid import EVENT, KEYMAP, HidCodeScanner, KeyDecoder, key_events, redact
from peripherals.status import DeviceState, StatusBoard

TYPABLE = "".join(sorted({c for pair in KEYMAP.values() for c in pair}))


def decode(events: bytes) -> list[str]:
    decoder = KeyDecoder()
    chunks = (events[i : i + EVENT.size] for i in range(0, len(events), EVENT.size))
    return [line for chunk in chunks if (line := decoder.feed(chunk)) is not None]


@given(st.text(alphabet=TYPABLE, min_size=1, max_size=80))
def test_typed_codes_decode_back_to_the_same_text(text):
    assert decode(key_events(text)) == [text]


def test_shift_repeat_and_other_event_types_are_honoured():
    events = key_events("GOVAPP:zhang_wei")
    sync = EVENT.pack(0, 0, 0, 0, 0)  # EV_SYN between keys, as the kernel sends
    repeat = EVENT.pack(0, 0, 1, 30, 2)  # key repeat is not a press
    assert decode(sync + events[: EVENT.size * 3] + repeat + events[EVENT.size * 3 :]) == [
        "GOVAPP:zhang_wei"
    ]


def scanner_on(path, log_dir=None) -> HidCodeScanner:
    traffic = RawTraffic("hid", log_dir, log_dir is not None, redact)
    return HidCodeScanner("hid", f"file://{path}", StatusBoard(EventBus()), traffic)


def test_a_code_typed_by_the_scanner_is_read_from_its_event_device(tmp_path):
    device = tmp_path / "event-kbd"
    os.mkfifo(device)
    writer = os.open(device, os.O_RDWR | os.O_NONBLOCK)
    scanner = scanner_on(device, tmp_path)
    try:
        assert scanner.status().state is DeviceState.ONLINE
        os.write(writer, key_events("OLD"))  # typed before the scan began: stale
        threading.Timer(0.2, os.write, (writer, key_events("GOVAPP:lina"))).start()
        result = scanner.scan(2.0)
        assert isinstance(result, Ok) and result.value.payload == b"GOVAPP:lina"
        started = time.monotonic()
        assert scanner.scan(0.3) == Ok(None)
        assert time.monotonic() - started < 1.0
    finally:
        scanner.close()
        os.close(writer)
    assert "lina" not in (tmp_path / "raw" / "hid.log").read_text()


def test_missing_event_device_is_no_device(tmp_path):
    result = scanner_on(tmp_path / "none").scan(0.2)
    assert isinstance(result, Err) and result.error.state is DeviceState.NO_DEVICE
