"""The form journey in plain Python, against the reference platform and the printer simulator."""

from __future__ import annotations

import json
import time

import pytest

from kiosk.events import ServiceCompleted
from kiosk.flows.citizen_services import Citizen
from kiosk.flows.form import FormStep
from kiosk.flows.printing import PrintState
from kiosk.flows.progress import ProgressLookup, ProgressStep
from offline_cache.outbox import EntryState
from peripherals.printer.decode import QrImage
from platform_sim.testing import simulated_platform
from tests.kiosk.forms.form_world import (
    CATALOGUE,
    SETTINGS,
    build_form_world,
    guide,
    id_number,
)

SSCARD = "11019900408003"  # 社会保障卡补领换领: situations 本人办理 / 委托他人办理
ALLOWANCE = "11019900601008"  # 高龄津贴申领: 80 and over


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    with simulated_platform(tmp_path_factory.mktemp("platform"),
                            catalogue_source=CATALOGUE) as sim:
        yield sim


@pytest.fixture
def world(platform, tmp_path):
    built = build_form_world(platform, tmp_path)
    yield built
    built.platform_down(False)
    built.stop()


def fill_sscard(flow) -> None:
    flow.set_value("reason", "lost")
    flow.set_region("mailing_address", "北京市", "北京市", "朝阳区")
    entry = flow.edit("mailing_address")
    for key in "jianguolu":
        entry.press(key)
    entry.choose("建国路")
    for key in "1号":
        entry.press(key)
    flow.finish_edit()
    flow.set_value("declaration", True)


def sign(flow) -> None:
    flow.signature.start(0.1, 0.5)
    for i in range(10):
        flow.signature.extend(0.1 + i * 0.08, 0.5 + (-1) ** i * 0.1)


def sscard_application_under_review(world):
    """A logged-in citizen's 社保卡补领 application, filled, photographed and signed."""
    world.log_in()
    flow = world.flow
    flow.start(guide(SSCARD))
    flow.choose_situation("本人办理")
    fill_sscard(flow)
    flow.to_materials()
    flow.capture("数码照片回执")
    sign(flow)
    flow.to_review()
    return flow


def test_prefilled_from_the_login_and_corrected_by_the_citizen(world):
    world.log_in("张三", id_number())
    flow = world.flow
    assert flow.start(guide(SSCARD)) is FormStep.SITUATION
    flow.choose_situation("本人办理")
    assert flow.answers["name"] == "张三" and flow.answers["id_number"] == id_number()
    assert {"name", "id_number", "phone"} <= flow.prefilled
    flow.set_value("phone", "13900139000")
    assert "phone" not in flow.prefilled and flow.answers["phone"] == "13900139000"
    assert [f.name for f in flow.fields()] == ["name", "id_number", "phone", "reason",
                                               "mailing_address", "declaration"]
    flow.to_materials()
    flow.capture("数码照片回执")
    sign(flow)
    world.session.end("finished")
    assert flow.answers == {} and flow.state is FormStep.NO_FORM
    assert flow.checklist.captures() == [] and not flow.signature.strokes and flow.guide is None


def test_situation_adds_its_fields_and_materials(world):
    world.log_in()
    flow = world.flow
    flow.start(guide(SSCARD))
    flow.choose_situation("委托他人办理")
    assert {"agent_name", "agent_id_number"} <= {f.name for f in flow.fields()}
    names = [i.name for i in flow.checklist.items]
    assert "授权委托书" in names and "代理人居民身份证" in names
    flow.set_value("agent_name", "李四")
    assert flow.to_situation() is FormStep.SITUATION
    flow.choose_situation("本人办理")  # changed their mind: the agent is neither asked nor sent
    assert "agent_name" not in {f.name for f in flow.fields()}
    assert "授权委托书" not in [i.name for i in flow.checklist.items]
    assert [p for p in flow.review_problems() if p.field == "agent_name"] == []


def test_pre_review_lists_everything_at_once(world):
    world.log_in("王五", id_number("19700101"))
    flow = world.flow
    flow.start(guide(ALLOWANCE))
    flow.choose_situation("本人到场办理")
    flow.set_value("phone", "12345")
    flow.to_review()
    problems = {(p.code, p.field or p.detail) for p in flow.review_problems()}
    assert ("age_too_low", "id_number") in problems  # born 1970: not 80
    assert ("phone", "phone") in problems
    assert ("required", "address") in problems and ("required", "payee") in problems
    assert ("material_missing", "居民户口簿") in problems
    assert ("material_missing", "居民身份证") not in problems  # shared by the ID-card login
    assert ("material_missing", "申请表") not in problems  # this form is the 申请表
    assert not flow.can_submit()
    before = len(world.applications())
    assert flow.submit() is FormStep.REVIEW and len(world.applications()) == before


def test_online_submission_prints_the_acceptance_notice(world):
    world.log_in()
    flow = world.flow
    flow.start(guide(SSCARD))
    flow.choose_situation("本人办理")
    fill_sscard(flow)
    flow.to_materials()
    assert flow.capture("数码照片回执")
    sign(flow)
    assert flow.to_sign() is FormStep.SIGN
    flow.to_review()
    assert flow.review_problems() == []
    before = len(world.applications())
    completed = []
    world.bus.subscribe(ServiceCompleted, completed.append)
    assert flow.submit() is FormStep.DONE and flow.printed
    receipt_no = flow.answer["receipt_no"]
    assert completed == [ServiceCompleted(receipt_no, "submission")]  # it may be evaluated
    text = world.printed_text()
    assert "受理通知书" in text and "社会保障卡补领换领" in text and receipt_no in text
    assert "数码照片回执（原件1份）" in text and f"[QR https://zwfw.example.gov.cn/p/{receipt_no}]" in text
    rows = world.applications()
    assert len(rows) == before + 1 and rows[-1][2] == "accepted"
    request = json.loads(rows[-1][3])
    assert request["form"]["mailing_address"] == ["北京市", "北京市", "朝阳区", "建国路1号"]
    stored = world.sim.rows("SELECT content_type FROM materials WHERE material_id IN (?, ?)",
                            *request["materials"])
    assert sorted(stored) == [("image/jpeg",), ("image/png",)]  # photo and signature


