"""The form journey through the Kivy UI: ID-card login (driver and simulator over a pty), the
on-screen keyboard with pinyin, the document camera, signing, an offline submission with its
printed slip, and delivery exactly once when the platform is back."""

from __future__ import annotations

import sqlite3
import time
from itertools import combinations

import msgspec
import pytest
from kivy.tests.common import UnitTestTouch
from PIL import Image

from kiosk.accessibility import TARGET_GAP_MM, TARGET_MIN_MM
from kiosk.flows.form import FormStep
from kiosk.flows.printing import PrintingFlow
from kiosk.flows.progress import ProgressStep
from kiosk.flows.qr_login import LoginState
from kiosk.platform.client import new_idempotency_key
from kiosk.platform.runtime import PlatformLink
from offline_cache.outbox import EntryState
from peripherals.doccam.image_folder import ImageFolderCamera
from peripherals.status import StatusBoard
from screens.accessibility import OptionButton
from screens.focus import ENTER, actionable, spoken_text, visible_rect
from screens.forms_view import FieldButton
from screens.keyboard import ModeKey
from tests.kiosk.forms.form_world import page_image
from tests.peripherals.idcard.test_driver_sim import start_rig as start_idcard_rig
from tests.peripherals.printer.harness import start_rig as start_printer_rig
from tests.screens import test_accessibility as a11y
from tests.screens.citizen_ui import buttons, control, tap_in_view, texts, wait_until

ITEM = "社会保障卡补领换领"


@pytest.fixture
def private_platform(kiosk, tmp_path):
    """The app's platform link on a data folder of this test's own: the user data folder is
    shared by every kiosk test process on the machine, outbox and reference platform included."""
    config = msgspec.structs.replace(
        kiosk.core.config,
        paths=msgspec.structs.replace(kiosk.core.config.paths, data_dir=tmp_path / "data"))
    shared = kiosk.core.platform
    kiosk.core.platform = PlatformLink(config, kiosk.core.bus)
    yield config.data_dir
    kiosk.core.platform.close()
    kiosk.core.platform = shared


@pytest.fixture
def devices(kiosk, private_platform, tmp_path):
    """A printer and an ID-card reader on simulators, and an image-folder document camera."""
    printer, idcard = start_printer_rig(), start_idcard_rig()
    (tmp_path / "page-001.jpg").write_bytes(page_image())
    kiosk.app.open_journey("forms")
    kiosk.pump()
    services = kiosk.core.form_services
    services.printing = PrintingFlow(printer.printer, kiosk.core.bus, "zh_CN", "010-12345678")
    services.form.printer = services.printing.print_document
    services.form.camera = ImageFolderCamera("doccam", tmp_path, StatusBoard(kiosk.core.bus))
    kiosk.core.login._devices["idcard"] = idcard.reader
    yield printer, idcard
    control(kiosk, "faults", down=False)
    kiosk.core.login._devices["idcard"] = None
    services.form.printer, services.form.camera, services.printing = None, None, None
    idcard.reader.close()
    idcard.server.stop()
    printer.stop()


def screen(kiosk):
    return kiosk.app.manager.get_screen("forms")


def tap_text(kiosk, text: str, kind=None) -> None:
    [found] = [b for b in buttons(screen(kiosk)) if text in getattr(b, "text", "")
               and (kind is None or isinstance(b, kind))]
    tap_in_view(kiosk, lambda: found)


def material(kiosk, name: str, action: str) -> None:
    [found] = [b for b in buttons(screen(kiosk)) if getattr(b, "material", "") == name
               and b.action == action]
    tap_in_view(kiosk, lambda: found)


def key(kiosk, name: str) -> None:
    keyboard = screen(kiosk).keyboard
    found = keyboard.key_button(name)
    assert found is not None, f"no key {name!r} on view"
    kiosk.tap(found)


def type_keys(kiosk, keys) -> None:
    for name in keys:
        key(kiosk, name)


def sign_on_pad(kiosk) -> None:
    pad = screen(kiosk).pad
    x, y = pad.to_window(pad.x + pad.width * 0.1, pad.center_y)
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    for i in range(1, 12):
        touch.touch_move(x + i * pad.width * 0.07, y + (-1) ** i * pad.height * 0.15)
    touch.touch_up()
    kiosk.pump()


def platform_db(data_dir) -> sqlite3.Connection:
    return sqlite3.connect(data_dir / "platform-sim" / "platform.sqlite3")


