"""Config → device adapters: ``[peripherals.<id>] class, model, url`` picks a driver module.

The model names the driver; the URL alone says whether it talks to hardware or a simulator
(``/dev/ttyS1`` or ``socket://127.0.0.1:9101``). Each driver module exposes
``check(settings) -> [(field, problem)]`` and ``build(context) -> Device``. Problems are
reported as one :class:`~kiosk.config.ConfigError` naming every bad key, at start-up.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from kiosk.config import ConfigError, DeviceClass, KioskConfig, Peripheral
from peripherals.device import Device
from peripherals.link import check_url
from peripherals.status import StatusBoard

MODELS: dict[DeviceClass, dict[str, str]] = {
    DeviceClass.PRINTER: {"escpos": "peripherals.printer.driver"},
    DeviceClass.DOCCAM: {"image_folder": "peripherals.doccam.image_folder"},
    DeviceClass.IDCARD: {"sam": "peripherals.idcard.driver"},
    DeviceClass.PCSC: {"pyscard": "peripherals.pcsc.driver"},
    DeviceClass.SCANNER: {
        "camera": "peripherals.scanner.camera",
        "serial": "peripherals.scanner.serial",
        "hid": "peripherals.scanner.hid",
    },
    DeviceClass.LOCKER: {"8a80": "peripherals.locker.driver", "wkly": "peripherals.locker.driver"},
}
"""Device class → model name → driver module. Add a driver by adding a line."""


@dataclass(frozen=True)
class DeviceContext:
    device_id: str
    settings: Peripheral
    board: StatusBoard
    log_dir: Path | None


def _driver(settings: Peripheral) -> ModuleType | None:
    module = MODELS.get(settings.device_class, {}).get(settings.model)
    return importlib.import_module(module) if module else None


def check(config: KioskConfig) -> list[tuple[str, str]]:
    """Every problem with the configured devices, as ``(key, message)``."""
    problems = []
    for name, settings in config.peripherals.items():
        key = f"peripherals.{name}"
        driver = _driver(settings)
        if driver is None:
            known = ", ".join(sorted(MODELS.get(settings.device_class, {}))) or "none yet"
            message = f"unknown {settings.device_class.value} model {settings.model!r}"
            problems.append((f"{key}.model", f"{message}; known: {known}"))
            continue
        if (why := check_url(settings.url)) is not None:
            problems.append((f"{key}.url", why))
        problems += [(f"{key}.{field}", message) for field, message in driver.check(settings)]
    return problems


def build_devices(
    config: KioskConfig, board: StatusBoard, source: str = "<config>"
) -> dict[str, Device]:
    """One adapter per configured device (links open lazily, so this never waits on hardware)."""
    problems = check(config)
    if problems:
        raise ConfigError(source, problems)
    devices = {}
    for name, settings in config.peripherals.items():
        driver = _driver(settings)
        assert driver is not None
        devices[name] = driver.build(DeviceContext(name, settings, board, config.log_dir))
    return devices
