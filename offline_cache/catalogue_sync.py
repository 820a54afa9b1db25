"""Bringing verified catalogue versions into the store: from the platform, a file or the bundle.

Sync asks for the manifest conditionally (If-None-Match with the installed version), then
downloads only the items whose hashes are not stored (delta; full download when the platform no
longer keeps the old version). Whatever fails (offline, bad signature, a corrupted, missing or
truncated item) leaves the installed version untouched and publishes ``CatalogueRejected``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kiosk.events import EventBus
from kiosk.guides import BUNDLED_CATALOGUE
from kiosk.guides.events import CatalogueInstalled, CatalogueRejected
from kiosk.result import Err, Ok, Result
from offline_cache.catalogue import CatalogueStore, VersionInfo
from offline_cache.catalogue_bundle import (
    CatalogueProblem,
    Manifest,
    VerifiedItem,
    verify_file,
    verify_items,
    verify_manifest,
)

BUNDLED = BUNDLED_CATALOGUE
log = logging.getLogger(__name__)


class CatalogueSource(Protocol):
    """What sync needs from the platform client (``kiosk.platform.client.PlatformClient``)."""

    def catalogue_manifest(self, if_none_match: int | None = None) -> Result[Any, Any]: ...
    def catalogue_full(self, version: int | None = None) -> Result[Any, Any]: ...
    def catalogue_delta(self, since: int) -> Result[Any, Any]: ...


@dataclass(frozen=True)
class SyncOutcome:
    installed: VersionInfo
    changed: bool
    downloaded_items: int


class CatalogueUpdater:
    """Installs catalogues into ``store`` after checking them against the pinned key."""

    def __init__(
        self, store: CatalogueStore, public_key: bytes, bus: EventBus | None = None
    ) -> None:
        self.store = store
        self.public_key = public_key
        self.bus = bus

    # --- files ----------------------------------------------------------------------------
    def check_file(
        self, data: bytes
    ) -> Result[tuple[Manifest, list[VerifiedItem]], CatalogueProblem]:
        return verify_file(data, self.public_key)

    def import_file(
        self, data: bytes, source: str = "import"
    ) -> Result[VersionInfo, CatalogueProblem]:
        checked = verify_file(data, self.public_key)
        if isinstance(checked, Err):
            return self._reject(source, checked.error)
        manifest, items = checked.value
        return Ok(self._install(manifest, items, source))

    def install_bundled(self, path: Path = BUNDLED) -> Result[VersionInfo, CatalogueProblem]:
        """On a terminal with no catalogue yet, install the one shipped with the software."""
        active = self.store.active()
        if active is not None:
            return Ok(active)
        return self.import_file(path.read_bytes(), source="bundled")

    # --- platform -------------------------------------------------------------------------
    def sync(self, platform: CatalogueSource) -> Result[SyncOutcome, CatalogueProblem]:
        active = self.store.active()
        answer = platform.catalogue_manifest(active.version if active else None)
        if isinstance(answer, Err):
            return self._reject("sync", CatalogueProblem("catalogue.error.offline"), answer.error)
        if answer.value is None and active is not None:
            return Ok(SyncOutcome(active, changed=False, downloaded_items=0))
        checked = verify_manifest(answer.value, self.public_key)
        if isinstance(checked, Err):
            return self._reject("sync", checked.error)
        manifest = checked.value
        if active is not None and manifest.version == active.version:
            return Ok(SyncOutcome(active, changed=False, downloaded_items=0))
        known = self.store.known_hashes()
        if all(e.sha256 in known for e in manifest.entries):
            return Ok(SyncOutcome(self._install(manifest, [], "sync"), True, 0))
        fetched = self._download(platform, active, known)
        if isinstance(fetched, Err):
            return self._reject("sync", fetched.error)
        manifest, items = fetched.value
        installed = self._install(manifest, [i for i in items if i.sha256 not in known], "sync")
        return Ok(SyncOutcome(installed, changed=True, downloaded_items=len(items)))

    def _download(
        self, platform: CatalogueSource, active: VersionInfo | None, known: set[str]
    ) -> Result[tuple[Manifest, list[VerifiedItem]], CatalogueProblem]:
        if active is not None:
            delta = platform.catalogue_delta(active.version)
            if isinstance(delta, Ok):
                return self._checked(delta.value, "changed", known)
            if getattr(delta.error, "status", None) != 410:
                return Err(CatalogueProblem("catalogue.error.offline"))
        full = platform.catalogue_full()
        if isinstance(full, Err):
            return Err(CatalogueProblem("catalogue.error.offline"))
        return self._checked(full.value, "items", known)

    def _checked(
        self, body: Any, member: str, known: set[str]
    ) -> Result[tuple[Manifest, list[VerifiedItem]], CatalogueProblem]:
        if not isinstance(body, dict):
            return Err(CatalogueProblem("catalogue.error.manifest_shape"))
        checked = verify_manifest(body.get("manifest"), self.public_key)
        if isinstance(checked, Err):
            return checked
        manifest = checked.value
        items = verify_items(manifest, body.get(member), complete=member == "items")
        if isinstance(items, Err):
            return items
        have = known | {i.sha256 for i in items.value}
        if any(e.sha256 not in have for e in manifest.entries):
            return Err(CatalogueProblem("catalogue.error.incomplete"))
        return Ok((manifest, items.value))

    # --- outcome --------------------------------------------------------------------------
    def _install(self, manifest: Manifest, items: list[VerifiedItem], source: str) -> VersionInfo:
        info = self.store.install(manifest, items, source)
        self.store.search_index()  # built here, not on the first keystroke after the switch
        if self.bus is not None:
            self.bus.publish(
                CatalogueInstalled(info.version, info.published_at, info.items, source)
            )
        return info

    def _reject(self, source: str, problem: CatalogueProblem, cause: Any = None) -> Err:
        if self.bus is not None:
            detail = problem.message("en") + (f" ({cause})" if cause is not None else "")
            self.bus.publish(CatalogueRejected(source, problem.key, detail))
        return Err(problem)


class PeriodicSync:
    """Syncs at start and then every ``interval_s`` on a daemon thread; failures are already
    health events (``CatalogueRejected``), and a bug in one round does not stop the next."""

    def __init__(
        self,
        updater: CatalogueUpdater,
        source: Callable[[], CatalogueSource],
        interval_s: float,
    ) -> None:
        self.updater, self.source, self.interval_s = updater, source, interval_s
        self.rounds = 0
        self.last: Result[SyncOutcome, CatalogueProblem] | None = None
        """The outcome of the latest round (for the maintenance screen)."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="catalogue-sync", daemon=True)

    def start(self) -> PeriodicSync:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.last = self.updater.sync(self.source())
            except Exception:
                log.exception("catalogue sync round failed; the next one may succeed")
            self.rounds += 1
            self._stop.wait(self.interval_s)
