"""The kiosk's link to the platform as the composition root builds it: the client, and the
outbox with its delivery worker, each created on first use.

With ``[platform] url = "inprocess"`` (the demo) the first use starts the reference platform
(``platform_sim``, an optional extra) on an ephemeral loopback port, serving the bundled
catalogue, with this terminal enrolled. The terminal's Ed25519 key lives in
``<data_dir>/platform/terminal.pem`` (mode 0600), created on first use; enrolment registers its
public key (``kiosk platform-key`` prints it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import KioskConfig
from kiosk.events import EventBus

if TYPE_CHECKING:  # imported on first use, to keep HTTP and JSON Schema off the start-up path
    from kiosk.platform.client import PlatformClient
    from offline_cache.outbox import Entry, Outbox


def terminal_key_path(config: KioskConfig) -> Path:
    return config.data_dir / "platform" / "terminal.pem"


class PlatformLink:
    """``client`` for questions, ``submit`` for state changes (durable, delivered exactly once)."""

    def __init__(self, config: KioskConfig, bus: EventBus) -> None:
        self._config = config
        self._bus = bus
        self._lock = threading.Lock()
        self._stops: list[Callable[[], None]] = []

    @cached_property
    def client(self) -> PlatformClient:
        from kiosk.platform.auth import TerminalAuth, load_or_create_key, public_key_bytes
        from kiosk.platform.client import PlatformClient

        settings = self._config.platform
        key = load_or_create_key(terminal_key_path(self._config))
        base_url = settings.url
        if base_url == "inprocess":
            base_url = self._start_reference_platform(public_key_bytes(key))
        verify: bool | Path = settings.verify_tls and (settings.ca_file or True)
        return PlatformClient(
            base_url, TerminalAuth(self._config.terminal.id, key),
            connect_timeout_s=settings.connect_timeout_s, read_timeout_s=settings.read_timeout_s,
            verify=verify,
        )

    @cached_property
    def outbox(self) -> Outbox:
        """The outbox, with its worker delivering in the background from now on."""
        from offline_cache.delivery import OutboxWorker
        from offline_cache.outbox import Outbox

        outbox = Outbox(self._config.data_dir / "outbox.db")
        worker = OutboxWorker(outbox, self.client, self._bus).start()
        self._stops += [outbox.close, worker.stop]  # close() pops: worker first
        return outbox

    def submit(self, operation: str, request: dict[str, Any] | bytes,
               path_params: dict[str, str] | None = None,
               content_type: str = "application/json") -> Entry:
        """Commit a state-changing request durably; the citizen may be told "submitted" now."""
        with self._lock:
            outbox = self.outbox
        return outbox.enqueue(operation, request, path_params, content_type)

    def close(self) -> None:
        """Stop delivery and the in-process platform, if they were started."""
        while self._stops:
            self._stops.pop()()

    def _start_reference_platform(self, public_key: bytes) -> str:
        try:
            from platform_sim.launch import start
        except ImportError as exc:  # the kiosk runtime ships without the simulator
            raise RuntimeError("[platform] url = \"inprocess\" needs the platform-sim extra "
                               "(pip install 'govkiosk[platform-sim]')") from exc
        from kiosk.guides import BUNDLED_CATALOGUE

        source = BUNDLED_CATALOGUE if BUNDLED_CATALOGUE.exists() else None
        running = start(self._config.data_dir / "platform-sim", catalogue_source=source,
                        terminals={self._config.terminal.id: public_key})
        self._stops.append(running.stop)
        return running.base_url
