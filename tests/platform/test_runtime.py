"""The platform as the kiosk starts it: demo in-process, the console script, technicians' CLI."""

from __future__ import annotations

import base64
import stat
import subprocess
import sys

import requests

from kiosk.cli import main
from kiosk.config import DEMO_CONFIG, parse_config
from kiosk.events import EventBus
from kiosk.platform.auth import TerminalAuth, load_or_create_key, public_key_bytes
from kiosk.platform.client import PlatformClient
from kiosk.platform.errors import Offline
from kiosk.platform.runtime import PlatformLink
from offline_cache.outbox import EntryState
from platform_sim.launch import start


def demo_config_in(tmp_path):
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text(text.replace("[platform]", f'[paths]\ndata_dir = "{tmp_path}"\n\n'
                                        "[platform]", 1), encoding="utf-8")
    return config_file, parse_config(config_file.read_text(encoding="utf-8"))


def test_demo_kiosk_talks_to_an_in_process_platform_with_a_private_key(tmp_path):
    _, config = demo_config_in(tmp_path)
    link = PlatformLink(config, EventBus())
    try:
        assert link.client.base_url.startswith("http://127.0.0.1:")
        manifest = link.client.catalogue_manifest().value
        assert len(manifest["items"]) >= 5
        entry = link.submit("submitComplaint", {"category": "other", "text": "演示模式投诉测试"})
        assert link.outbox.wait_until_final(entry.seq, 10).state == EntryState.DELIVERED
    finally:
        link.close()
    key_file = tmp_path / "platform" / "terminal.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_console_script_serves_the_contract_and_takes_faults_from_outside(tmp_path):
    key = load_or_create_key(tmp_path / "t.pem")
    running = start(tmp_path / "sim", terminals={"T-100": public_key_bytes(key)},
                    subprocess_=True)
    try:
        client = PlatformClient(running.base_url, TerminalAuth("T-100", key), backoff_s=0.01)
        assert client.health().ok
        requests.post(running.base_url + "/_sim/faults", json={"down": True}, timeout=5)
        assert isinstance(client.health().error, Offline)
        requests.post(running.base_url + "/_sim/faults", json={"down": False}, timeout=5)
        assert client.health().ok
    finally:
        running.stop()
    assert isinstance(client.health().error, Offline)


def test_console_script_refuses_a_bad_enrolment(tmp_path):
    done = subprocess.run([sys.executable, "-m", "platform_sim.cli", "--enrol", "T-1=short",
                           "--data-dir", str(tmp_path)], check=False, capture_output=True,
                          text=True)
    assert done.returncode == 2 and "TERMINAL_ID=BASE64" in done.stderr


def test_kiosk_platform_commands(tmp_path, capsys):
    config_file, config = demo_config_in(tmp_path)
    assert main(["platform", "key", "--config", str(config_file)]) == 0
    terminal_id, _, key = capsys.readouterr().out.strip().partition("=")
    assert terminal_id == config.terminal.id and len(base64.b64decode(key)) == 32
    assert main(["platform", "check", "--config", str(config_file)]) == 0
    assert "answered" in capsys.readouterr().out
    assert main(["platform", "outbox", "--config", str(config_file)]) == 0
    assert "pending: 0" in capsys.readouterr().out