def test_deferred_material_needs_the_signed_commitment_and_prints_the_tolerance_notice(world):
    world.log_in()
    flow = world.flow
    flow.start(guide(SSCARD))
    flow.choose_situation("本人办理")
    fill_sscard(flow)
    flow.to_materials()
    with pytest.raises(ValueError):
        flow.defer("居民身份证")  # not allowed for this item
    flow.defer("数码照片回执")
    flow.to_review()
    assert [p.code for p in flow.review_problems()] == ["not_signed"]
    sign(flow)
    assert flow.submit() is FormStep.DONE
    text = world.printed_text()
    assert "容缺受理通知书" in text and "数码照片回执（原件1份）" in text
    assert json.loads(world.applications()[-1][3])["deficiency_commitment"] is True


def test_submitting_with_materials_missing_prints_the_supplement_notice(world):
    world.log_in()
    flow = world.flow
    flow.start(guide(SSCARD))
    flow.choose_situation("本人办理")
    fill_sscard(flow)
    sign(flow)
    flow.to_review()
    assert flow.can_submit()  # only a material is missing: the platform asks in writing
    assert flow.submit() is FormStep.DONE
    text = world.printed_text()
    assert "补正材料通知书" in text and "数码照片回执" in text
    assert world.applications()[-1][2] == "need_more"


def test_the_platform_checks_the_form_again(world):
    client = world.sim.client()
    refused = client.submit_application(
        {"item_code": SSCARD, "situation": "本人办理",
         "form": {"name": "张三", "id_number": id_number()[:17] + "0", "phone": "1"}}, "k" * 32)
    fields = {r.field for r in refused.error.reasons}
    assert {"id_number", "phone", "reason", "declaration", "signature"} <= fields


def test_offline_saved_slip_printed_and_delivered_exactly_once_later(world):
    flow = sscard_application_under_review(world)
    before = len(world.applications())
    world.platform_down()
    assert flow.submit() is FormStep.SAVED and flow.printed
    text = world.printed_text()
    assert "待提交凭证" in text and "DEMO-0001-" in text and "社会保障卡补领换领" in text
    assert len(world.applications()) == before
    world.platform_down(False)
    deadline = time.monotonic() + 10
    while len(world.applications()) == before:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    world.worker.retry_now()  # a further delivery attempt changes nothing
    time.sleep(0.5)
    assert len(world.applications()) == before + 1
    assert world.outbox.count(EntryState.PENDING) == 0 and world.outbox.count(EntryState.PARKED) == 0


def test_a_draft_saved_here_resumes_on_another_kiosk(world, platform, tmp_path):
    login = platform.client().verify_app_code("GOVAPP:zhangwei").value
    citizen = Citizen(login["citizen_token"], login["citizen"]["citizen_ref"], "张伟")
    world.flow._citizen = lambda: citizen
    world.flow._client = platform.client()
    world.flow.start(guide(SSCARD))
    world.flow.choose_situation("本人办理")
    fill_sscard(world.flow)
    assert world.flow.save_draft() and world.flow.message_key == "forms.draft.saved"
    other = build_form_world(platform, tmp_path / "other")
    try:
        other.flow._citizen, other.flow._client = (lambda: citizen), platform.client()
        other.flow.start(guide(SSCARD))
        assert other.flow.resume_draft()
        assert other.flow.answers["mailing_address"] == ["北京市", "北京市", "朝阳区", "建国路1号"]
        assert other.flow.answers["reason"] == "lost"
    finally:
        other.stop()


def test_progress_is_found_from_the_code_on_the_notice(world, platform):
    flow = sscard_application_under_review(world)
    flow.submit()
    qr = next(item.payload for item in world.pages()[-1].items if isinstance(item, QrImage))
    lookup = ProgressLookup(platform.client(), SETTINGS.progress_url)
    assert lookup.look_up(qr) is ProgressStep.FOUND
    assert lookup.application["status"] == "accepted"
    assert lookup.values["receipt_no"] == flow.answer["receipt_no"]
    assert lookup.look_up(flow.answer["receipt_no"]) is ProgressStep.FOUND  # typed
    assert lookup.look_up(qr + "\n") is ProgressStep.INVALID
    assert lookup.look_up("https://evil.example/p/" + flow.answer["receipt_no"]) \
        is ProgressStep.INVALID
    assert lookup.look_up("SQ99999999") is ProgressStep.NOT_FOUND


def test_paper_out_keeps_the_application_and_the_notice_can_be_reprinted(world):
    flow = sscard_application_under_review(world)
    world.rig.sim.control("paper_out")
    assert flow.submit() is FormStep.DONE and not flow.printed
    assert world.applications()[-1][0] == flow.answer["receipt_no"]  # submitted all the same
    assert world.pages() == []
    world.rig.sim.control("paper_ok")
    assert world.printing.reprint() is PrintState.DONE
    assert "受理通知书" in world.printed_text() and flow.answer["receipt_no"] in world.printed_text()
