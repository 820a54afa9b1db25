"""The client against the reference server over real HTTP, operation by operation."""

from __future__ import annotations

import base64
import threading
import time
from datetime import UTC, datetime, timedelta

from kiosk.config import DEMO_CONFIG
from kiosk.platform import contract
from kiosk.platform.catalogue import items_not_matching, manifest_is_authentic
from kiosk.platform.client import new_idempotency_key as new_key
from kiosk.platform.errors import Rejected
from kiosk.result import Err, Ok
from platform_sim.context import HANDLERS
from platform_sim.store import demo_id_number

ITEM = "11010500100001"


def demo_public_key() -> bytes:
    import tomllib

    config = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    return base64.b64decode(config["catalogue"]["public_key"])


def ok(result):
    assert isinstance(result, Ok), result
    return result.value


def rejected(result, status: int, error: str) -> Rejected:
    assert isinstance(result, Err) and isinstance(result.error, Rejected), result
    assert (result.error.status, result.error.error) == (status, error)
    return result.error


def login(client, app_user: str = "zhangwei") -> str:
    return ok(client.verify_app_code(f"GOVAPP:{app_user}"))["citizen_token"]


def test_the_server_implements_every_operation_of_the_contract():
    assert set(HANDLERS) == set(contract.operations())


def test_catalogue_manifest_is_signed_with_the_pinned_key_and_items_match_it(sim):
    client = sim.client()
    full = ok(client.catalogue_full())
    manifest = full["manifest"]
    assert manifest_is_authentic(manifest, demo_public_key())
    assert items_not_matching(manifest, full["items"]) == []
    assert len(full["items"]) == len(manifest["items"]) >= 5
    forged = {**manifest, "version": manifest["version"] + 1}
    assert not manifest_is_authentic(forged, demo_public_key())
    tampered = [{**full["items"][0], "fee": "100元"}] + full["items"][1:]
    assert items_not_matching(manifest, tampered) == [full["items"][0]["code"]]
    assert ok(client.catalogue_item(ITEM)) == next(i for i in full["items"] if i["code"] == ITEM)
    rejected(client.catalogue_item("NOSUCHITEM"), 404, "unknown_item")


def test_manifest_download_is_conditional(sim):
    client = sim.client()
    version = ok(client.catalogue_manifest())["version"]
    assert ok(client.catalogue_manifest(if_none_match=version)) is None
    sim.server.publish_catalogue(ok(client.catalogue_full())["items"][:3])
    assert ok(client.catalogue_manifest(if_none_match=version))["version"] == version + 1


def test_delta_holds_only_changed_added_and_removed_items(sim):
    client = sim.client()
    items = ok(client.catalogue_full())["items"]
    changed = {**items[0], "fee": "10元"}
    added = {"code": "NEW-0001", "name": "新事项"}
    version = sim.server.publish_catalogue([changed, *items[2:], added])
    delta = ok(client.catalogue_delta(version - 1))
    assert sorted(i["code"] for i in delta["changed"]) == sorted([changed["code"], "NEW-0001"])
    assert delta["removed"] == [items[1]["code"]]
    assert delta["manifest"]["version"] == version
    assert items_not_matching(delta["manifest"], delta["changed"]) == []
    rejected(client.catalogue_delta(version + 5), 410, "version_gone")
    assert ok(client.catalogue_full(version=1))["manifest"]["version"] == 1


def test_qr_login_long_poll_wakes_when_the_phone_confirms(sim):
    kiosk, phone = sim.client(), sim.client()
    session = ok(kiosk.create_login_session())
    assert session["state"] == "pending" and sim.terminal_id in session["qr_payload"]
    threading.Timer(0.3, phone.confirm_login_session, (session["session_id"], "lina")).start()
    started = time.monotonic()
    answer = ok(kiosk.login_session(session["session_id"], wait_s=10))
    assert time.monotonic() - started < 5
    assert answer["state"] == "confirmed"
    assert answer["login"]["citizen"]["name"] == "李娜"
    assert answer["login"]["citizen"]["id_number_masked"].count("*") == 10


def test_cancelled_and_expired_login_codes_cannot_be_confirmed(sim):
    client = sim.client()
    cancelled = ok(client.create_login_session())["session_id"]
    assert ok(client.cancel_login_session(cancelled))["state"] == "cancelled"
    rejected(client.confirm_login_session(cancelled, "lina"), 409, "session_final")
    expiring = ok(client.create_login_session())["session_id"]
    sim.server.advance_clock(121)
    assert ok(client.login_session(expiring))["state"] == "expired"
    rejected(client.confirm_login_session(expiring, "lina"), 409, "session_expired")


