"""The pure mapping from board answers and failures to the shared status model."""

from __future__ import annotations

import pytest

from peripherals.errors import BadChecksum, DeviceNotFound, LinkError, LinkTimeout
from peripherals.locker.interface import OpenFailure
from peripherals.locker.status import failure_reason, failure_status, summarize_sweep
from peripherals.status import DeviceState


@pytest.mark.parametrize(
    ("answered", "silent_sweeps", "state", "error"),
    [
        (4, 0, DeviceState.ONLINE, None),
        (3, 0, DeviceState.HARDWARE_ERROR, "board_silent"),
        (0, 1, DeviceState.UNKNOWN, "no_reply"),
        (0, 2, DeviceState.UNKNOWN, "no_reply"),
        (0, 3, DeviceState.OFFLINE, "no_reply"),
    ],
)
def test_sweeps(answered, silent_sweeps, state, error):
    status = summarize_sweep("lockers", 4, answered, silent_sweeps, offline_after=3)
    assert status.state is state and status.device_class == "locker"
    assert (status.last_error.code if status.last_error else None) == error


@pytest.mark.parametrize(
    ("exc", "reason", "state"),
    [
        (LinkTimeout("x"), OpenFailure.NO_REPLY, DeviceState.UNKNOWN),
        (BadChecksum("x"), OpenFailure.BAD_REPLY, DeviceState.HARDWARE_ERROR),
        (LinkError("x"), OpenFailure.LINK_LOST, DeviceState.OFFLINE),
        (DeviceNotFound("x"), OpenFailure.LINK_LOST, DeviceState.NO_DEVICE),
    ],
)
def test_failures(exc, reason, state):
    assert failure_reason(exc) is reason
    status = failure_status("lockers", exc)
    assert status.state is state and status.last_error.code == exc.code
    assert not reason.door_known_shut
