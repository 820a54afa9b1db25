"""What flows may ask of an evaluation pad (five keys, 非常满意 … 非常不满意). No driver yet.

Status mapping: answering → ``online``; silent → ``unknown`` then ``offline``; a key held down
→ ``user_error`` with last error ``key_stuck``.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.result import Result
from peripherals.device import Device
from peripherals.status import DeviceStatus


class EvaluationPad(Device, Protocol):
    def wait_for_rating(self, timeout_s: float) -> Result[int | None, DeviceStatus]:
        """The pressed key, 1 (very dissatisfied) to 5 (very satisfied), or ``Ok(None)``."""
        ...
