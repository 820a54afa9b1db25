"""Diagnostics bundle for support: one ``.tar.gz`` a technician can send.

Holds the configuration with secrets redacted, versions, device status, the maintenance audit
trail and recent logs. Log lines pass the personal-data redactor again on the way in; raw device
traffic is already masked by each codec.
"""

from __future__ import annotations

import io
import json
import platform
import sqlite3
import sys
import tarfile
import time
from importlib import metadata
from pathlib import Path

from kiosk.logs import REDACTOR
from provisioning.enrol import read_raw

SECRET_KEYS = {"pin_hash", "technician_cards", "password_file", "key_file", "username"}
PACKAGES = ("govkiosk", "kivy", "pyserial", "python-escpos", "pyscard", "paho-mqtt", "cryptography")
LOG_LINES = 2000


def redacted_config(path: Path) -> dict:
    def walk(value):
        if isinstance(value, dict):
            return {k: "<redacted>" if k in SECRET_KEYS else walk(v) for k, v in value.items()}
        return value

    return walk(read_raw(path))


def versions() -> dict:
    found = {"python": sys.version.split()[0], "platform": platform.platform()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _tail(path: Path) -> str:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[-LOG_LINES:]
    return "\n".join(REDACTOR(line) for line in lines) + "\n"


def build_bundle(
    out: Path, config_path: Path, log_dir: Path, data_dir: Path, status: dict[str, str]
) -> Path:
    """Write the bundle to ``out``; every member is text a person can read."""
    members: dict[str, str] = {
        "config.json": json.dumps(redacted_config(config_path), ensure_ascii=False, indent=2),
        "versions.json": json.dumps(versions(), indent=2),
        "devices.json": json.dumps(status, ensure_ascii=False, indent=2),
    }
    audit = data_dir / "maintenance.sqlite"
    if audit.exists():
        with sqlite3.connect(audit) as db:
            rows = db.execute("SELECT * FROM audit ORDER BY rowid DESC LIMIT 500").fetchall()
        members["audit.json"] = json.dumps(rows, ensure_ascii=False)
    logs = [*log_dir.rglob("*.jsonl*"), *log_dir.rglob("*.log*")] if log_dir.is_dir() else []
    for path in sorted(set(logs)):
        members[f"logs/{path.relative_to(log_dir)}"] = _tail(path)
    with tarfile.open(out, "w:gz") as bundle:
        for name, text in members.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
            bundle.addfile(info, io.BytesIO(data))
    return out
