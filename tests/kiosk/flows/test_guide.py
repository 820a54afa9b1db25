"""The guide journey end to end: type initials on the keyboard, open a guide, print it."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.events import EventBus, SessionEnded
from kiosk.flows.guide import BrowseKind, GuideFlow, GuideState
from kiosk.flows.printing import PrintingFlow
from offline_cache.catalogue import CatalogueStore
from offline_cache.catalogue_sync import CatalogueUpdater
from tests.kiosk.guides.demo import PINNED_KEY, demo_items, installed_store, signed_file
from tests.peripherals.printer.harness import start_rig


@pytest.fixture
def rig():
    rig = start_rig()
    yield rig
    rig.stop()


def _flow(bus=None, printer=None):
    bus = bus or EventBus()
    updater = installed_store(bus=bus)
    flow = GuideFlow(
        updater.store, bus, "示范区政务服务中心", printer, now=lambda: datetime(2026, 11, 25, 3, 10)
    )
    return flow, updater


def test_initials_typed_on_the_keyboard_find_the_item_as_you_type():
    flow, _ = _flow()
    states = []
    flow.on_change(lambda f: states.append(f.results[0].name_zh if f.results else None))
    for key in "jzz":
        flow.press_key(key)
    assert flow.state is GuideState.SEARCH and flow.results[0].name_zh == "居住证申领"
    assert len(states) == 3 and all(states)
    flow.press_key("back")
    assert flow.query == "jz"
    flow.press_key("clear")
    assert flow.results == []
    with pytest.raises(ValueError):
        flow.press_key("社")


def test_typed_guide_is_printed_and_decodes_to_its_text(rig):
    printing = PrintingFlow(rig.printer, rig.bus, "zh_CN", "010-12345678")
    flow, _ = _flow(rig.bus, printing.print_document)
    for key in "sbk":
        flow.press_key(key)
    flow.open(flow.results[0].code)
    assert flow.state is GuideState.DETAIL and flow.guide.name == "社会保障卡申领"
    assert flow.print_guide() is GuideState.PRINTED
    [page] = rig.sim.pages
    text = "".join(line.strip() for line in page.text().splitlines())  # undo line wrapping
    for expected in (
        "办事指南",
        "社会保障卡申领",
        "居民身份证（原件，1份）",
        "承诺10个工作日（法定20个工作日）",
        "不收费",
        "二楼A区1—10号窗口",
        "[QR https://zwfw.example.gov.cn/guide/",
        "2026-11-25 03:10",
        "办理时间：周一至周五",
        "结果送达：窗口领取或免费邮寄送达",
        "咨询途径：咨询电话010-67890400，监督电话12345",
        "目录版本1（2026-11-25发布）",
    ):
        assert expected in text, expected


def test_printer_failure_is_reported_and_the_guide_stays_open(rig):
    printing = PrintingFlow(rig.printer, rig.bus, "zh_CN", "010-12345678")
    flow, _ = _flow(rig.bus, printing.print_document)
    rig.sim.control("paper_out_after 3")
    flow.set_query("居住证")
    flow.open(flow.results[0].code)
    assert flow.print_guide() is GuideState.PRINT_FAILED
    assert flow.guide.name == "居住证申领"


def test_without_a_printer_printing_fails_honestly():
    flow, _ = _flow()
    flow.set_query("护照")
    flow.open(flow.results[0].code)
    assert not flow.can_print()
    assert flow.print_guide() is GuideState.PRINT_FAILED


def test_browse_by_life_event_then_back():
    flow, _ = _flow()
    flow.browse(BrowseKind.LIFE_EVENTS)
    assert "结婚一件事" in [g.key for g in flow.groups]
    flow.open_group("新生儿出生一件事")
    names = [h.name_zh for h in flow.results]
    assert "出生登记" in names and "新生儿参保登记" in names
    flow.open(flow.results[0].code)
    flow.back()
    assert flow.state is GuideState.BROWSE and flow.results
    flow.back()
    assert flow.state is GuideState.SEARCH


def test_opened_items_rank_higher_next_time():
    flow, updater = _flow()
    rare = next(i["code"] for i in demo_items() if i["name"] == "普通护照补发")
    for _ in range(60):
        flow.open(rare)
    updater.import_file(signed_file(demo_items(), 2))  # a new index is built after a switch
    flow.set_query("护照")
    assert flow.results[0].name_zh == "普通护照补发"


def test_session_end_clears_the_search_and_footer_shows_the_update():
    bus = EventBus()
    flow, _ = _flow(bus)
    flow.set_query("结婚")
    flow.open(flow.results[0].code)
    bus.publish(SessionEnded("s1", "idle"))
    assert flow.state is GuideState.SEARCH and flow.query == "" and flow.guide is None
    assert "（版本1）" in flow.updated_text("zh_CN")


def test_terminal_without_catalogue_says_so():
    flow = GuideFlow(CatalogueStore(":memory:"), EventBus(), "示范区政务服务中心")
    assert flow.state is GuideState.UNAVAILABLE
    assert "暂无办事指南" in flow.updated_text("zh_CN")
    flow.set_query("sbk")
    assert flow.results == []


def test_a_new_catalogue_arriving_while_typing_keeps_the_query():
    flow, updater = _flow()
    for key in "jzz":
        flow.press_key(key)
    items = demo_items()
    items[0]["hours"] = "全天"
    assert updater.import_file(signed_file(items, 2)).ok
    assert flow.query == "jzz" and flow.results[0].name_zh == "居住证申领"


def test_first_catalogue_opens_the_search():
    bus = EventBus()
    updater = CatalogueUpdater(CatalogueStore(":memory:"), PINNED_KEY, bus)
    flow = GuideFlow(updater.store, bus, "示范区政务服务中心")
    assert flow.state is GuideState.UNAVAILABLE
    assert updater.install_bundled().ok
    assert flow.state is GuideState.SEARCH
