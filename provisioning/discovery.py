"""What is attached to this machine: serial ports, PC/SC readers, cameras, network printers.

Each finder is quick and bounded; none opens a device in a way that disturbs it (serial ports are
listed from sysfs, PC/SC readers from pcscd, cameras from video4linux, printers by a TCP connect
to the raw port 9100 with a short timeout). Used by ``kiosk device list`` and ``kiosk provision``.
"""

from __future__ import annotations

import ipaddress
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

V4L_ROOT = Path("/sys/class/video4linux")
INPUT_BY_ID = Path("/dev/input/by-id")
RAW_PRINT_PORT = 9100


@dataclass(frozen=True)
class Found:
    """One thing found: its kind, address (usable as a device URL) and what it says it is."""

    kind: str  # serial | pcsc | camera | hid | network_printer
    address: str
    description: str = ""
    usb_id: str = ""  # VID:PID in hex, for serial and camera devices on USB
    usb_serial: str = ""  # the adapter's serial number, if it has one
    usb_path: str = ""  # the USB port it is plugged into (udev KERNELS), e.g. 1-1.4:1.0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Discovery:
    found: tuple[Found, ...]
    problems: tuple[str, ...]  # e.g. "pcsc: pcscd_not_running"


def serial_ports(extra: tuple[str, ...] = ()) -> list[Found]:
    """Serial ports with USB vendor/product ids; ``extra`` adds ports sysfs does not list
    (ptys of simulators, by-id links)."""
    from serial.tools import list_ports

    found = []
    for port in list_ports.comports():
        usb = f"{port.vid:04x}:{port.pid:04x}" if port.vid is not None else ""
        found.append(Found(
            "serial", port.device, port.description or "", usb,
            port.serial_number or "", port.location or "",
        ))  # fmt: skip
    for address in extra:
        if Path(address).exists() and all(f.address != address for f in found):
            found.append(Found("serial", address, "given on the command line"))
    return found


def pcsc_readers() -> tuple[list[Found], str | None]:
    """Readers pcscd knows, or the reason there are none (``pcscd_not_running``, ``no_reader``)."""
    from smartcard import scard

    result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if result != scard.SCARD_S_SUCCESS:
        return [], "pcscd_not_running"
    try:
        result, readers = scard.SCardListReaders(context, [])
    finally:
        scard.SCardReleaseContext(context)
    if result in (scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED):
        return [], "pcscd_not_running"
    if result != scard.SCARD_S_SUCCESS or not readers:
        return [], "no_reader"
    return [Found("pcsc", f"pcsc:{name}", name) for name in readers], None


def cameras(root: Path = V4L_ROOT) -> list[Found]:
    """Video4Linux capture devices with their names and USB ids."""
    found = []
    for node in sorted(root.glob("video*")) if root.is_dir() else []:
        name = (node / "name").read_text(encoding="utf-8", errors="replace").strip()
        usb = ""
        device = (node / "device").resolve()
        for parent in (device, *device.parents):
            vid, pid = parent / "idVendor", parent / "idProduct"
            if vid.is_file() and pid.is_file():
                usb = f"{vid.read_text().strip()}:{pid.read_text().strip()}"
                break
        found.append(Found("camera", f"/dev/{node.name}", name, usb))
    return found


def hid_keyboards(root: Path = INPUT_BY_ID) -> list[Found]:
    """Keyboard-mode devices (HID barcode scanners among them) as ``file://`` evdev URLs."""
    found = []
    for link in sorted(root.glob("*-event-kbd")) if root.is_dir() else []:
        name = link.name.removeprefix("usb-").removesuffix("-event-kbd").replace("_", " ")
        found.append(Found("hid", f"file://{link}", name))
    return found


def network_printers(
    network: str, port: int = RAW_PRINT_PORT, timeout_s: float = 0.3, workers: int = 64
) -> list[Found]:
    """Hosts of ``network`` (``192.168.1.0/24`` or one address) accepting raw printing."""
    net = ipaddress.ip_network(network, strict=False)
    if net.num_addresses > 1024:
        raise ValueError(f"{network}: at most 1024 addresses (a /22) are probed")

    def probe(host: str) -> Found | None:
        try:
            with socket.create_connection((host, port), timeout=timeout_s):
                return Found("network_printer", f"socket://{host}:{port}", "raw printing port")
        except OSError:
            return None

    hosts = [str(host) for host in net.hosts()]
    with ThreadPoolExecutor(max_workers=min(workers, len(hosts))) as pool:
        return [f for f in pool.map(probe, hosts) if f is not None]


def discover(
    extra_ports: tuple[str, ...] = (), printer_network: str | None = None, printer_port: int = 9100
) -> Discovery:
    """Everything attached, and why a kind of device could not be looked for."""
    readers, problem = pcsc_readers()
    found = [*serial_ports(extra_ports), *readers, *cameras(), *hid_keyboards()]
    if printer_network:
        found += network_printers(printer_network, printer_port)
    return Discovery(tuple(found), (f"pcsc: {problem}",) if problem else ())
