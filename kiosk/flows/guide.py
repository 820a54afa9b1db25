"""The guide lookup journey: search or browse → results → guide detail → print.

Plain Python, driven by tests and by ``screens/guide.py`` alike. Results follow every
keystroke. Printing goes through the printing flow (``kiosk.flows.printing``), which blocks
while the printer works, so the screen calls :meth:`GuideFlow.print_guide` from a worker.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from kiosk.events import EventBus, SessionEnded
from kiosk.flows.printing import PrintJob, PrintState
from kiosk.guides.events import CatalogueInstalled
from kiosk.guides.model import Guide
from kiosk.guides.text import printed_guide_data
from kiosk.i18n import translate
from offline_cache.catalogue import CatalogueStore, Summary
from offline_cache.search import Hit

RESULT_LIMIT = 20
KEYBOARD_KEYS = tuple("qwertyuiopasdfghjklzxcvbnm0123456789")


class GuideState(str, Enum):
    UNAVAILABLE = "unavailable"  # no catalogue installed
    SEARCH = "search"  # typing; results follow the query
    BROWSE = "browse"  # a list of departments, themes or life events
    DETAIL = "detail"
    PRINTING = "printing"
    PRINTED = "printed"
    PRINT_FAILED = "print_failed"


class BrowseKind(str, Enum):
    DEPARTMENTS = "departments"
    THEMES = "themes"
    LIFE_EVENTS = "life_events"


@dataclass(frozen=True)
class PrintRequest:
    """What the guide journey hands to the printer: the job and the guide it came from."""

    job: PrintJob
    code: str


class GuideFlow:
    """State of one applicant's guide lookup; listeners hear of every change."""

    def __init__(
        self,
        store: CatalogueStore,
        bus: EventBus,
        centre_name: str,
        printer: Callable[[PrintJob], PrintState] | None = None,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.store = store
        self.centre_name = centre_name
        self.printer = printer
        self.now = now
        self.query = ""
        self.results: list[Hit] = []
        self.typo = False
        self.browse_kind: BrowseKind | None = None
        self.groups: list[Summary] = []
        self.guide: Guide | None = None
        self.last_print: PrintRequest | None = None
        self._listeners: list[Callable[[GuideFlow], None]] = []
        self.state = GuideState.SEARCH
        self.reset()
        bus.subscribe(SessionEnded, lambda _e: self.reset())
        bus.subscribe(CatalogueInstalled, lambda _e: self._catalogue_changed())

    def on_change(self, listener: Callable[[GuideFlow], None]) -> None:
        self._listeners.append(listener)

    # --- search ---------------------------------------------------------------------------
    def reset(self) -> None:
        self.query, self.results, self.typo, self.guide = "", [], False, None
        self.browse_kind, self.groups = None, []
        self._set(GuideState.SEARCH if self.store.active() else GuideState.UNAVAILABLE)

    def _catalogue_changed(self) -> None:
        """A new version is installed: the first one opens the search; typing goes on."""
        if self.state is GuideState.UNAVAILABLE:
            self.reset()
        elif self.state is GuideState.SEARCH:
            self.set_query(self.query)

    def set_query(self, text: str) -> None:
        """The whole query (e.g. from a text field); results are recomputed at once."""
        if self.state is GuideState.UNAVAILABLE:
            return
        self.query = text
        hits = self.store.search_index().search(text, RESULT_LIMIT) if text.strip() else []
        self.results = hits
        self.typo = any(h.typo for h in hits)
        self.browse_kind, self.guide = None, None
        self._set(GuideState.SEARCH)

    def press_key(self, key: str) -> None:
        """One key of the on-screen keyboard: a letter or digit, ``space``, ``back``, ``clear``."""
        if key == "back":
            self.set_query(self.query[:-1])
        elif key == "clear":
            self.set_query("")
        elif key == "space":
            self.set_query(self.query + " ")
        elif key in KEYBOARD_KEYS:
            self.set_query(self.query + key)
        else:
            raise ValueError(f"not a key of the guide keyboard: {key!r}")

    # --- browse ---------------------------------------------------------------------------
    def browse(self, kind: BrowseKind) -> None:
        self.browse_kind = kind
        if kind is BrowseKind.DEPARTMENTS:
            self.groups = self.store.departments()
        else:
            self.groups = self.store.groups(kind.value)
        self.results = []
        self._set(GuideState.BROWSE)

    def open_group(self, key: str) -> None:
        """Items of one department, theme or life event, most used first."""
        kind = self.browse_kind
        codes = self.store.codes_in(
            department=key if kind is BrowseKind.DEPARTMENTS else None,
            theme=key if kind is BrowseKind.THEMES else None,
            life_event=key if kind is BrowseKind.LIFE_EVENTS else None,
        )
        self.results = self.store.search_index().hits(codes)
        self._set(GuideState.BROWSE)

    # --- detail and print -----------------------------------------------------------------
    def open(self, code: str) -> None:
        guide = self.store.guide(code)
        if guide is None:
            raise KeyError(f"no item {code!r} in the installed catalogue")
        self.guide = guide
        self.store.record_open(code)
        self._set(GuideState.DETAIL)

    def back(self) -> None:
        """From a guide to the list it came from; from a list to the search."""
        if self.state in (GuideState.DETAIL, GuideState.PRINTED, GuideState.PRINT_FAILED):
            self.guide = None
            self._set(GuideState.BROWSE if self.browse_kind else GuideState.SEARCH)
        elif self.state is GuideState.BROWSE:
            self.browse_kind, self.groups, self.results = None, [], []
            self.set_query(self.query)

    def print_request(self, language: str = "zh_CN") -> PrintRequest:
        """The printed-guide job for the open guide (also used by the screen's preview)."""
        if self.guide is None:
            raise RuntimeError("no guide is open")
        info = self.store.active()
        assert info is not None
        data = printed_guide_data(
            self.guide, self.centre_name, info.version, info.published_at, self.now(), language
        )
        job = PrintJob(uuid.uuid4().hex, "printed_guide", data, lookup_url=self.guide.online_url)
        return PrintRequest(job, self.guide.code)

    def print_guide(self, language: str = "zh_CN") -> GuideState:
        """Print the open guide; blocks while the printer works."""
        request = self.print_request(language)
        self.last_print = request
        self._set(GuideState.PRINTING)
        done = self.printer is not None and self.printer(request.job) is PrintState.DONE
        self._set(GuideState.PRINTED if done else GuideState.PRINT_FAILED)
        return self.state

    # --- what the screen shows ------------------------------------------------------------
    def can_print(self) -> bool:
        return self.printer is not None and self.guide is not None

    def updated_text(self, language: str) -> str:
        """When the installed guides were last updated, for the screen's footer."""
        info = self.store.active()
        if info is None:
            return translate("guide.no_catalogue", language)
        when = datetime.fromisoformat(info.installed_at).astimezone().strftime("%Y-%m-%d %H:%M")
        return translate("guide.updated", language, when=when, version=info.version)

    def _set(self, state: GuideState) -> None:
        self.state = state
        for listener in self._listeners:
            listener(self)
