"""The login journey against the reference platform over HTTP, with fake scanner and readers.

QR both ways, ID card, social-security card; every failure has a message and a way on; and
when the session ends nothing personal is left in the session, the flow or the logs.
"""

from __future__ import annotations

import logging
import threading
import time

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.events import EventBus, IdentityCardRemoved, SessionEnded
from kiosk.flows.qr_login import LoginFlow, LoginState
from kiosk.i18n import translate
from kiosk.logs import JsonLinesFormatter
from kiosk.result import Err, Ok
from kiosk.session import Preferences, Session, SessionState
from peripherals.pcsc.sscard import SsCardFields
from platform_sim.store import demo_id_number
from platform_sim.testing import simulated_platform
from tests.conftest import FakeClock
from tests.fakes.identity import (
    FakeIdCardReader,
    FakeScanner,
    FakeSmartCardReader,
    failed,
    id_card,
)

ZHANG = ("张伟", demo_id_number(0))


class Rig:
    def __init__(self, sim, idcard=None) -> None:
        self.sim = sim
        self.bus = EventBus()
        self.clock = FakeClock()
        self.session = Session(self.bus, Preferences(), 120, 30, self.clock)
        self.scanner = FakeScanner("scanner")
        self.idcard = idcard or FakeIdCardReader("idcard")
        self.sscard = FakeSmartCardReader("sscard")
        self.ended: list[SessionEnded] = []
        self.bus.subscribe(SessionEnded, self.ended.append)
        key = sim.server.signing_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        client = sim.client()
        self.flow = LoginFlow(
            self.session,
            self.bus,
            lambda: client,
            key,
            sim.terminal_id,
            self.scanner,
            self.idcard,
            self.sscard,
        )

    def until(self, state: LoginState, timeout_s: float = 8.0) -> LoginFlow:
        deadline = time.monotonic() + timeout_s
        while self.flow.state is not state and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.flow.state is state, (self.flow.state, self.flow.message_key)
        return self.flow


@pytest.fixture
def rig(tmp_path):
    with simulated_platform(tmp_path / "platform") as sim:
        rig = Rig(sim)
        yield rig
        rig.flow.back()


def test_kiosk_code_confirmed_in_the_app_logs_the_citizen_in(rig):
    rig.flow.choose("qr")
    flow = rig.until(LoginState.SHOW_CODE)
    assert flow.qr_payload.startswith(f"govlogin:1:{rig.sim.terminal_id}:")
    assert 110 <= flow.seconds_left <= 120
    session_id = flow.qr_payload.split(":")[3]
    assert isinstance(rig.sim.client().confirm_login_session(session_id, "zhangwei"), Ok)
    flow = rig.until(LoginState.LOGGED_IN)
    personal = rig.session.personal
    assert (personal.get("name"), personal.get("id_number"), personal.source) == (*ZHANG, "qr")
    assert personal.get("citizen_token")
    assert flow.values == {"name": "张*", "id_number": ZHANG[1][:4] + "*" * 10 + ZHANG[1][-4:]}
    assert "张*" in translate(flow.message_key, "zh_CN", **flow.values)


def test_expired_code_is_explained_and_a_fresh_one_is_one_tap_away(rig):
    rig.flow.choose("qr")
    first = rig.until(LoginState.SHOW_CODE).qr_payload
    rig.sim.server.advance_clock(121)
    flow = rig.until(LoginState.FAILED)
    assert flow.message_key == "login.qr.expired" and flow.qr_payload == ""
    rig.sim.server.advance_clock(-121)
    rig.flow.retry()
    assert rig.until(LoginState.SHOW_CODE).qr_payload not in ("", first)


def test_cancelled_code_is_explained(rig):
    rig.flow.choose("qr")
    session_id = rig.until(LoginState.SHOW_CODE).qr_payload.split(":")[3]
    rig.sim.client().cancel_login_session(session_id)
    assert rig.until(LoginState.FAILED).message_key == "login.qr.cancelled"


def test_going_back_cancels_the_code_on_the_platform(rig):
    rig.flow.choose("qr")
    session_id = rig.until(LoginState.SHOW_CODE).qr_payload.split(":")[3]
    rig.flow.back()
    assert rig.flow.state is LoginState.CHOOSE and rig.flow.qr_payload == ""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        state = rig.sim.rows("SELECT state FROM login_sessions WHERE session_id = ?", session_id)
        if state == [("cancelled",)]:
            break
        time.sleep(0.05)
    assert state == [("cancelled",)]


def test_a_code_not_signed_by_the_pinned_key_is_never_shown(tmp_path):
    with simulated_platform(tmp_path / "p") as sim:
        rig = Rig(sim)
        rig.flow._key = bytes(32)  # a terminal pinned to another platform key
        rig.flow.choose("qr")
        flow = rig.until(LoginState.FAILED)
        assert flow.message_key == "login.qr.untrusted" and flow.qr_payload == ""


def test_app_code_shown_to_the_scanner_logs_in(rig):
    rig.scanner.results = [b"GOVAPP:lina"]
    rig.flow.choose("app_code")
    rig.until(LoginState.LOGGED_IN)
    assert rig.session.personal.get("name") == "李娜"


@pytest.mark.parametrize(
    "payload", [b"https://example.com/", b"GOVAPP:li na", b"\xff" * 40, b"GOVAPP:" + b"a" * 600]
)
def test_anything_else_shown_to_the_scanner_is_not_a_valid_code(rig, payload):
    rig.scanner.results = [payload]
    rig.flow.choose("app_code")
    assert rig.until(LoginState.FAILED).message_key == "login.app_code.invalid"
    assert not rig.session.personal