def test_from_id_card_login_to_an_offline_application_delivered_once(kiosk, devices,
                                                                    private_platform):
    printer, idcard = devices
    login = kiosk.core.login
    login.choose("idcard")
    idcard.sim.control("place 0")
    wait_until(kiosk, lambda: login.state is LoginState.LOGGED_IN, 20)
    flow = kiosk.core.form_services.form

    kiosk.app.open_journey("forms")
    kiosk.pump()
    tap_text(kiosk, ITEM)
    kiosk.screenshot("forms-situation")
    tap_text(kiosk, "本人办理")
    shown = texts(screen(kiosk).ids.content)
    assert any("张伟" in t and "已从证件读取" in t for t in shown)  # prefilled from the card
    assert any("1101**********002X" in t for t in shown)  # the ID number, masked
    kiosk.screenshot("forms-fill")

    phone = "13912345678"
    tap_text(kiosk, "联系电话", FieldButton)
    type_keys(kiosk, phone)
    kiosk.screenshot("forms-keyboard-digits")
    tap_text(kiosk, "完成")
    tap_text(kiosk, "遗失")
    tap_text(kiosk, "邮寄地址", FieldButton)
    tap_text(kiosk, "北京市")
    tap_text(kiosk, "北京市")
    tap_text(kiosk, "朝阳区")
    type_keys(kiosk, "jianguolu")
    kiosk.screenshot("forms-keyboard-pinyin")
    kiosk.tap(screen(kiosk).keyboard.candidate_button("建国"))  # "lu" stays typed
    kiosk.tap(screen(kiosk).keyboard.candidate_button("路"))
    tap_text(kiosk, "数字", ModeKey)
    key(kiosk, "1")
    tap_text(kiosk, "符号", ModeKey)
    key(kiosk, "号")
    tap_text(kiosk, "完成")
    assert flow.answers["mailing_address"] == ["北京市", "北京市", "朝阳区", "建国路1号"]
    tap_text(kiosk, "本人承诺所填信息真实有效", OptionButton)
    tap_text(kiosk, "下一步")

    assert flow.state is FormStep.MATERIALS
    material(kiosk, "数码照片回执", "show_sample")
    assert any("错误示例：回执超过六个月有效期" in t for t in texts(screen(kiosk).ids.content))
    assert not [b for b in buttons(screen(kiosk)) if getattr(b, "material", "") == "居民身份证"
                and b.action == "capture"]
    material(kiosk, "数码照片回执", "capture")  # the ID card itself came with the login
    wait_until(kiosk, lambda: flow.checklist.item("数码照片回执").captures)
    kiosk.screenshot("forms-materials")
    tap_text(kiosk, "下一步")

    assert flow.state is FormStep.SIGN
    sign_on_pad(kiosk)
    kiosk.screenshot("forms-sign")
    assert flow.signature.signed
    tap_text(kiosk, "下一步")
    assert flow.state is FormStep.REVIEW and flow.review_problems() == []
    kiosk.screenshot("forms-review")

    control(kiosk, "faults", down=True)
    tap_text(kiosk, "提交申请")
    wait_until(kiosk, lambda: flow.state not in (FormStep.REVIEW, FormStep.SUBMITTING), 30)
    assert flow.state is FormStep.SAVED, (flow.state, flow.message_key)
    wait_until(kiosk, lambda: printer.sim.pages)
    kiosk.screenshot("forms-saved")
    slip = "".join(line.strip() for line in printer.sim.pages[-1].text().splitlines())
    assert "待提交凭证" in slip and ITEM in slip and "张伟" in slip
    assert any("已保存在本机" in t for t in texts(screen(kiosk)))
    with platform_db(private_platform) as db:
        assert db.execute("SELECT COUNT(*) FROM applications WHERE request LIKE ?",
                          (f"%{phone}%",)).fetchone() == (0,)

    control(kiosk, "faults", down=False)
    outbox = kiosk.core.platform.outbox
    seq = int(flow.values["entry_no"].rsplit("-", 1)[1])
    wait_until(kiosk, lambda: outbox.get(seq).state is EntryState.DELIVERED, 60)
    receipt_no = outbox.get(seq).result["receipt_no"]
    time.sleep(1.0)  # any further delivery attempt would land now
    with platform_db(private_platform) as db:
        rows = db.execute("SELECT receipt_no, status FROM applications WHERE request LIKE ?",
                          (f"%{phone}%",)).fetchall()
    assert rows == [(receipt_no, "accepted")]


def check_accessible(kiosk, name: str) -> None:
    """The measures of ``test_accessibility`` on the screen as it is now (any step)."""
    shot = Image.open(kiosk.screenshot(name)).convert("RGB")
    minimum = 7.0 if kiosk.core.session.preferences.contrast.startswith("high") else 4.5
    for label in a11y._visible_labels(kiosk):
        ratio = a11y._text_contrast(shot, label)
        assert ratio is None or ratio >= minimum, f"{label.text!r}: contrast {ratio:.2f}"
        assert label.font_size >= kiosk.app.text_body - 0.5, f"{label.text!r} below body size"
    controls = actionable([kiosk.app.root.ids.header, kiosk.app.manager.current_screen])
    for control_ in controls:
        assert a11y._mm(kiosk, min(control_.size)) >= TARGET_MIN_MM, control_
    for label in a11y._visible_labels(kiosk):  # nothing lies over the text (e.g. a keyboard)
        if label not in controls:
            lx, ly, lw, lh = visible_rect(label)
            for c in controls:
                cx, cy, cw, ch = visible_rect(c)
                assert lx + lw <= cx or cx + cw <= lx or ly + lh <= cy or cy + ch <= ly, \
                    f"{spoken_text(c)!r} covers {label.text!r}"
    for a, b in combinations(controls, 2):
        ax, ay, aw, ah = visible_rect(a)
        bx, by, bw, bh = visible_rect(b)
        gap = max(bx - (ax + aw), ax - (bx + bw), by - (ay + ah), ay - (by + bh))
        assert a11y._mm(kiosk, gap) >= TARGET_GAP_MM - 0.05, (a, b)


