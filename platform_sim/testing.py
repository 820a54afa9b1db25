"""A reference platform for tests and demos of other parts: one call gives a running server
and a client enrolled with it.

    with simulated_platform(tmp_path) as sim:
        sim.client().catalogue_manifest()
        sim.server.faults.update(down=True)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.platform.auth import TerminalAuth, public_key_bytes
from kiosk.platform.client import PlatformClient
from platform_sim.server import PlatformServer

TERMINAL_ID = "TEST-0001"


@dataclass
class SimulatedPlatform:
    server: PlatformServer
    key: Ed25519PrivateKey
    terminal_id: str = TERMINAL_ID
    clients: list[PlatformClient] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def client(self, **options: float) -> PlatformClient:
        """A client signing as the enrolled terminal; fast retries unless told otherwise."""
        options = {"backoff_s": 0.01, "read_timeout_s": 5.0, **options}
        return PlatformClient(self.base_url, TerminalAuth(self.terminal_id, self.key), **options)

    def rows(self, sql: str, *args: object) -> list[tuple]:
        """Query the platform's store (what the province would hold)."""
        with self.server.lock:
            return [tuple(r) for r in self.server.db.execute(sql, args).fetchall()]


@contextmanager
def simulated_platform(data_dir: Path, **server_options: object) -> Iterator[SimulatedPlatform]:
    key = Ed25519PrivateKey.generate()
    server = PlatformServer(data_dir, terminals={TERMINAL_ID: public_key_bytes(key)},
                            **server_options).start()
    try:
        yield SimulatedPlatform(server, key)
    finally:
        server.stop()
