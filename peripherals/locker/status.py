"""Pure mapping from what the boards did to the shared status model (no I/O).

A sweep asks every board once: all answer → ``online``; some → ``hardware_error``
(``board_silent``); none → ``unknown``, and ``offline`` after ``offline_after`` silent sweeps in
a row. A failed door command maps by what went wrong; silence is never healthy.
"""

from __future__ import annotations

from peripherals.errors import DeviceNotFound, LinkError, LinkTimeout, PeripheralError
from peripherals.locker.interface import OpenFailure
from peripherals.status import DeviceState, DeviceStatus

DEVICE_CLASS = "locker"


def status(device_id: str, state: DeviceState, error: str | None = None) -> DeviceStatus:
    result = DeviceStatus(device_id, DEVICE_CLASS, state)
    return result.with_error(error) if error else result


def summarize_sweep(
    device_id: str, boards: int, answered: int, silent_sweeps: int, offline_after: int,
    error: str = "no_reply",
) -> DeviceStatus:  # fmt: skip
    """The bus after one sweep; ``silent_sweeps`` counts this one if nobody answered."""
    if answered == boards:
        return status(device_id, DeviceState.ONLINE)
    if answered:
        return status(device_id, DeviceState.HARDWARE_ERROR, "board_silent")
    silent = DeviceState.OFFLINE if silent_sweeps >= offline_after else DeviceState.UNKNOWN
    return status(device_id, silent, error)


def failure_reason(exc: PeripheralError) -> OpenFailure:
    if isinstance(exc, LinkTimeout):
        return OpenFailure.NO_REPLY
    if isinstance(exc, LinkError):
        return OpenFailure.LINK_LOST
    return OpenFailure.BAD_REPLY


def failure_status(device_id: str, exc: PeripheralError) -> DeviceStatus:
    """The bus after a command failed with ``exc``."""
    if isinstance(exc, DeviceNotFound):
        return status(device_id, DeviceState.NO_DEVICE, exc.code)
    state = {
        OpenFailure.LINK_LOST: DeviceState.OFFLINE,
        OpenFailure.BAD_REPLY: DeviceState.HARDWARE_ERROR,
    }.get(failure_reason(exc), DeviceState.UNKNOWN)
    return status(device_id, state, exc.code)
