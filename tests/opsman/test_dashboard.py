"""The dashboard as a browser renders it: headless Chromium (Debian's), no internet needed."""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from peripherals.status import PaperState
from tests.opsman.test_manager import Kiosk, terminal_row

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


def browse(url: str, profile: Path, screenshot: Path | None = None) -> str:
    """The DOM after the page loaded, as Chromium sees it (no background connections)."""
    args = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
        f"--user-data-dir={profile}",
    ]
    if screenshot:
        subprocess.run(
            [*args, f"--screenshot={screenshot}", url], check=True, capture_output=True, timeout=60
        )
    return subprocess.run(
        [*args, "--dump-dom", url], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def rows(dom: str, table: str) -> list[str]:
    section = re.search(rf'<table id="{table}">(.*?)</table>', dom, re.DOTALL)
    assert section, f"no table {table}"
    return re.findall(r"<tr[^>]*data-[a-z]+=[^>]*>.*?</tr>", section.group(1), re.DOTALL)


def test_fleet_alerts_and_terminal_pages(ops, broker, tmp_path):
    profile = tmp_path / "chromium"  # a new empty profile
    a = Kiosk(broker, tmp_path / "a")
    b = Kiosk(broker, tmp_path / "b", terminal="T-0101", site="site-b")
    try:
        for name in ("T-0001", "T-0101"):
            ops.until(lambda n=name: terminal_row(ops, n), lambda t: t and t["status"] == "online")
        a.printer(PaperState.OUT)
        ops.until(lambda: ops.get("/api/alerts"), bool)

        fleet = browse(ops.url + "/", profile, tmp_path / "fleet.png")
        listed = rows(fleet, "fleet")
        assert len(listed) == 2
        t1 = next(r for r in listed if 'data-terminal="T-0001"' in r)
        assert "degraded" in t1 and "paper out" in t1  # online, with a fault: amber
        assert "online" in next(r for r in listed if 'data-terminal="T-0101"' in r)
        assert (tmp_path / "fleet.png").stat().st_size > 10_000

        only_b = rows(browse(ops.url + "/?site=site-b", profile), "fleet")
        assert len(only_b) == 1 and 'data-terminal="T-0101"' in only_b[0]

        alerts = rows(browse(ops.url + "/alerts", profile), "alerts")
        assert len(alerts) == 1 and "paper_out" in alerts[0] and "T-0001" in alerts[0]

        form = urllib.parse.urlencode({"name": "collect_diagnostics"}).encode()
        urllib.request.urlopen(ops.url + "/terminals/T-0001/commands", form, timeout=10)
        page = ops.until(
            lambda: browse(ops.url + "/terminals/T-0001", profile),
            lambda dom: "collect_diagnostics</td>" in dom and "done" in dom,
            timeout=30,
        )
        assert 'id="command-panel"' in page and "paper_out" in page
        assert "http://" not in page.replace(ops.url, "") and "https://" not in page
    finally:
        a.telemetry.stop()
        b.telemetry.stop()
