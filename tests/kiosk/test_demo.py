"""``kiosk run --demo`` devices: simulators on ptys, driven through the kiosk's real drivers."""

from __future__ import annotations

from kiosk.app import build_core
from kiosk.demo import start_demo_devices
from kiosk.receipts import build_receipt, sample_data
from kiosk.result import Ok
from peripherals.locker.interface import DoorState
from peripherals.simserver import tell
from tests.conftest import demo_config
from tests.fakes.speaker import RecordingSpeaker


def test_demo_prints_reads_a_card_and_opens_a_door_through_the_drivers(tmp_path, capsys):
    config = demo_config(paths={"data_dir": str(tmp_path / "data")})
    assert config.peripherals == {}
    demo = start_demo_devices(config, tmp_path / "printed")
    core = build_core(demo.config, demo=True, speaker=RecordingSpeaker())
    try:
        devices = core.devices
        classes = {device_id: device.device_class for device_id, device in devices.items()}
        assert classes == {"printer": "printer", "idcard": "idcard", "lockers": "locker"}
        assert all(s.url.startswith("/dev/") for s in demo.config.peripherals.values())

        printer = devices["printer"]
        receipt = build_receipt(
            "queue_ticket", sample_data("queue_ticket"), printer.profile.columns
        )
        assert isinstance(printer.print_receipt(receipt), Ok)
        demo.servers["printer"].simulator.close()  # wait until the page is written
        assert (tmp_path / "printed" / "receipt-001.png").stat().st_size > 1000
        assert "排队" in (tmp_path / "printed" / "receipt-001.txt").read_text(encoding="utf-8")
        assert demo.printed_dir == tmp_path / "printed"

        reader = devices["idcard"]
        assert reader.read_card(0.5) == Ok(None)
        assert tell(demo.servers["idcard"].control_port, "place 1") == 0
        assert "card=present" in capsys.readouterr().out
        card = reader.read_card(3.0)
        assert isinstance(card, Ok) and card.value.name == "欧阳娜娜"

        assert devices["lockers"].open_door(2, 5) == Ok(DoorState.OPEN)
        assert demo.servers["lockers"].simulator.pulses == [(2, 5)]
    finally:
        for device in core.devices.values():
            device.close()
        core.platform.close()
        demo.stop()


def test_a_configured_device_class_is_never_replaced(tmp_path):
    own = {"class": "printer", "model": "escpos", "url": "socket://127.0.0.1:9101"}
    config = demo_config(peripherals={"receipt": own})
    demo = start_demo_devices(config, tmp_path / "printed")
    try:
        assert set(demo.servers) == {"idcard", "lockers"}
        assert demo.config.peripherals["receipt"] == config.peripherals["receipt"]
        assert set(demo.config.peripherals) == {"receipt", "idcard", "lockers"}
        assert demo.printed_dir is None and not (tmp_path / "printed").exists()
    finally:
        demo.stop()
