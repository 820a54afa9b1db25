"""Logging in: the kiosk's QR code, the citizen's app code, the ID card or the social-security card.

One state machine (:class:`LoginState`) behind the ``qr_login`` screen. Blocking steps (platform
calls, waiting for a card or a code) run on a worker thread the flow starts itself; the view
follows :attr:`state`, :attr:`message_key` and :attr:`values` through :meth:`on_change`. Every
payload and ID number is validated before use; every failure has a message with a next step.
Identity is held in the session only (``kiosk.identity.record``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from kiosk.events import EventBus, SessionEnded
from kiosk.identity import codes, id_number
from kiosk.identity.record import VerifiedCitizen, hold
from kiosk.identity.watch import CardWatch
from kiosk.platform.client import PlatformClient
from kiosk.platform.errors import Offline, PlatformError
from kiosk.result import Err, Ok
from kiosk.session import Session
from peripherals.idcard.interface import IdCardReader
from peripherals.pcsc.interface import SmartCardReader
from peripherals.scanner.interface import CodeScanner
from peripherals.status import DeviceStatus

log = logging.getLogger(__name__)


class LoginState(str, Enum):
    CHOOSE = "choose"
    PREPARING = "preparing"  # asking the platform for a login code
    SHOW_CODE = "show_code"  # the kiosk's QR with a countdown
    SCAN_CODE = "scan_code"  # the citizen shows the app's code to the scanner
    PLACE_IDCARD = "place_idcard"
    INSERT_SSCARD = "insert_sscard"
    VERIFYING = "verifying"  # the platform checks the code or the card's identity
    LOGGED_IN = "logged_in"
    FAILED = "failed"


METHODS = {
    "qr": LoginState.SHOW_CODE,
    "app_code": LoginState.SCAN_CODE,
    "idcard": LoginState.PLACE_IDCARD,
    "sscard": LoginState.INSERT_SSCARD,
}
CARD_WAIT_S = 60.0
POLL_WAIT_S = 5  # long-poll slice: the platform answers at once on a change
OFFLINE_POLLS = 3  # dropped long polls in a row before the code is given up
UNREADABLE = {"bad_checksum", "bad_reply", "card_error"}  # re-placing the card may help


class LoginFlow:
    def __init__(
        self,
        session: Session,
        bus: EventBus,
        platform: Callable[[], PlatformClient],
        platform_key: bytes,
        terminal_id: str,
        scanner: CodeScanner | None = None,
        idcard: IdCardReader | None = None,
        sscard: SmartCardReader | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._session, self._bus, self._platform = session, bus, platform
        self._key, self._terminal = platform_key, terminal_id
        self._devices = {"app_code": scanner, "idcard": idcard, "sscard": sscard}
        self._now = now
        self._watch = CardWatch(bus)
        self._listeners: list[Callable[[LoginFlow], None]] = []
        self._attempt = 0  # a worker whose attempt is stale changes nothing
        self._lock = threading.Lock()
        self.state = LoginState.CHOOSE
        self.method: str | None = None
        self.message_key = "login.choose"
        self.values: dict[str, object] = {}
        self.qr_payload = ""
        self.expires_at: datetime | None = None
        self._login_session: str | None = None
        bus.subscribe(SessionEnded, lambda _event: self.reset())

    # --- what the view calls --------------------------------------------------------------
    def on_change(self, listener: Callable[[LoginFlow], None]) -> None:
        self._listeners.append(listener)

    @property
    def available(self) -> dict[str, bool]:
        """Which methods this terminal offers (a reader or scanner must be configured)."""
        return {m: m == "qr" or self._devices[m] is not None for m in METHODS}

    @property
    def seconds_left(self) -> int:
        if self.state is not LoginState.SHOW_CODE or self.expires_at is None:
            return 0
        return max(0, int((self.expires_at - self._now()).total_seconds()))

    def choose(self, method: str) -> None:
        """Start ``method`` (qr, app_code, idcard, sscard) on a worker thread."""
        if not self.available.get(method):
            raise ValueError(f"login method {method!r} is not available here")
        self._session.touch()
        attempt = self._begin(method)
        if method == "qr":
            self._set(attempt, LoginState.PREPARING, "login.preparing")
            self._start(attempt, self._qr_login)
        else:
            self._set(attempt, METHODS[method], f"login.{method}.prompt")
            self._start(attempt, getattr(self, f"_{method}_login"))

    def retry(self) -> None:
        """Try the same method again (a fresh code for QR): one tap from a failure."""
        if self.method is not None:
            self.choose(self.method)

    def back(self) -> None:
        """Abandon the current attempt and return to the method choice."""
        self._stop_attempt()
        self._set(self._attempt, LoginState.CHOOSE, "login.choose")

    def reset(self) -> None:
        """Session over: forget everything shown (the session wipes the identity itself)."""
        self._stop_attempt()
        self.method = None
        self._set(self._attempt, LoginState.CHOOSE, "login.choose")

    # --- attempts -------------------------------------------------------------------------
    def _begin(self, method: str) -> int:
        self._stop_attempt()
        with self._lock:
            self._attempt += 1
            self.method = method
            return self._attempt

    def _stop_attempt(self) -> None:
        with self._lock:
            self._attempt += 1
            session_id, self._login_session = self._login_session, None
        for device in self._devices.values():
            if device is not None:
                device.cancel()
        if session_id is not None:
            threading.Thread(target=self._cancel_code, args=(session_id,), daemon=True).start()
        self.qr_payload, self.expires_at = "", None

    def _cancel_code(self, session_id: str) -> None:
        self._platform().cancel_login_session(session_id)

    def _start(self, attempt: int, work: Callable[[int], None]) -> None:
        threading.Thread(target=work, args=(attempt,), daemon=True, name="login").start()

    def _current(self, attempt: int) -> bool:
        return attempt == self._attempt

    def _set(self, attempt: int, state: LoginState, key: str, **values: object) -> bool:
        with self._lock:
            if not self._current(attempt):
                return False
            self.state, self.message_key, self.values = state, key, values
            if state is not LoginState.SHOW_CODE:  # a code is shown only while it can be used
                self.qr_payload, self.expires_at = "", None
        for listener in list(self._listeners):
            listener(self)
        return True

    def _fail(self, attempt: int, key: str, **values: object) -> None:
        if self._set(attempt, LoginState.FAILED, key, **values):
            log.info("login failed", extra={"method": self.method, "reason": key})

    # --- 1. the kiosk shows a code, the app scans it -----------------------------------------
    def _qr_login(self, attempt: int) -> None:
        client = self._platform()
        match client.create_login_session():
            case Err(error):
                return self._platform_failed(attempt, error)
            case Ok(body):
                pass
        match codes.parse_login_code(body["qr_payload"], self._key, self._terminal, self._now()):
            case Err(invalid):
                return self._fail(attempt, "login.qr.untrusted", reason=invalid.reason)
            case Ok(code):
                pass
        with self._lock:
            if not self._current(attempt):
                return
            self._login_session = body["session_id"]
            self.qr_payload, self.expires_at = code.text, code.expires_at
        self._set(attempt, LoginState.SHOW_CODE, "login.qr.prompt")
        dropped = 0
        while self._current(attempt):
            wait = max(1, min(POLL_WAIT_S, self.seconds_left))
            match client.login_session(body["session_id"], wait_s=wait):
                case Err(Offline()) if dropped + 1 < OFFLINE_POLLS and self.seconds_left > 0:
                    dropped += 1  # a dropped long poll: ask again while the code is valid
                    continue
                case Err(error):
                    return self._platform_failed(attempt, error)
                case Ok(answer):
                    state, dropped = answer["state"], 0
            if state == "confirmed":
                self._login_session = None
                return self._log_in(attempt, "qr", answer["login"])
            if state in ("expired", "cancelled") or (state == "pending" and self.seconds_left <= 0):
                self._login_session = None
                ended = "cancelled" if state == "cancelled" else "expired"
                return self._fail(attempt, f"login.qr.{ended}")

    # --- 2. the citizen shows the app's code --------------------------------------------------
    def _app_code_login(self, attempt: int) -> None:
        scanner = self._devices["app_code"]
        match scanner.scan(CARD_WAIT_S):
            case Err(status):
                return self._device_failed(attempt, "app_code", status)
            case Ok(None):
                return self._fail(attempt, "login.timeout")
            case Ok(scanned):
                pass
        match codes.parse_app_code(scanned.payload):
            case Err(_):
                return self._fail(attempt, "login.app_code.invalid")
            case Ok(app_code):
                pass
        if not self._set(attempt, LoginState.VERIFYING, "login.verifying"):
            return
        match self._platform().verify_app_code(app_code.text):
            case Err(error):
                return self._platform_failed(attempt, error)
            case Ok(login):
                self._log_in(attempt, "qr", login)

    # --- 3. and 4. cards ---------------------------------------------------------------------
    def _idcard_login(self, attempt: int) -> None:
        reader = self._devices["idcard"]
        match reader.read_card(CARD_WAIT_S):
            case Err(status):
                return self._device_failed(attempt, "idcard", status)
            case Ok(None):
                return self._fail(attempt, "login.timeout")
            case Ok(card):
                fields = {
                    k: getattr(card, k)
                    for k in (
                        "name",
                        "sex",
                        "nation",
                        "birth_date",
                        "address",
                        "id_number",
                        "authority",
                        "valid_from",
                        "valid_to",
                    )
                }
        self._verify_card(attempt, "idcard", "id_card", fields, card.photo)

    def _sscard_login(self, attempt: int) -> None:
        reader = self._devices["sscard"]
        match reader.read_social_security_card(CARD_WAIT_S):
            case Err(status):
                return self._device_failed(attempt, "sscard", status)
            case Ok(None):
                return self._fail(attempt, "login.timeout")
            case Ok(card):
                fields = {
                    "name": card.name,
                    "id_number": card.ss_number,
                    "sex": card.sex,
                    "nation": card.nation,
                    "birth_date": card.birth_date,
                    "card_number": card.card_number,
                }
        self._verify_card(attempt, "sscard", "social_security_card", fields, b"")

    def _verify_card(
        self, attempt: int, source: str, kind: str, fields: dict[str, str], photo: bytes
    ) -> None:
        number = id_number.normalise(fields["id_number"])
        if id_number.problem(number) is not None or not fields["name"]:
            return self._fail(attempt, "login.card.invalid_number")
        if not self._set(attempt, LoginState.VERIFYING, "login.verifying"):
            return
        match self._platform().verify_identity(kind, number, fields["name"]):
            case Err(error):
                return self._platform_failed(attempt, error)
            case Ok(login):
                if self._log_in(attempt, source, login, {**fields, "id_number": number}, photo):
                    self._watch.watch(self._devices[source])

    # --- outcomes ----------------------------------------------------------------------------
    def _log_in(
        self,
        attempt: int,
        source: str,
        login: dict[str, Any],
        card: dict[str, str] | None = None,
        photo: bytes = b"",
    ) -> bool:
        citizen = VerifiedCitizen.from_login(source, login, card, photo)
        if id_number.problem(citizen.id_number) is not None:
            self._fail(attempt, "login.platform.invalid")
            return False
        with self._lock:
            if not self._current(attempt):
                return False
            self._session.touch()
            hold(self._session.personal, citizen)
        log.info("citizen logged in", extra={"source": source})  # who: never logged
        return self._set(
            attempt,
            LoginState.LOGGED_IN,
            "login.success",
            name=citizen.masked_name,
            id_number=citizen.masked_id_number,
        )

    def _platform_failed(self, attempt: int, error: PlatformError) -> None:
        self._fail(attempt, error.message_key)  # the platform's own translated explanations

    def _device_failed(self, attempt: int, method: str, status: DeviceStatus) -> None:
        code = status.last_error.code if status.last_error else status.state.value
        if code == "card_removed":
            return self._fail(attempt, "login.card.removed")
        if code in UNREADABLE:
            return self._fail(attempt, "login.card.unreadable")
        self._fail(attempt, f"login.{method}.unavailable")