@pytest.mark.parametrize("mode", ["standard", "largest-high-light"])
def test_typing_a_masked_id_number_and_correcting_the_name_with_pinyin(kiosk, private_platform,
                                                                       mode):
    session = kiosk.core.session
    session.touch()
    session.set_preferences(**a11y.MODES[mode], voice=True)
    session.personal.set("name", "张伟")
    session.personal.source = "idcard"
    kiosk.app.open_journey("forms")
    kiosk.pump()
    tap_text(kiosk, ITEM)
    tap_text(kiosk, "委托他人办理")
    flow = kiosk.core.form_services.form
    assert flow.answers["name"] == "张伟" and "id_number" not in flow.answers

    tap_text(kiosk, "申请人姓名", FieldButton)
    key(kiosk, "clear")
    type_keys(kiosk, "li")
    kiosk.tap(screen(kiosk).keyboard.candidate_button("李"))
    type_keys(kiosk, "si")
    kiosk.tap(screen(kiosk).keyboard.candidate_button("四"))
    check_accessible(kiosk, f"forms-pinyin-{mode}")
    tap_text(kiosk, "完成")
    assert flow.answers["name"] == "李四" and "name" not in flow.prefilled

    kiosk.speaker.said.clear()
    tap_text(kiosk, "代理人公民身份号码", FieldButton)
    type_keys(kiosk, "110105194912310021")  # the last digit is wrong
    spoken = " ".join(kiosk.speaker.texts)
    assert spoken.count("已输入一位") == 18 and "1949" not in spoken
    assert any("号码有误" in t for t in texts(screen(kiosk).ids.content))
    check_accessible(kiosk, f"forms-id-number-{mode}")
    key(kiosk, "back")
    key(kiosk, "X")
    tap_text(kiosk, "完成")
    kiosk.speaker.said.clear()
    tap_text(kiosk, "联系电话", FieldButton)
    type_keys(kiosk, "13912345678")
    spoken = " ".join(kiosk.speaker.texts)
    assert spoken.count("已输入一位") == 11 and "1391" not in spoken
    tap_text(kiosk, "完成")
    assert flow.problem("agent_id_number") is None
    assert any("1101**********002X" in t for t in texts(screen(kiosk).ids.content))


def test_progress_of_an_application_by_its_number(kiosk, private_platform):
    client = kiosk.core.platform.client
    answer = client.submit_application({"item_code": "11019900102013", "form": {}},  # 居住证申领
                                       new_idempotency_key()).value
    kiosk.core.session.touch()
    kiosk.app.open_journey("forms")
    kiosk.pump()
    tap_text(kiosk, "查询办理进度")
    tap_text(kiosk, "英文", ModeKey)
    type_keys(kiosk, answer["receipt_no"][:2].lower())
    tap_text(kiosk, "数字", ModeKey)
    type_keys(kiosk, answer["receipt_no"][2:])
    tap_text(kiosk, "查询")
    progress = kiosk.core.form_services.progress
    wait_until(kiosk, lambda: progress.state is ProgressStep.FOUND)
    shown = texts(screen(kiosk))
    assert any(answer["receipt_no"] in t and "需补正材料" in t for t in shown)
    assert any("待补正：居民身份证" in t for t in shown)
    check_accessible(kiosk, "forms-progress")


def test_keypad_alone_reaches_the_form_and_its_keyboard(kiosk):
    kiosk.core.session.touch()
    kiosk.core.session.set_preferences(voice=True)
    home = kiosk.app.manager.get_screen("home")
    a11y._press_towards(kiosk, home.tile("forms"))
    kiosk.press(ENTER)
    assert kiosk.app.manager.current == "forms"

    def choose(text: str, kind=None) -> None:
        [target] = [b for b in buttons(screen(kiosk)) if text in getattr(b, "text", "")
                    and (kind is None or isinstance(b, kind))]
        a11y._press_towards(kiosk, target)
        assert text in kiosk.speaker.texts[-1]  # the focused control is read out
        kiosk.press(ENTER)
        kiosk.pump(2)

    choose(ITEM)
    choose("本人办理")
    choose("联系电话", FieldButton)
    for digit in "139":
        a11y._press_towards(kiosk, screen(kiosk).keyboard.key_button(digit))
        kiosk.press(ENTER)
        assert kiosk.speaker.texts[-1] == "已输入一位"
    choose("完成")
    assert kiosk.core.form_services.form.answers["phone"] == "139"
    assert any("联系电话：139" in t for t in texts(screen(kiosk).ids.content))
