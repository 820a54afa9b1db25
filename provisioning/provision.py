"""Provisioning steps after enrolment: assign found devices to roles, probe, report, save.

Plain Python shared by ``kiosk provision`` and maintenance mode. An assignment names the role
(the device id in the configuration), its class, model and URL; each is probed through the
kiosk's own driver (status only: nothing is printed or opened); the configuration is written
only when it validates, and the self-test report can be printed on the receipt printer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.config import DeviceClass, Peripheral
from peripherals.device import Device
from peripherals.printer.interface import Cut, Feed, Receipt, TextLine
from provisioning.device_test import (
    Options,
    Report,
    build_device,
    describe,
    run_test,
    settings_for,
)
from provisioning.discovery import Found
from provisioning.enrol import write_config
from provisioning.udev import rules_for, stable_name


@dataclass(frozen=True)
class Assignment:
    role: str
    device_class: DeviceClass
    model: str | None
    url: str

    @classmethod
    def parse(cls, text: str) -> Assignment:
        """``receipt=printer:escpos:/dev/ttyUSB0`` (model may be empty: the class default)."""
        role, sep, rest = text.partition("=")
        parts = rest.split(":", 2)
        if not sep or len(parts) != 3:
            raise ValueError(f"{text!r}: expected ROLE=CLASS:MODEL:URL")
        try:
            device_class = DeviceClass(parts[0])
        except ValueError:
            known = ", ".join(c.value for c in DeviceClass)
            raise ValueError(f"{text!r}: unknown class {parts[0]!r}; known: {known}") from None
        return cls(role, device_class, parts[1] or None, parts[2])


@dataclass
class Probe:
    assignment: Assignment
    settings: Peripheral | None
    report: Report


def probe(assignment: Assignment) -> Probe:
    """Status-only test of one assigned device (a printer prints nothing, no door opens)."""
    try:
        settings = settings_for(assignment.device_class, None, assignment.url, assignment.model)
        device = build_device(assignment.role, settings)
    except ValueError as exc:
        report = Report(assignment.device_class.value, assignment.url)
        return Probe(assignment, None, report.fail("config", str(exc)))
    try:
        report = _status_only(device, assignment.device_class, settings.url)
    finally:
        device.close()
    return Probe(assignment, settings, report)


def _status_only(device: Device, device_class: DeviceClass, url: str) -> Report:
    if device_class in (DeviceClass.PRINTER, DeviceClass.LOCKER, DeviceClass.DOCCAM):
        return run_test(device, device_class, url, Options(print_page=False))
    report = Report(device_class.value, url)
    status = device.status()
    report.steps.append(f"status -> {describe(status)}")
    report.ok = status.ready
    if not status.ready:
        report.fail(status.last_error.code if status.last_error else status.state.value)
    return report


def stable_names(probes: list[Probe], found: list[Found]) -> tuple[str, dict[str, str], list[str]]:
    """udev rules for the probed devices on USB-serial ports, their new URLs by role, and the
    roles that keep their address (not a local USB-serial port)."""
    by_address = {Path(f.address).resolve(): f for f in found if f.kind == "serial"}
    roles, kept = {}, []
    for item in probes:
        port = by_address.get(Path(item.assignment.url).resolve()) if item.settings else None
        if port is not None and port.usb_id:
            roles[item.assignment.role] = port
        else:
            kept.append(item.assignment.role)
    if not roles:
        return "", {}, kept
    return rules_for(roles), {role: stable_name(role) for role in roles}, kept


def save_devices(
    config_path: Path, raw: dict, probes: list[Probe], urls: dict[str, str] | None = None
) -> None:
    """Write every probed device into ``[peripherals]`` (validated, atomic); ``urls`` replaces
    the address of some roles (their stable udev names)."""
    devices = {**raw.get("peripherals", {})}
    for item in probes:
        if item.settings is None:
            continue
        url = (urls or {}).get(item.assignment.role, item.settings.url)
        table = {"class": item.assignment.device_class.value, "model": item.settings.model,
                 "url": url, "baudrate": item.settings.baudrate}  # fmt: skip
        if item.settings.profile:
            table["profile"] = item.settings.profile
        devices[item.assignment.role] = table
    write_config(config_path, {**raw, "peripherals": devices})


def selftest_receipt(terminal_id: str, probes: list[Probe]) -> Receipt:
    """The self-test report as a receipt (no personal data: device roles and states only)."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [TextLine("自检报告 Self-test", bold=True, size=2), TextLine(f"{terminal_id}  {now}")]
    for item in probes:
        mark = "OK " if item.report.ok else "ERR"
        lines.append(
            TextLine(f"{mark} {item.assignment.role} ({item.assignment.device_class.value})")
        )
        if not item.report.ok:
            lines.append(TextLine(f"    {item.report.error}"))
    passed = sum(item.report.ok for item in probes)
    lines.append(TextLine(f"{passed}/{len(probes)} ok", bold=True))
    return Receipt("selftest_report", (*lines, Feed(2), Cut()))
