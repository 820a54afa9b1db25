from __future__ import annotations

import pytest

from tests.peripherals.printer.harness import Rig, start_rig


@pytest.fixture
def rig(tmp_path) -> Rig:
    rig = start_rig(tmp_path / "logs")
    yield rig
    rig.stop()
