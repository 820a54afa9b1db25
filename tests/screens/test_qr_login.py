"""The login screen, real Kivy: choose QR, code with countdown, confirmation, masked success,
a cancelled code's message with a fresh code one tap away, and nothing personal after the end."""

from __future__ import annotations

import time

from kiosk.flows.qr_login import LoginState
from kiosk.i18n import translate


def _open(kiosk):
    tiles = {t.journey: t for t in kiosk.app.manager.get_screen("home").ids.tiles.children}
    kiosk.tap(tiles["qr_login"])
    screen = kiosk.app.manager.current_screen
    assert kiosk.app.manager.current == "qr_login"
    return screen


def _pump_until(kiosk, predicate, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate() and time.monotonic() < deadline:
        kiosk.pump(2)
        time.sleep(0.02)
    kiosk.pump(3)
    assert predicate()


def _texts(widget) -> list[str]:
    return [w.text for w in widget.walk() if isinstance(getattr(w, "text", None), str)]


def _show_code(kiosk):
    screen = _open(kiosk)
    buttons = {b.method: b for b in screen.ids.methods.children}
    assert "qr" in buttons
    kiosk.screenshot("login-choose")
    kiosk.tap(buttons["qr"])
    _pump_until(kiosk, lambda: screen.state == LoginState.SHOW_CODE.value)
    return screen


def test_qr_login_shows_a_code_and_greets_the_citizen_masked(kiosk):
    screen = _show_code(kiosk)
    assert screen.ids.qr.texture is not None and screen.ids.qr.opacity == 1
    assert "秒后失效" in screen.ids.countdown.text
    kiosk.screenshot("login-code")
    flow = kiosk.core.login
    session_id = flow.qr_payload.split(":")[3]
    kiosk.core.platform.client.confirm_login_session(session_id, "zhangwei")
    _pump_until(kiosk, lambda: screen.state == LoginState.LOGGED_IN.value)
    number = kiosk.core.session.personal.get("id_number")
    assert screen.ids.message.text.startswith("登录成功：张*（" + number[:4] + "*" * 10)
    shown = " ".join(_texts(screen))
    assert number not in shown and "张伟" not in shown
    assert screen.ids.qr.opacity == 0  # the used code is gone
    kiosk.screenshot("login-success")
    kiosk.tap(screen.ids.back)
    assert kiosk.app.manager.current == "home"

    kiosk.clock.advance(kiosk.core.session.idle_limit_s + kiosk.core.session.warning_limit_s)
    kiosk.core.session.tick()  # the citizen walked away: idle timeout
    kiosk.pump(5)
    assert not kiosk.core.session.personal
    assert kiosk.core.login.state is LoginState.CHOOSE
    everything = " ".join(_texts(kiosk.app.root)) + " ".join(_texts(screen))
    assert number not in everything and "张*" not in everything and "张伟" not in everything


def test_a_cancelled_code_says_so_and_a_fresh_code_is_one_tap_away(kiosk):
    screen = _show_code(kiosk)
    first = kiosk.core.login.qr_payload
    kiosk.core.platform.client.cancel_login_session(first.split(":")[3])
    _pump_until(kiosk, lambda: screen.state == LoginState.FAILED.value)
    assert screen.ids.message.text == translate("login.qr.cancelled", "zh_CN")
    assert screen.ids.retry.text == "刷新二维码" and not screen.ids.retry.disabled
    kiosk.screenshot("login-cancelled")
    kiosk.tap(screen.ids.retry)
    _pump_until(kiosk, lambda: screen.state == LoginState.SHOW_CODE.value)
    assert kiosk.core.login.qr_payload not in ("", first)
    kiosk.tap(screen.ids.other)
    assert screen.state == LoginState.CHOOSE.value and screen.ids.methods.opacity == 1
