"""Typed device errors, raised inside drivers and turned into ``Err`` at the adapter boundary.

Flows never see these: an adapter catches :class:`PeripheralError` and returns a status or an
``Err``. Anything else is a bug and propagates.
"""

from __future__ import annotations


class PeripheralError(Exception):
    """Base of every expected device failure; ``code`` is a stable name for logs and events."""

    code = "device_error"


class LinkError(PeripheralError):
    """The link to the device failed (port vanished, write refused)."""

    code = "link_error"


class LinkTimeout(LinkError):
    """The device did not answer before the deadline."""

    code = "no_reply"


class DeviceNotFound(LinkError):
    """The configured port, socket or device file cannot be opened."""

    code = "no_device"


class ProtocolError(PeripheralError):
    """The device answered something the protocol does not allow."""

    code = "bad_reply"


class BadChecksum(ProtocolError):
    code = "bad_checksum"
