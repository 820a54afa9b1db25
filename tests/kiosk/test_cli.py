"""The ``kiosk`` command as a technician uses it, in a separate process."""

from __future__ import annotations

import os
import subprocess
import sys

from kiosk import __version__

KIOSK = [sys.executable, "-m", "kiosk.cli"]


def _run(*args, env=None, timeout=120):
    return subprocess.run([*KIOSK, *args], capture_output=True, text=True, env=env, timeout=timeout)


def test_version():
    result = _run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"govkiosk {__version__}"


def test_no_subcommand_prints_help_and_fails():
    result = _run()
    assert result.returncode == 2 and "check-config" in result.stdout


def test_run_without_config_says_what_to_do():
    result = _run("run")
    assert result.returncode == 2 and "--demo" in result.stderr


def test_run_without_a_cjk_font_refuses_to_start(tmp_path):
    env = {**os.environ, "GOVKIOSK_FONT_DIRS": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)}
    result = _run("run", "--demo", "--headless", env=env)
    assert result.returncode == 3
    assert "no Chinese (CJK) font" in result.stderr and "fonts-noto-cjk" in result.stderr


def test_headless_demo_walks_every_main_screen_and_saves_screenshots(tmp_path):
    from PIL import Image

    shots = tmp_path / "shots"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    result = _run("run", "--demo", "--screenshots", str(shots), env=env, timeout=240)

    assert result.returncode == 0, result.stderr[-2000:]
    assert f"10 screenshots saved in {shots}" in result.stdout
    assert f"printed pages saved in {shots / 'printed'}" in result.stdout  # simulated printer
    assert "simulated idcard on /dev/" in result.stdout
    names = sorted(p.name for p in shots.glob("*.png"))
    assert names[0] == "01-home-zh.png" and names[-2] == "09-home-en.png"
    assert {"02-guide-zh.png", "05-pickup-zh.png", "08-accessibility-zh.png"} <= set(names)
    pictures = {name: Image.open(shots / name) for name in names}
    assert all(p.size == (1920, 1080) for p in pictures.values())
    assert len({p.tobytes() for p in pictures.values()}) == len(names)  # every screen differs
    log = (tmp_path / "state" / "govkiosk" / "log" / "kiosk.jsonl").read_text(encoding="utf-8")
    assert "walkthrough done" in log
