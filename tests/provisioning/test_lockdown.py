"""The production assets a box is locked down with: systemd accepts the unit, and it keeps the
promises (full screen, restart on crash, no desktop, the data key as an encrypted credential)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

LOCKDOWN = Path(__file__).parents[2] / "provisioning" / "lockdown"


def _settings(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def test_unit_restarts_full_screen_kiosk_with_the_sealed_data_key():
    unit = _settings(LOCKDOWN / "govkiosk.service")
    assert unit["Restart"] == ["always"] and unit["StartLimitIntervalSec"] == ["0"]
    assert unit["LoadCredentialEncrypted"] == ["govkiosk-data-key"]
    start = unit["ExecStart"][0].split()
    assert start[0] == "/usr/bin/cage" and "-s" not in start[: start.index("--")]
    assert start[start.index("--") + 1 :][1:3] == ["run", "--config"]
    assert unit["Conflicts"] == ["getty@tty1.service"] and unit["NoNewPrivileges"] == ["yes"]
    logind = _settings(LOCKDOWN / "logind-govkiosk.conf")
    assert logind["NAutoVTs"] == ["0"] and logind["HandlePowerKey"] == ["ignore"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_accepts_the_unit():
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(LOCKDOWN / "govkiosk.service")],
        check=False, capture_output=True, text=True,
        env={"SYSTEMD_LOG_LEVEL": "warning", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    problems = [
        line for line in result.stderr.splitlines()
        if line.strip() and "is not executable: No such file" not in line  # not installed here
    ]  # fmt: skip
    assert problems == []


def test_udev_rules_and_logrotate_are_well_formed():
    rule = re.compile(r'^([A-Z_]+(\{[A-Za-z_]+\})?(==|!=|\+=|=)"[^"]*"(, )?)+$')
    for line in (LOCKDOWN / "99-govkiosk.rules").read_text().splitlines():
        body = line.removeprefix("# ") if line.startswith("# SUBSYSTEM") else line
        if body and not body.startswith("#"):
            assert rule.match(body), body
    rotate = (LOCKDOWN / "logrotate-govkiosk").read_text()
    assert "maxage 14" in rotate and "copytruncate" in rotate and rotate.count("{") == 1