def test_app_code_and_identity_verification(sim):
    client = sim.client()
    assert ok(client.verify_app_code("GOVAPP:wangfang"))["citizen"]["name"] == "王芳"
    rejected(client.verify_app_code("GOVAPP:nobody"), 422, "invalid_code")
    number = demo_id_number(0)
    assert ok(client.verify_identity("id_card", number, "张伟"))["citizen"]["citizen_ref"]
    rejected(client.verify_identity("id_card", number, "李四"), 422, "identity_mismatch")
    wrong_digit = number[:17] + ("0" if number[17] != "0" else "1")
    rejected(client.verify_identity("id_card", wrong_digit, "张伟"), 422, "identity_not_verified")


def test_application_is_received_once_per_idempotency_key(sim):
    client, key = sim.client(), new_key()
    request = {"item_code": ITEM, "form": {"applicant": "张伟"}, "deficiency_commitment": True}
    first = ok(client.submit_application(request, key, citizen_token=login(client)))
    again = ok(client.submit_application(request, key))
    assert again["receipt_no"] == first["receipt_no"] and first["status"] == "received"
    assert sim.rows("SELECT COUNT(*) FROM applications") == [(1,)]
    rejected(client.submit_application({**request, "form": {}}, key), 422,
             "idempotency_key_reused")
    assert ok(client.application(first["receipt_no"]))["item_code"] == ITEM
    rejected(client.application("SQ99999999"), 404, "unknown_application")


def test_application_refusals_and_missing_materials_are_listed_at_once(sim):
    client = sim.client()
    refused = rejected(client.submit_application(
        {"item_code": "NOSUCH", "form": {}, "materials": ["M-000000"]}, new_key()),
        422, "unknown_item")
    assert [r.code for r in refused.reasons] == ["unknown_item", "unknown_material"]
    need_more = ok(client.submit_application({"item_code": ITEM, "form": {}}, new_key()))
    assert need_more["status"] == "need_more" and "居民身份证" in need_more["missing_materials"]
    photo, material_id = b"\xff\xd8\xff\xe0" + bytes(2000), new_key()
    assert ok(client.upload_material(material_id, photo, "image/jpeg"))["size"] == len(photo)
    assert ok(client.upload_material(material_id, photo, "image/jpeg"))["sha256"]  # repeat: fine
    rejected(client.upload_material(material_id, photo + b"x", "image/jpeg"), 409,
             "material_id_reused")
    received = ok(client.submit_application(
        {"item_code": ITEM, "form": {}, "materials": [material_id]}, new_key()))
    assert received["status"] == "received"
    rejected(client.upload_material(new_key(), b"not an image", "image/png"), 422,
             "not_an_image")


def test_a_draft_saved_on_one_kiosk_resumes_on_another(sim):
    token = login(sim.client())
    ok(sim.client().save_draft(ITEM, {"form": {"address": "示范路1号"}}, token))
    assert ok(sim.client().draft(ITEM, token))["form"] == {"address": "示范路1号"}
    rejected(sim.client().draft("11010500100002", token), 404, "no_draft")
    rejected(sim.client().draft(ITEM, "x" * 32), 401, "unauthorized")


