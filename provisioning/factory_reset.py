"""Factory reset: nothing of past users, and none of the terminal's credentials, remains.

The key folder goes first: the data key under ``<data_dir>/keys/`` (and the systemd credential,
when this process may delete it) is what every sealed record needs, so deleting it is a
crypto-erase of the outbox and anything else sealed, even where flash storage keeps old blocks.
Then the data folder (databases, platform key, certificates, lockers, audit), caches and logs.
The configuration keeps its hardware and site settings but loses the PIN, technician cards and
broker credentials, so the box must be enrolled again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.config import KioskConfig
from provisioning.enrol import read_raw, write_config

CREDSTORE = Path("/etc/credstore.encrypted/govkiosk-data-key")


def _remove(path: Path, removed: list[Path]) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
        removed.append(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
        removed.append(path)


def factory_reset(
    config: KioskConfig, config_path: Path | None = None, credstore: Path = CREDSTORE
) -> list[Path]:
    """Delete keys, data, caches and logs; strip credentials from the configuration."""
    removed: list[Path] = []
    _remove(config.data_dir / "keys", removed)
    try:
        _remove(credstore, removed)
    except PermissionError:
        pass  # the service user cannot; `sudo kiosk maintenance factory-reset` can
    for folder in (config.data_dir, config.cache_dir, config.log_dir):
        _remove(folder, removed)
    if config_path is not None and config_path.exists():
        raw = read_raw(config_path)
        raw.pop("maintenance", None)
        mqtt = raw.get("mqtt", {})
        for key in ("cert_file", "key_file", "ca_file", "username", "password_file"):
            mqtt.pop(key, None)
        if mqtt:
            mqtt["enabled"] = False
        write_config(config_path, raw)
    return removed
