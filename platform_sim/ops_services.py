"""Operations: appointments, queue tickets, pickup lockers, evaluations (好差评), complaints."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

from platform_sim.context import Ctx, Problem, iso, new_id, operation
from platform_sim.store import dumps, next_number

CENTRE = "示范区政务服务中心"
SLOT_CAPACITY = 3
CANCEL_BEFORE = timedelta(hours=2)
_PERIODS = {"AM": ("morning", "09:00", "12:00"), "PM": ("afternoon", "13:30", "17:00")}
_CST = timezone(timedelta(hours=8))
RULES = ("预约时段开始前2小时可取消；无故爽约3次，30天内不能预约。"
         "Cancel up to 2 hours before the slot; 3 no-shows block booking for 30 days.")
REASONS = (
    ("attitude", "服务态度不好", "Unfriendly service"),
    ("slow", "办理时间太长", "Took too long"),
    ("unclear_guide", "办事指南不清楚", "The guide was unclear"),
    ("repeat_visits", "多次跑腿", "Had to come back several times"),
    ("system_fault", "设备或系统故障", "Device or system fault"),
    ("other", "其他", "Other"),
)


def _slot(ctx: Ctx, slot_id: str) -> dict[str, Any] | None:
    m = re.fullmatch(r"S(\d{8})(AM|PM)", slot_id)
    if not m:
        return None
    try:
        day = datetime.strptime(m[1], "%Y%m%d").date()
    except ValueError:
        return None
    period, start, end = _PERIODS[m[2]]
    booked = ctx.db.execute("SELECT COUNT(*) FROM bookings WHERE slot_id = ? AND state != "
                            "'cancelled'", (slot_id,)).fetchone()[0]
    return {"slot_id": slot_id, "centre": CENTRE, "date": day.isoformat(), "period": period,
            "start": start, "end": end, "capacity_left": max(0, SLOT_CAPACITY - booked)}


def _starts_at(slot: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(f"{slot['date']}T{slot['start']}").replace(tzinfo=_CST)


@operation("listSlots")
def list_slots(ctx: Ctx) -> tuple[int, Any]:
    start = date.fromisoformat(ctx.params.get("date_from") or ctx.now().astimezone(_CST).date()
                               .isoformat())
    slots = []
    for offset in range(ctx.params.get("days") or 7):
        day = start + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for half in _PERIODS:
            slot = _slot(ctx, f"S{day:%Y%m%d}{half}")
            if slot and slot["capacity_left"] and _starts_at(slot) > ctx.now():
                slots.append(slot)
    return 200, {"slots": slots}


def _appointment(ctx: Ctx, booking_no: str, citizen_ref: str | None) -> dict[str, Any]:
    row = ctx.db.execute("SELECT * FROM bookings WHERE booking_no = ?", (booking_no,)).fetchone()
    if row is None or (citizen_ref and row["citizen_ref"] != citizen_ref):
        raise Problem(404, "unknown_booking", "no such booking")
    slot = _slot(ctx, row["slot_id"])
    return {"booking_no": booking_no, "item_code": row["item_code"], "slot": slot,
            "place": f"{CENTRE} 一楼综合窗口", "state": row["state"],
            "cancel_deadline": iso(_starts_at(slot) - CANCEL_BEFORE), "rules": RULES}


@operation("listAppointments")
def list_appointments(ctx: Ctx) -> tuple[int, Any]:
    ref = ctx.citizen()["citizen_ref"]
    rows = ctx.db.execute("SELECT booking_no FROM bookings WHERE citizen_ref = ? AND state = "
                          "'booked' ORDER BY slot_id", (ref,))
    found = [_appointment(ctx, r[0], ref) for r in rows.fetchall()]
    return 200, {"appointments": [a for a in found if _starts_at(a["slot"]) > ctx.now()]}


@operation("bookAppointment")
def book(ctx: Ctx) -> tuple[int, Any]:
    ref = ctx.citizen()["citizen_ref"]
    slot = _slot(ctx, ctx.body["slot_id"])
    if slot is None:
        raise Problem(404, "unknown_slot", "no such slot")
    if _starts_at(slot) <= ctx.now():
        raise Problem(422, "slot_in_past", "that slot has begun")
    if slot["capacity_left"] == 0:
        raise Problem(409, "slot_taken", "the slot filled up meanwhile")
    if ctx.db.execute("SELECT 1 FROM bookings WHERE slot_id = ? AND citizen_ref = ? AND state = "
                      "'booked'", (slot["slot_id"], ref)).fetchone():
        raise Problem(409, "already_booked", "already booked in that slot")
    booking_no = f"YY{ctx.now():%Y%m%d}{next_number(ctx.db, 'booking'):06d}"
    ctx.db.execute("INSERT INTO bookings VALUES (?,?,?,?, 'booked')",
                   (booking_no, slot["slot_id"], ctx.body["item_code"], ref))
    return 201, _appointment(ctx, booking_no, ref)


@operation("cancelAppointment")
def cancel(ctx: Ctx) -> tuple[int, Any]:
    ref = ctx.citizen()["citizen_ref"]
    found = _appointment(ctx, ctx.params["booking_no"], ref)
    if found["state"] != "booked":
        raise Problem(409, "not_booked", f"booking is {found['state']}")
    if ctx.now() > _starts_at(found["slot"]) - CANCEL_BEFORE:
        raise Problem(409, "cancel_deadline_passed", "too late to cancel")
    ctx.db.execute("UPDATE bookings SET state = 'cancelled' WHERE booking_no = ?",
                   (found["booking_no"],))
    return 200, _appointment(ctx, found["booking_no"], ref)


def _ticket(ctx: Ctx, ticket_no: str) -> dict[str, Any]:
    row = ctx.db.execute("SELECT t.*, c.zone FROM tickets t JOIN queue_categories c USING "
                         "(category_id) WHERE ticket_no = ?", (ticket_no,)).fetchone()
    if row is None:
        raise Problem(404, "unknown_ticket", "no such ticket")
    ahead = ctx.db.execute(
        "SELECT COUNT(*) FROM tickets WHERE category_id = ? AND state = 'waiting' AND "
        "((priority_group IS NOT NULL) > (? IS NOT NULL) OR ((priority_group IS NOT NULL) = "
        "(? IS NOT NULL) AND seq < ?))",
        (row["category_id"], row["priority_group"], row["priority_group"], row["seq"]),
    ).fetchone()[0]
    ticket = {"ticket_no": ticket_no, "category_id": row["category_id"], "ahead": ahead,
              "zone": row["zone"], "state": row["state"], "issued_at": row["issued_at"],
              "follow_url": f"https://platform.example.gov.cn/queue/{ticket_no}"}
    if row["priority_group"]:
        ticket["priority_group"] = row["priority_group"]
    return ticket


def _issue_ticket(ctx: Ctx, category_id: str, group: str | None) -> dict[str, Any]:
    category = ctx.db.execute("SELECT * FROM queue_categories WHERE category_id = ?",
                              (category_id,)).fetchone()
    if category is None:
        raise Problem(404, "unknown_category", "no such business category")
    seq = next_number(ctx.db, f"ticket-{category_id}")
    ticket_no = f"{category['letter']}{seq % 1000:03d}"
    ctx.db.execute("INSERT OR REPLACE INTO tickets VALUES (?,?,?, 'waiting', ?, ?)",
                   (ticket_no, category_id, group, iso(ctx.now()), seq))
    return _ticket(ctx, ticket_no)


@operation("checkInAppointment")
def check_in(ctx: Ctx) -> tuple[int, Any]:
    found = _appointment(ctx, ctx.params["booking_no"], None)
    if found["state"] != "booked":
        raise Problem(409, "not_booked", f"booking is {found['state']}")
    if found["slot"]["date"] != ctx.now().astimezone(_CST).date().isoformat():
        raise Problem(409, "not_today", "the booking is for another day")
    ctx.db.execute("UPDATE bookings SET state = 'checked_in' WHERE booking_no = ?",
                   (found["booking_no"],))
    return 201, _issue_ticket(ctx, "cat-general", "booked")


@operation("listQueueCategories")
def categories(ctx: Ctx) -> tuple[int, Any]:
    rows = ctx.db.execute(
        "SELECT c.*, (SELECT COUNT(*) FROM tickets t WHERE t.category_id = c.category_id AND "
        "t.state = 'waiting') AS waiting FROM queue_categories c ORDER BY letter")
    return 200, {"categories": [{k: r[k] for k in ("category_id", "name_zh", "name_en", "waiting")}
                                for r in rows],
                 "priority_groups": ["elderly", "disabled", "military", "booked"]}


@operation("takeTicket")
def take_ticket(ctx: Ctx) -> tuple[int, Any]:
    return 201, _issue_ticket(ctx, ctx.body["category_id"], ctx.body.get("priority_group"))


@operation("getTicket")
def get_ticket(ctx: Ctx) -> tuple[int, Any]:
    return 200, _ticket(ctx, ctx.params["ticket_no"])


def _order(row: Any, id_number: str | None = None) -> dict[str, Any]:
    order = {"order_id": row["order_id"], "title": row["title"], "size": row["size"],
             "state": row["state"], "identity_required": True,
             "service_event_id": f"PK-{row['order_id']}"}
    if row["compartment"]:
        order["compartment"] = row["compartment"]
    if id_number:
        order["identity_matches"] = id_number == row["holder_id_number"]
    return order


@operation("lookupPickup")
def lookup(ctx: Ctx) -> tuple[int, Any]:
    by, value = ctx.body["by"], ctx.body["value"]
    if by == "code":
        rows = ctx.db.execute("SELECT * FROM pickup_orders WHERE code = ? AND state = "
                              "'deposited'", (value,))
    elif by == "qr":
        _, _, order_id = value.partition("PICKUP:")
        rows = ctx.db.execute("SELECT * FROM pickup_orders WHERE order_id = ? AND state = "
                              "'deposited'", (order_id,))
    else:
        rows = ctx.db.execute("SELECT * FROM pickup_orders WHERE holder_id_number = ? AND "
                              "state = 'deposited'", (value,))
    orders = [_order(r, ctx.body.get("id_number") or (value if by == "identity" else None))
              for r in rows.fetchall()]
    if not orders:
        raise Problem(404, "no_order", "no order waiting for that code or person")
    return 200, {"orders": orders}


def _order_row(ctx: Ctx) -> Any:
    row = ctx.db.execute("SELECT * FROM pickup_orders WHERE order_id = ?",
                         (ctx.params["order_id"],)).fetchone()
    if row is None:
        raise Problem(404, "unknown_order", "no such order")
    return row


@operation("markCollected")
def collected(ctx: Ctx) -> tuple[int, Any]:
    row = _order_row(ctx)
    if row["state"] == "collected":
        raise Problem(409, "already_collected", "order already collected")
    if row["state"] != "deposited" or row["compartment"] != ctx.body["compartment"]:
        raise Problem(409, "compartment_mismatch", "order is not in that compartment")
    ctx.db.execute("UPDATE pickup_orders SET state = 'collected', code = NULL WHERE order_id = ?",
                   (row["order_id"],))
    return 200, _order(_order_row(ctx))


@operation("staffLogin")
def staff_login(ctx: Ctx) -> tuple[int, Any]:
    row = ctx.db.execute("SELECT pin FROM staff WHERE staff_no = ?",
                         (ctx.body["staff_no"],)).fetchone()
    if row is None or row["pin"] != ctx.body["pin"]:
        raise Problem(422, "wrong_pin", "staff number or PIN not accepted")
    token, expires = ctx.issue_token("staff", ctx.body["staff_no"], minutes=10)
    return 201, {"staff_token": token, "staff_no": ctx.body["staff_no"], "expires_at": expires}


@operation("listDeposits")
def deposits(ctx: Ctx) -> tuple[int, Any]:
    ctx.staff_no()
    rows = ctx.db.execute("SELECT * FROM pickup_orders WHERE state = 'awaiting_deposit'")
    return 200, {"orders": [_order(r) for r in rows.fetchall()]}


@operation("depositOrder")
def deposit(ctx: Ctx) -> tuple[int, Any]:
    ctx.staff_no()
    row = _order_row(ctx)
    if row["state"] != "awaiting_deposit":
        raise Problem(409, "not_awaiting_deposit", f"order is {row['state']}")
    code = f"{next_number(ctx.db, 'pickup-code') * 7919 % 1000000:06d}"
    ctx.db.execute("UPDATE pickup_orders SET state = 'deposited', compartment = ?, code = ? "
                   "WHERE order_id = ?", (ctx.body["compartment"], code, row["order_id"]))
    return 200, _order(_order_row(ctx))


@operation("listEvaluationReasons")
def reasons(ctx: Ctx) -> tuple[int, Any]:
    return 200, {"reasons": [{"code": c, "zh": zh, "en": en} for c, zh, en in REASONS]}


@operation("submitEvaluation")
def evaluate(ctx: Ctx) -> tuple[int, Any]:
    request = ctx.body
    known = {c for c, _, _ in REASONS}
    problems = [{"code": "unknown_reason", "field": "reasons", "message": r}
                for r in request.get("reasons", []) if r not in known]
    if request["level"] <= 2 and not request.get("reasons"):
        problems.append({"code": "reasons_required", "field": "reasons"})
    if problems:
        raise Problem(422, problems[0]["code"], "evaluation refused", problems)
    if ctx.db.execute("SELECT 1 FROM evaluations WHERE service_event_id = ?",
                      (request["service_event_id"],)).fetchone():
        raise Problem(409, "already_evaluated", "this service event has been evaluated")
    evaluation_id = new_id("EV")
    citizen = ctx.citizen_if_any()
    stored = {**request, "citizen_ref": None if request["anonymous"] else
              (citizen["citizen_ref"] if citizen else request.get("citizen_ref"))}
    ctx.db.execute("INSERT INTO evaluations VALUES (?,?,?,?)",
                   (evaluation_id, request["service_event_id"], request["level"], dumps(stored)))
    return 201, {"evaluation_id": evaluation_id, "service_event_id": request["service_event_id"],
                 "level": request["level"]}


@operation("submitComplaint")
def complain(ctx: Ctx) -> tuple[int, Any]:
    complaint_no = f"TS{ctx.now():%Y%m%d}{next_number(ctx.db, 'complaint'):06d}"
    received = iso(ctx.now())
    ctx.db.execute("INSERT INTO complaints VALUES (?,?,?)",
                   (complaint_no, json.dumps(ctx.body, ensure_ascii=False), received))
    return 201, {"complaint_no": complaint_no, "received_at": received, "hotline": "12345"}