def test_booking_until_the_slot_is_taken_then_cancel_and_check_in(sim):
    client = sim.client()
    # a slot days ahead: its cancel deadline is then further away than a login lasts, whatever
    # the time of day the test runs at
    later = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    slot = next(s for s in ok(client.slots(ITEM, days=14))["slots"] if s["date"] > later)
    tokens = [login(client, user) for user in ("zhangwei", "lina", "wangfang")]
    bookings = [ok(client.book_appointment(slot["slot_id"], ITEM, t, new_key())) for t in tokens]
    assert bookings[0]["rules"] and bookings[0]["place"]
    late = ok(client.verify_identity("id_card", "110101199003076632", "赵六"))["citizen_token"]
    rejected(client.book_appointment(slot["slot_id"], ITEM, late, new_key()), 409, "slot_taken")
    assert slot["slot_id"] not in [s["slot_id"] for s in ok(client.slots(ITEM, days=14))["slots"]]
    assert [a["booking_no"] for a in ok(client.appointments(tokens[0]))["appointments"]] == \
        [bookings[0]["booking_no"]]
    rejected(client.cancel_appointment(bookings[0]["booking_no"], tokens[1], new_key()), 404,
             "unknown_booking")  # not someone else's booking
    assert ok(client.cancel_appointment(bookings[0]["booking_no"], tokens[0], new_key())
              )["state"] == "cancelled"
    deadline = datetime.fromisoformat(bookings[1]["cancel_deadline"])
    sim.server.advance_clock((deadline - datetime.now(UTC)).total_seconds() + 60)
    rejected(client.cancel_appointment(bookings[1]["booking_no"], tokens[1], new_key()), 401,
             "unauthorized")  # the login of hours ago has expired
    rejected(client.cancel_appointment(bookings[1]["booking_no"], login(client, "lina"),
                                       new_key()), 409, "cancel_deadline_passed")
    ticket = ok(client.check_in(bookings[1]["booking_no"], new_key()))
    assert ticket["priority_group"] == "booked"


def test_queue_tickets_put_priority_groups_first(sim):
    client = sim.client()
    categories = ok(client.queue_categories())
    assert "elderly" in categories["priority_groups"]
    category = categories["categories"][1]["category_id"]
    normal = ok(client.take_ticket(category, new_key()))
    elderly = ok(client.take_ticket(category, new_key(), priority_group="elderly"))
    assert elderly["ahead"] == 0
    assert ok(client.ticket(normal["ticket_no"]))["ahead"] == 1
    assert ok(client.queue_categories())["categories"][1]["waiting"] == 2
    rejected(client.take_ticket("cat-nosuch", new_key()), 404, "unknown_category")


def test_pickup_code_is_single_use_and_identity_is_checked(sim):
    client = sim.client()
    holder, other = demo_id_number(0), demo_id_number(1)
    [order] = ok(client.lookup_pickup("code", "246810", id_number=holder))["orders"]
    assert order["identity_matches"] and order["compartment"] == "1-3"
    assert not ok(client.lookup_pickup("code", "246810", other))["orders"][0]["identity_matches"]
    assert ok(client.lookup_pickup("qr", "PICKUP:ORD-000001"))["orders"][0]["order_id"] == \
        "ORD-000001"
    assert ok(client.lookup_pickup("identity", holder))["orders"][0]["identity_matches"]
    ok(client.mark_collected("ORD-000001", "1-3", "2026-01-05T08:00:00Z", new_key()))
    rejected(client.lookup_pickup("code", "246810"), 404, "no_order")
    rejected(client.mark_collected("ORD-000001", "1-3", "2026-01-05T08:00:00Z", new_key()), 409,
             "already_collected")


def test_staff_deposit_an_order(sim):
    client = sim.client()
    rejected(client.staff_login("S001", "000000"), 422, "wrong_pin")
    staff = ok(client.staff_login("S001", "123456"))["staff_token"]
    [order] = ok(client.deposits(staff))["orders"]
    deposited = ok(client.deposit(order["order_id"], "4-2", staff, new_key()))
    assert (deposited["state"], deposited["compartment"]) == ("deposited", "4-2")
    assert ok(client.deposits(staff))["orders"] == []
    rejected(client.deposits("y" * 32), 401, "unauthorized")


def test_one_evaluation_per_service_event_and_reasons_for_low_levels(sim):
    client = sim.client()
    codes = [r["code"] for r in ok(client.evaluation_reasons())["reasons"]]
    event = {"service_event_id": "SQ2026010100000001", "anonymous": True}
    rejected(client.submit_evaluation({**event, "level": 1}, new_key()), 422, "reasons_required")
    ok(client.submit_evaluation({**event, "level": 2, "reasons": codes[:2]}, new_key()))
    rejected(client.submit_evaluation({**event, "level": 5}, new_key()), 409, "already_evaluated")


def test_complaint_is_recorded_with_the_hotline(sim):
    complaint = ok(sim.client().submit_complaint(
        {"category": "facilities", "text": "自助机打印机卡纸", "contact": "13800000009"}, new_key()))
    assert complaint["hotline"] == "12345"
    assert sim.rows("SELECT COUNT(*) FROM complaints") == [(1,)]


def test_health_reports_the_platform_clock(sim):
    assert ok(sim.client().health())["status"] == "ok"