def test_unknown_app_code_is_refused_by_the_platform(rig):
    rig.scanner.results = [b"GOVAPP:nobody"]
    rig.flow.choose("app_code")
    assert rig.until(LoginState.FAILED).message_key == "platform.rejected.invalid_code"


def test_id_card_logs_in_and_pulling_it_away_ends_the_session(rig):
    rig.idcard.results = [Ok(id_card(*ZHANG))]
    states = []
    rig.flow.on_change(lambda flow: states.append(flow.state))
    rig.flow.choose("idcard")
    rig.until(LoginState.LOGGED_IN)
    assert states == [LoginState.PLACE_IDCARD, LoginState.VERIFYING, LoginState.LOGGED_IN]
    personal = rig.session.personal
    assert personal.source == "idcard" and personal.get("address").startswith("北京市")
    assert personal.get("photo_wlt")  # kept undecoded for the session only
    rig.idcard.present = False
    deadline = time.monotonic() + 3
    while not rig.ended and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rig.ended and rig.ended[0].reason == "card_removed"
    assert not personal and personal.get("photo_wlt") is None
    assert rig.flow.state is LoginState.CHOOSE and rig.flow.values == {}


@pytest.mark.parametrize(
    ("result", "key"),
    [
        (
            Ok(id_card("张伟", ZHANG[1][:-1] + ("0" if ZHANG[1][-1] != "0" else "1"))),
            "login.card.invalid_number",
        ),
        (Err(failed("idcard", "card_removed")), "login.card.removed"),
        (Err(failed("idcard", "bad_checksum")), "login.card.unreadable"),
        (
            Err(failed("idcard", "no_device", state=failed("x", "x").state.NO_DEVICE)),
            "login.idcard.unavailable",
        ),
        (Ok(None), "login.timeout"),
        (Ok(id_card("王五", ZHANG[1])), "platform.rejected.identity_mismatch"),
    ],
)
def test_every_card_failure_has_its_message_and_nothing_is_kept(rig, result, key):
    rig.idcard.results = [result]
    rig.flow.choose("idcard")
    assert rig.until(LoginState.FAILED).message_key == key
    assert not rig.session.personal
    for language in ("zh_CN", "en"):
        assert translate(key, language) != key


def test_social_security_card_logs_in(rig):
    card = SsCardFields("A12345678", demo_id_number(1), "李娜", "2", "01", "310115", "19920315")
    rig.sscard.results = [Ok(card)]
    rig.flow.choose("sscard")
    rig.until(LoginState.LOGGED_IN)
    assert rig.session.personal.source == "sscard"
    assert rig.session.personal.get("card_number") == "A12345678"


def test_platform_down_is_said_plainly(rig):
    rig.sim.server.faults.update(down=True)
    rig.flow.choose("qr")
    assert rig.until(LoginState.FAILED, 30).message_key == "platform.error.offline"


def test_after_the_idle_timeout_nothing_personal_is_left(rig):
    lines: list[str] = []

    class Collect(logging.Handler):  # formats at emit time, as the kiosk's log handlers do
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect(logging.DEBUG)
    handler.setFormatter(JsonLinesFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        rig.idcard.results = [Ok(id_card(*ZHANG))]
        rig.flow.choose("idcard")
        rig.until(LoginState.LOGGED_IN)
        logging.getLogger("govkiosk.test").info("a careless line: %s %s", *ZHANG)
        rig.clock.advance(120 + 30)
        rig.session.tick()
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    assert rig.session.state is SessionState.IDLE and rig.ended[-1].reason == "idle"
    assert not rig.session.personal and rig.session.personal.source is None
    assert rig.flow.state is LoginState.CHOOSE and rig.flow.values == {}
    assert any("citizen logged in" in line for line in lines)
    assert not any(ZHANG[0] in line or ZHANG[1] in line for line in lines)


def test_card_removed_event_from_another_reader_is_harmless_before_login(rig):
    rig.session.touch()
    rig.bus.publish(IdentityCardRemoved("idcard"))
    assert rig.session.state is SessionState.ACTIVE


def test_unconfigured_methods_are_not_offered(tmp_path):
    with simulated_platform(tmp_path / "p") as sim:
        flow = Rig(sim).flow
        flow._devices = {"app_code": None, "idcard": None, "sscard": None}
        assert flow.available == {"qr": True, "app_code": False, "idcard": False, "sscard": False}
        with pytest.raises(ValueError):
            flow.choose("idcard")
        threading.Thread(target=flow.back).start()


def test_id_card_end_to_end_over_a_pty_and_pulled_away(tmp_path):
    """The real SAM driver and simulator, the reference platform, the session: the real path."""
    from tests.peripherals.idcard.test_driver_sim import start_rig

    device = start_rig(log_dir=tmp_path / "logs")
    try:
        with simulated_platform(tmp_path / "platform") as sim:
            rig = Rig(sim, idcard=device.reader)
            device.sim.control("place 1")
            rig.flow.choose("idcard")
            rig.until(LoginState.LOGGED_IN)
            personal = rig.session.personal
            assert (personal.get("name"), personal.get("nation")) == ("欧阳娜娜", "回")
            assert rig.flow.values["name"] == "欧**娜"
            device.sim.control("remove")
            deadline = time.monotonic() + 3
            while not rig.ended and time.monotonic() < deadline:
                time.sleep(0.05)
            assert [e.reason for e in rig.ended] == ["card_removed"] and not personal
    finally:
        device.reader.close()
        device.server.stop()
    raw = (tmp_path / "logs" / "raw" / "idcard.log").read_text(encoding="utf-8")
    assert "欧阳娜娜" not in raw and "440304198506156724" not in raw
