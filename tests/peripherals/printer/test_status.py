"""DLE EOT bytes → shared status (pure mapping)."""

from __future__ import annotations

import pytest

from peripherals.errors import ProtocolError
from peripherals.printer.status import check_shape, summarize
from peripherals.status import CoverState, DeviceState, PaperState

HEALTHY = {1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12}


@pytest.mark.parametrize(
    ("changes", "state", "paper", "cover", "error"),
    [
        ({}, DeviceState.ONLINE, PaperState.OK, CoverState.CLOSED, None),
        ({4: 0x1E}, DeviceState.ONLINE, PaperState.NEAR_END, CoverState.CLOSED, None),
        (
            {1: 0x1E, 2: 0x32, 4: 0x72},
            DeviceState.USER_ERROR,
            PaperState.OUT,
            CoverState.CLOSED,
            "paper_out",
        ),
        ({1: 0x1E, 2: 0x16}, DeviceState.USER_ERROR, PaperState.OK, CoverState.OPEN, "cover_open"),
        ({3: 0x1A}, DeviceState.HARDWARE_ERROR, PaperState.OK, CoverState.CLOSED, "cutter_error"),
        ({1: 0x1E}, DeviceState.OFFLINE, PaperState.OK, CoverState.CLOSED, "offline"),
    ],
)
def test_each_reply_combination(changes, state, paper, cover, error):
    status = summarize("p", {**HEALTHY, **changes})
    assert status.state is state
    assert (status.media.paper, status.media.cover) == (paper, cover)
    assert (status.last_error.code if status.last_error else None) == error


def test_no_reply_is_unknown_never_paper_ok():
    status = summarize("p", {**HEALTHY, 4: None})
    assert status.state is DeviceState.UNKNOWN
    assert status.media.paper is PaperState.UNKNOWN
    assert status.last_error.code == "no_reply"


def test_repeated_silence_becomes_offline():
    silent = {1: None, 2: None, 3: None, 4: None}
    assert summarize("p", silent, silent_polls=2).state is DeviceState.UNKNOWN
    assert summarize("p", silent, silent_polls=3).state is DeviceState.OFFLINE


@pytest.mark.parametrize("reply", [0x00, 0xFF, 0x16 | 0x80, 0x13])
def test_malformed_reply_is_rejected(reply):
    with pytest.raises(ProtocolError):
        check_shape(1, reply)
