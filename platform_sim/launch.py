"""Start a reference platform for the demo or a test, in this process or as a subprocess."""

from __future__ import annotations

import base64
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import requests

from platform_sim.faults import Faults
from platform_sim.server import PlatformServer


class Running(NamedTuple):
    base_url: str
    stop: Callable[[], None]


def start(data_dir: Path, *, terminals: dict[str, bytes] | None = None,
          catalogue_source: Path | None = None, faults: Faults | None = None,
          subprocess_: bool = False) -> Running:
    """Serve a platform over ``data_dir`` on an ephemeral loopback port; returns URL and stopper.

    ``terminals`` maps terminal ids to their raw Ed25519 public keys (enrolment).
    """
    if subprocess_:
        return _start_subprocess(data_dir, terminals or {}, catalogue_source)
    options = {"catalogue_source": catalogue_source} if catalogue_source else {}
    server = PlatformServer(data_dir, terminals=terminals, faults=faults, **options).start()
    return Running(server.base_url, server.stop)


def _start_subprocess(data_dir: Path, terminals: dict[str, bytes],
                      catalogue_source: Path | None) -> Running:
    port_file = data_dir / "port"
    port_file.unlink(missing_ok=True)
    command = [sys.executable, "-m", "platform_sim.cli", "--port", "0", "--data-dir",
               str(data_dir), "--port-file", str(port_file)]
    for terminal_id, key in terminals.items():
        command += ["--enrol", f"{terminal_id}={base64.b64encode(key).decode()}"]
    if catalogue_source:
        command += ["--catalogue", str(catalogue_source)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not port_file.exists() or not port_file.read_text().strip():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("reference platform did not start")
        time.sleep(0.05)
    base_url = f"http://127.0.0.1:{port_file.read_text().strip()}"

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    requests.get(base_url + "/_sim/faults", timeout=5).raise_for_status()
    return Running(base_url, stop)
