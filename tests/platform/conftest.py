from __future__ import annotations

from collections.abc import Iterator

import pytest

from platform_sim.testing import SimulatedPlatform, simulated_platform


@pytest.fixture
def sim(tmp_path) -> Iterator[SimulatedPlatform]:
    with simulated_platform(tmp_path / "platform") as running:
        yield running
