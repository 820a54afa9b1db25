"""A real pcscd with the vpcd driver on free loopback ports, started and stopped by PID."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from smartcard import scard

VPCD_LIB = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
READER_NAME = "govkiosk vpcd"
PID_FILE = Path("/run/pcscd/pcscd.pid")


def why_not_available() -> str | None:
    if shutil.which("pcscd") is None or not VPCD_LIB.exists():
        return "pcscd or vsmartcard-vpcd is not installed (scripts/install installs them)"
    if os.geteuid() != 0 and not os.access(PID_FILE.parent, os.W_OK):
        return f"pcscd needs to write {PID_FILE.parent} (run the tests as root there)"
    if PID_FILE.exists():
        try:
            os.kill(int(PID_FILE.read_text().strip()), 0)
            return "another pcscd is running (one per machine: its socket path is fixed)"
        except (ValueError, ProcessLookupError):
            pass
    return None


def _free_port_pair() -> int:
    while True:
        with socket.socket() as a:
            a.bind(("127.0.0.1", 0))
            port = a.getsockname()[1]
        try:
            with socket.socket() as b:
                b.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue


@dataclass
class Pcscd:
    process: subprocess.Popen
    vpcd_port: int

    @property
    def reader(self) -> str:
        return f"{READER_NAME} 00 00"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_pcscd(folder: Path) -> Pcscd:
    port = _free_port_pair()
    conf = folder / "reader.conf.d"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "vpcd").write_text(
        f'FRIENDLYNAME "{READER_NAME}"\nDEVICENAME /dev/null:{port:#06x}\n'
        f"LIBPATH {VPCD_LIB}\nCHANNELID {port:#06x}\n"
    )
    log = (folder / "pcscd.log").open("wb")
    process = subprocess.Popen(
        ["pcscd", "--foreground", "--config", str(conf)], stdout=log, stderr=subprocess.STDOUT
    )
    daemon = Pcscd(process, port)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if result == scard.SCARD_S_SUCCESS:
            _, readers = scard.SCardListReaders(context, [])
            scard.SCardReleaseContext(context)
            if readers and daemon.reader in readers:
                return daemon
        if process.poll() is not None:
            break
        time.sleep(0.1)
    daemon.stop()
    raise RuntimeError(f"pcscd with vpcd did not come up; see {folder / 'pcscd.log'}")
