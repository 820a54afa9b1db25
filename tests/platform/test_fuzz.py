"""The reference server fuzzed from the OpenAPI document: signed requests of every shape, valid
and invalid; no answer may be a 5xx and every answer must follow the document."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from kiosk.platform import auth
from kiosk.platform.contract import SPEC_PATH
from platform_sim.testing import SimulatedPlatform, simulated_platform

schema = schemathesis.openapi.from_path(SPEC_PATH)


@pytest.fixture(scope="module")
def fuzzed() -> Iterator[SimulatedPlatform]:
    with tempfile.TemporaryDirectory() as data_dir, simulated_platform(Path(data_dir)) as sim:
        yield sim


class SignWhenPresent(auth.TerminalAuth):
    """Sign requests that carry the security headers; leave the ones schemathesis stripped on
    purpose unsigned, so the server must refuse them (401)."""

    def __call__(self, request):
        names = (auth.TERMINAL_ID, auth.TIMESTAMP, auth.NONCE, auth.SIGNATURE)
        return super().__call__(request) if all(n in request.headers for n in names) else request


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_every_answer_follows_the_contract(case, fuzzed):
    # Valid-looking requests may still be refused on their merits (a slot that does not exist,
    # an item not in the catalogue): business 4xx are allowed, undocumented statuses are not.
    case.call_and_validate(base_url=fuzzed.base_url, timeout=10,
                           excluded_checks=[positive_data_acceptance],
                           auth=SignWhenPresent(fuzzed.terminal_id, fuzzed.key))
