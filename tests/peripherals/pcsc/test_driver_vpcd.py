"""The pyscard driver through a real pcscd + vpcd and the virtual social-security card.

Insert, read, remove mid-read, no reader; the last test stops pcscd: "pcscd not running".
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from kiosk.commands.printer_sim import tell
from kiosk.events import EventBus
from kiosk.result import Err, Ok
from peripherals.pcsc import sscard
from peripherals.pcsc.driver import PcscReader
from peripherals.pcsc.simulator import ATR, DEMO_HOLDERS, VpcdCardSlot
from peripherals.rawlog import RawTraffic
from peripherals.status import CardPresence, DeviceState, DeviceStatusChanged, StatusBoard
from tests.peripherals.pcsc.harness import start_pcscd, why_not_available

pytestmark = pytest.mark.skipif(why_not_available() is not None, reason=str(why_not_available()))


@pytest.fixture(scope="module")
def pcscd(tmp_path_factory):
    daemon = start_pcscd(tmp_path_factory.mktemp("pcscd"))
    yield daemon
    daemon.stop()


def _absent(pcscd) -> None:
    """Wait until pcscd has noticed the card is gone (vpcd notices removal by polling)."""
    watcher = PcscReader(
        "watch", pcscd.reader, StatusBoard(EventBus()), RawTraffic("w", None, False)
    )
    assert _until(lambda: watcher.card_present() == Ok(False))
    watcher.close()


@pytest.fixture
def slot(pcscd):
    card_slot = VpcdCardSlot(pcscd.vpcd_port)
    yield card_slot
    card_slot.remove()
    _absent(pcscd)


@pytest.fixture
def reader(pcscd, tmp_path):
    bus = EventBus()
    events: list[DeviceStatusChanged] = []
    bus.subscribe(DeviceStatusChanged, events.append)
    traffic = RawTraffic("sscard", tmp_path, True, sscard.redact)
    device = PcscReader("sscard", pcscd.reader, StatusBoard(bus), traffic)
    device.events = events
    yield device
    device.close()


def _until(predicate, timeout_s: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_empty_reader_is_online_and_waiting_ends_at_the_deadline(reader):
    status = reader.status()
    assert (status.state, status.media.card) == (DeviceState.ONLINE, CardPresence.ABSENT)
    started = time.monotonic()
    assert reader.wait_for_card(0.5) == Ok(None)
    assert 0.45 < time.monotonic() - started < 1.5


def test_insert_gives_the_atr_and_the_basic_fields(reader, slot, tmp_path):
    slot.insert(DEMO_HOLDERS[1])
    assert reader.wait_for_card(5.0) == Ok(ATR)
    result = reader.read_social_security_card(1.0)
    assert isinstance(result, Ok)
    holder = DEMO_HOLDERS[1]
    assert result.value == holder
    assert result.value.name == "张伟" and result.value.ss_number == "11010519491231002X"
    media = [e.current.media.card for e in reader.events]
    assert CardPresence.ABSENT not in media[media.index(CardPresence.PRESENT) :]
    log = (tmp_path / "raw" / "sscard.log").read_text(encoding="utf-8")
    assert "TX 00 a4 04 00 0f" in log and "90 00" in log
    for secret in (holder.ss_number, holder.card_number, "张伟"):
        assert secret.encode("gbk").hex(" ") not in log and secret not in log


def test_removal_is_seen(reader, slot):
    slot.insert()
    assert reader.wait_for_card(5.0).value == ATR
    slot.remove()
    assert _until(lambda: reader.card_present() == Ok(False))
    assert reader.events[-1].current.media.card is CardPresence.ABSENT


def test_card_pulled_mid_read_is_an_error_not_an_exception(reader, slot):
    slot.insert()
    slot.pull_mid_read(4)
    result = reader.read_social_security_card(5.0)
    assert isinstance(result, Err)
    assert result.error.last_error.code == "card_removed"
    assert _until(lambda: reader.card_present() == Ok(False))


def test_transmit_apdus_directly(reader, slot):
    slot.insert()
    reader.wait_for_card(5.0)
    assert reader.transmit(bytes.fromhex("00A4040003112233")).value.sw == 0x6A82
    assert reader.transmit(sscard.READ_CARD_NUMBER).value.sw == 0x6985  # no application yet
    assert reader.transmit(sscard.SELECT_SSSE).value.sw == 0x9000
    answer = reader.transmit(sscard.READ_CARD_NUMBER).value
    assert sscard.tlv_value(answer.data, 0x07) == b"A12345678"


def test_unknown_reader_name_is_no_device(pcscd):
    device = PcscReader(
        "sscard", "No Such Reader", StatusBoard(EventBus()), RawTraffic("x", None, False)
    )
    status = device.status()
    assert (status.state, status.last_error.code) == (DeviceState.NO_DEVICE, "no_reader")
    assert isinstance(device.wait_for_card(0.2), Err)
    device.close()


def test_virtual_card_in_another_process(pcscd, reader):
    process = subprocess.Popen(
        [sys.executable, "-m", "peripherals.pcsc.simulator", "--vpcd-port", str(pcscd.vpcd_port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        control = int(re.search(r"control port (\d+)", process.stdout.readline())[1])
        assert tell(control, "insert 0") == 0
        assert reader.read_social_security_card(5.0).value.name == "李娜"
        assert tell(control, "remove") == 0
        _absent(pcscd)
    finally:
        process.terminate()
        process.wait(5)


def test_pcscd_not_running_is_said_plainly(pcscd):
    pcscd.stop()
    device = PcscReader(
        "sscard", pcscd.reader, StatusBoard(EventBus()), RawTraffic("x", None, False)
    )
    status = device.status()
    assert (status.state, status.last_error.code) == (DeviceState.NO_DEVICE, "pcscd_not_running")
