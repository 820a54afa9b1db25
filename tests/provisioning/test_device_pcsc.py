"""``kiosk device test pcsc`` through a real pcscd + vpcd and the virtual 社保卡.

The last test stops pcscd: "pcscd not running" must be the stated cause.
"""

from __future__ import annotations

import time

import pytest

from kiosk.cli import main
from kiosk.result import Ok
from peripherals.pcsc.simulator import ATR, DEMO_HOLDERS, VpcdCardSlot
from tests.peripherals.pcsc.harness import start_pcscd, why_not_available

pytestmark = pytest.mark.skipif(why_not_available() is not None, reason=str(why_not_available()))


@pytest.fixture(scope="module")
def pcscd(tmp_path_factory):
    daemon = start_pcscd(tmp_path_factory.mktemp("pcscd"))
    yield daemon
    daemon.stop()


def _run(capsys, *args: str) -> tuple[int, str]:
    code = main(["device", "test", "pcsc", *args])
    return code, capsys.readouterr().out


def test_no_card_fails_within_the_wait_and_names_the_reader(pcscd, capsys):
    code, out = _run(capsys, "--url", f"pcsc:{pcscd.reader}", "--wait", "0.5")
    assert code == 1 and "FAILED: no_card" in out
    assert f"readers: {pcscd.reader}" in out


def test_social_security_card_shows_atr_and_masked_fields(pcscd, capsys):
    slot = VpcdCardSlot(pcscd.vpcd_port)
    holder = DEMO_HOLDERS[1]
    slot.insert(holder)
    try:
        code, out = _run(capsys, "--url", f"pcsc:{pcscd.reader}", "--wait", "3", "--raw")
    finally:
        slot.remove()
    assert code == 0, out
    assert f"ATR {ATR.hex(' ')}" in out
    assert "name: 张*" in out and "ss_number: 1101**********002X" in out
    assert holder.ss_number not in out and holder.name not in out
    assert holder.card_number not in out
    assert "TX 00 a4 04 00 0f" in out  # SELECT SSSE as sent


def test_card_pulled_mid_read_says_so(pcscd, capsys):
    slot = VpcdCardSlot(pcscd.vpcd_port)
    slot.insert(DEMO_HOLDERS[0])
    slot.pull_mid_read(4)
    try:
        code, out = _run(capsys, "--url", f"pcsc:{pcscd.reader}", "--wait", "3")
    finally:
        slot.remove()
    assert code == 1, out
    # pcsc-lite reports a pulled card as removed or as a failed transfer, depending on timing
    assert "FAILED: card_removed" in out or "FAILED: link_error" in out
    assert "hold" in out and "card" in out.split("likely cause:")[1]
    assert DEMO_HOLDERS[0].name not in out


def test_a_technician_card_on_the_reader_opens_maintenance_mode(pcscd, tmp_path):
    import tomllib

    from kiosk.config import DEMO_CONFIG
    from kiosk.events import EventBus
    from peripherals.registry import build_devices
    from peripherals.status import StatusBoard
    from provisioning.enrol import write_config
    from provisioning.maintenance import MaintenanceFlow, State, card_digest

    technician, citizen = DEMO_HOLDERS
    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    raw["paths"] = {"data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "logs")}
    raw["maintenance"] = {"technician_cards": [card_digest(technician.card_number)]}
    raw["peripherals"] = {
        "sscard": {"class": "pcsc", "model": "pyscard", "url": f"pcsc:{pcscd.reader}"}
    }
    config = write_config(tmp_path / "kiosk.toml", raw)
    devices = build_devices(config, StatusBoard(EventBus()))
    flow = MaintenanceFlow(config, devices, StatusBoard(EventBus()), lambda: None)
    slot, reader = VpcdCardSlot(pcscd.vpcd_port), devices["sscard"]

    def absent() -> None:  # vpcd notices a removal by polling
        deadline = time.monotonic() + 5
        while reader.card_present() != Ok(False) and time.monotonic() < deadline:
            time.sleep(0.05)

    try:
        absent()
        flow.ask()
        assert flow.wait_for_card(0.3) is None  # nothing on the reader
        slot.insert(citizen)
        assert flow.wait_for_card(3.0).key == "maintenance.unknown_card"
        slot.remove()
        absent()
        slot.insert(technician)
        assert flow.wait_for_card(3.0).key == "maintenance.welcome"
        assert flow.state is State.OPEN
    finally:
        slot.remove()
        absent()
        reader.close()


def test_unknown_reader_and_stopped_pcscd_are_told_apart(pcscd, capsys):
    code, out = _run(capsys, "--url", "pcsc:No Such Reader", "--wait", "0.3")
    assert code == 1 and "FAILED: no_reader" in out and "reader name" in out
    pcscd.stop()
    code, out = _run(capsys, "--url", f"pcsc:{pcscd.reader}", "--wait", "0.3")
    assert code == 1 and "FAILED: pcscd_not_running" in out and "systemctl start pcscd" in out
