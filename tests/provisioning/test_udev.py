"""Stable device names: one udev rule per assigned USB-serial adapter."""

from __future__ import annotations

import re

import pytest

from provisioning.discovery import Found
from provisioning.udev import rules_for

FTDI = Found("serial", "/dev/ttyUSB0", "FT232R", "0403:6001", "A50285BI", "1-1.2:1.0")
CH340_A = Found("serial", "/dev/ttyUSB1", "USB2.0-Serial", "1a86:7523", "", "1-1.3:1.0")
CH340_B = Found("serial", "/dev/ttyUSB2", "USB2.0-Serial", "1a86:7523", "", "1-1.4:1.0")


def test_adapters_are_named_by_serial_or_by_the_port_they_sit_in():
    text = rules_for({"lockers": FTDI, "idcard": CH340_A, "printer": CH340_B})
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines == [
        (
            'SUBSYSTEM=="tty", ATTRS{idVendor}=="0403", ATTRS{idProduct}=="6001", '
            'ATTRS{serial}=="A50285BI", GROUP="dialout", MODE="0660", SYMLINK+="govkiosk/lockers"'
        ),
        (
            'SUBSYSTEM=="tty", ATTRS{idVendor}=="1a86", ATTRS{idProduct}=="7523", '
            'KERNELS=="1-1.3:1.0", GROUP="dialout", MODE="0660", SYMLINK+="govkiosk/idcard"'
        ),
        (
            'SUBSYSTEM=="tty", ATTRS{idVendor}=="1a86", ATTRS{idProduct}=="7523", '
            'KERNELS=="1-1.4:1.0", GROUP="dialout", MODE="0660", SYMLINK+="govkiosk/printer"'
        ),
    ]
    rule = re.compile(r'^([A-Z_]+(\{[A-Za-z_]+\})?(==|\+=|=)"[^"]*"(, )?)+$')
    assert all(rule.match(line) for line in lines)


def test_two_adapters_sharing_a_serial_number_fall_back_to_their_ports():
    twin_a = Found("serial", "/dev/ttyUSB0", "", "1a86:7523", "0001", "1-1.1:1.0")
    twin_b = Found("serial", "/dev/ttyUSB1", "", "1a86:7523", "0001", "1-1.2:1.0")
    text = rules_for({"a": twin_a, "b": twin_b})
    assert 'KERNELS=="1-1.1:1.0"' in text and 'KERNELS=="1-1.2:1.0"' in text
    assert "ATTRS{serial}" not in text


def test_a_port_that_is_not_on_usb_has_no_rule():
    with pytest.raises(ValueError, match="not a USB device"):
        rules_for({"printer": Found("serial", "/dev/ttyS0", "n/a")})


def test_provision_renames_usb_ports_and_keeps_other_addresses(tmp_path):
    import tomllib

    from kiosk.config import DEMO_CONFIG, DeviceClass, load_config
    from provisioning.device_test import Report, settings_for
    from provisioning.provision import Assignment, Probe, save_devices, stable_names

    def probed(role: str, device_class: DeviceClass, url: str) -> Probe:
        settings = settings_for(device_class, None, url)
        return Probe(Assignment(role, device_class, None, url), settings, Report(role, url))

    probes = [
        probed("lockers", DeviceClass.LOCKER, "/dev/ttyUSB0"),
        probed("receipt", DeviceClass.PRINTER, "socket://192.168.1.50:9100"),
    ]
    rules, urls, kept = stable_names(probes, [FTDI, CH340_A])
    assert urls == {"lockers": "/dev/govkiosk/lockers"} and kept == ["receipt"]
    assert 'SYMLINK+="govkiosk/lockers"' in rules and "receipt" not in rules
    config = tmp_path / "kiosk.toml"
    save_devices(config, tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8")), probes, urls)
    saved = load_config(config).peripherals
    assert saved["lockers"].url == "/dev/govkiosk/lockers"
    assert saved["receipt"].url == "socket://192.168.1.50:9100"
