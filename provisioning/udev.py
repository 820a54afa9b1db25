"""udev rules giving each assigned USB-serial device a stable name, ``/dev/govkiosk/<role>``.

``/dev/ttyUSB0`` and ``/dev/ttyUSB1`` swap when adapters enumerate in another order after a
reboot; a rule matching the adapter (VID:PID plus its serial number, or the USB port it is
plugged into when the serial is missing or shared, as with many CH340 adapters) does not.
"""

from __future__ import annotations

from collections import Counter

from provisioning.discovery import Found

RULES_HEADER = "# written by `kiosk provision --udev-rules`: one line per device role\n"


def stable_name(role: str) -> str:
    return f"/dev/govkiosk/{role}"


def rules_for(roles: dict[str, Found]) -> str:
    """Rules for ``role → serial port``; a port that is not on USB has no rule (ValueError)."""
    serials = Counter(port.usb_serial for port in roles.values() if port.usb_serial)
    lines = [RULES_HEADER.rstrip("\n")]
    for role, port in roles.items():
        if not port.usb_id:
            raise ValueError(f"{port.address} is not a USB device: keep its own path")
        vid, pid = port.usb_id.split(":")
        if port.usb_serial and serials[port.usb_serial] == 1:
            match = f'ATTRS{{serial}}=="{port.usb_serial}"'
        elif port.usb_path:
            match = f'KERNELS=="{port.usb_path}"'
        else:
            raise ValueError(f"{port.address}: no serial number and no USB port path")
        lines.append(
            f'SUBSYSTEM=="tty", ATTRS{{idVendor}}=="{vid}", ATTRS{{idProduct}}=="{pid}", '
            f'{match}, GROUP="dialout", MODE="0660", SYMLINK+="govkiosk/{role}"'
        )
    return "\n".join(lines) + "\n"
