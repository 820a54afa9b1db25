"""Operations: health, catalogue, login and identity, materials, applications and drafts."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.forms.model import bundled_forms
from kiosk.forms.validate import form_problems
from platform_sim import catalogue
from platform_sim.context import Ctx, Problem, iso, new_id, operation
from platform_sim.store import dumps, next_number, valid_id_number

LOGIN_SESSION_S = 120
MAX_MATERIAL_BYTES = 10 * 1024 * 1024
_IMAGE_MAGIC = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}


@operation("health")
def health(ctx: Ctx) -> tuple[int, Any]:
    return 200, {"status": "ok", "time": iso(ctx.now())}


def _current(ctx: Ctx) -> int:
    version = catalogue.current_version(ctx.db)
    if version is None:
        raise Problem(404, "no_catalogue", "nothing published yet")
    return version


@operation("getCatalogueManifest")
def manifest(ctx: Ctx) -> tuple[int, Any]:
    version = _current(ctx)
    ctx.extra["headers"] = {"ETag": f'"{version}"'}
    if ctx.params.get("If-None-Match", "").strip('W/"') == str(version):
        return 304, None
    return 200, catalogue.manifest(ctx.db, version)


@operation("getCatalogueFull")
def full(ctx: Ctx) -> tuple[int, Any]:
    version = ctx.params.get("version") or _current(ctx)
    found = catalogue.manifest(ctx.db, version)
    if found is None:
        raise Problem(404, "unknown_version", f"no catalogue version {version}")
    return 200, {"manifest": found, "items": catalogue.items(ctx.db, version)}


@operation("getCatalogueDelta")
def delta(ctx: Ctx) -> tuple[int, Any]:
    version, since = _current(ctx), ctx.params["since"]
    if catalogue.manifest(ctx.db, since) is None or since > version:
        raise Problem(410, "version_gone", f"version {since} not kept; download the full one")
    changed, removed = catalogue.delta(ctx.db, since, version)
    return 200, {"since": since, "manifest": catalogue.manifest(ctx.db, version),
                 "changed": changed, "removed": removed}


@operation("getCatalogueItem")
def item(ctx: Ctx) -> tuple[int, Any]:
    row = ctx.db.execute("SELECT body FROM catalogue_items WHERE version = ? AND code = ?",
                         (_current(ctx), ctx.params["code"])).fetchone()
    if row is None:
        raise Problem(404, "unknown_item", "no such item in the current catalogue")
    return 200, json.loads(row[0])


def _citizen_login(ctx: Ctx, citizen: Any) -> dict[str, Any]:
    token, expires = ctx.issue_token("citizen", citizen["citizen_ref"])
    number = citizen["id_number"]
    person = {"citizen_ref": citizen["citizen_ref"], "name": citizen["name"],
              "id_number": number, "id_number_masked": number[:4] + "*" * 10 + number[-4:]}
    if citizen["phone"]:
        person["phone"] = citizen["phone"]
    return {"citizen": person, "citizen_token": token, "expires_at": expires}


def _session(ctx: Ctx) -> dict[str, Any]:
    row = ctx.db.execute("SELECT * FROM login_sessions WHERE session_id = ? AND terminal_id = ?",
                         (ctx.params["session_id"], ctx.terminal_id)).fetchone()
    if row is None:
        raise Problem(404, "unknown_session", "no such login session for this terminal")
    state = row["state"]
    if state == "pending" and row["expires_at"] < ctx.now().timestamp():
        state = "expired"
        ctx.db.execute("UPDATE login_sessions SET state = ? WHERE session_id = ?",
                       (state, row["session_id"]))
    session = {"session_id": row["session_id"], "state": state, "qr_payload": row["qr_payload"],
               "expires_at": iso(datetime.fromtimestamp(row["expires_at"], UTC))}
    if state == "confirmed":
        citizen = ctx.db.execute("SELECT * FROM citizens WHERE citizen_ref = ?",
                                 (row["citizen_ref"],)).fetchone()
        login = _citizen_login(ctx, citizen)
        session["login"] = login
    return session


@operation("createLoginSession")
def create_login_session(ctx: Ctx) -> tuple[int, Any]:
    session_id = secrets.token_urlsafe(12)
    expires = ctx.now() + timedelta(seconds=LOGIN_SESSION_S)
    text = f"govlogin:1:{ctx.terminal_id}:{session_id}:{secrets.token_hex(8)}:{int(expires.timestamp())}"
    signature = base64.urlsafe_b64encode(ctx.signing_key.sign(text.encode())).decode()
    ctx.db.execute("INSERT INTO login_sessions VALUES (?,?,?,?,?,NULL,NULL)",
                   (session_id, ctx.terminal_id, "pending", f"{text}:{signature}",
                    expires.timestamp()))
    ctx.params["session_id"] = session_id
    return 201, _session(ctx)


@operation("getLoginSession")
def get_login_session(ctx: Ctx) -> tuple[int, Any]:
    return 200, _session(ctx)


@operation("confirmLoginSession")
def confirm_login_session(ctx: Ctx) -> tuple[int, Any]:
    session = _session(ctx)
    if session["state"] != "pending":
        raise Problem(409, "session_expired" if session["state"] == "expired" else "session_final",
                      f"session is {session['state']}")
    citizen = ctx.db.execute("SELECT * FROM citizens WHERE app_user = ?",
                             (ctx.body["app_user"],)).fetchone()
    if citizen is None:
        raise Problem(404, "unknown_app_user", "no such government-app account")
    ctx.db.execute("UPDATE login_sessions SET state = 'confirmed', citizen_ref = ? "
                   "WHERE session_id = ?", (citizen["citizen_ref"], session["session_id"]))
    return 200, _session(ctx)


@operation("cancelLoginSession")
def cancel_login_session(ctx: Ctx) -> tuple[int, Any]:
    if _session(ctx)["state"] == "pending":
        ctx.db.execute("UPDATE login_sessions SET state = 'cancelled' WHERE session_id = ?",
                       (ctx.params["session_id"],))
    return 200, _session(ctx)


@operation("verifyAppCode")
def verify_app_code(ctx: Ctx) -> tuple[int, Any]:
    """Demo app codes look like ``GOVAPP:<app user>``."""
    prefix, _, app_user = ctx.body["code"].partition(":")
    citizen = ctx.db.execute("SELECT * FROM citizens WHERE app_user = ?", (app_user,)).fetchone()
    if prefix != "GOVAPP" or citizen is None:
        raise Problem(422, "invalid_code", "not a valid government-app code")
    return 200, _citizen_login(ctx, citizen)


@operation("verifyIdentity")
def verify_identity(ctx: Ctx) -> tuple[int, Any]:
    """The demo register knows the demo citizens and accepts any other well-formed number."""
    number, name = ctx.body["id_number"], ctx.body["name"]
    if not valid_id_number(number):
        raise Problem(422, "identity_not_verified", "ID number check digit is wrong")
    citizen = ctx.db.execute("SELECT * FROM citizens WHERE id_number = ?", (number,)).fetchone()
    if citizen is None:
        ref = new_id("C")
        ctx.db.execute("INSERT INTO citizens VALUES (?,?,?,NULL,NULL)", (ref, number, name))
        citizen = ctx.db.execute("SELECT * FROM citizens WHERE citizen_ref = ?", (ref,)).fetchone()
    elif citizen["name"] != name:
        raise Problem(422, "identity_mismatch", "name does not match the register")
    return 200, _citizen_login(ctx, citizen)


@operation("uploadMaterial")
def upload_material(ctx: Ctx) -> tuple[int, Any]:
    data: bytes = ctx.body
    if len(data) > MAX_MATERIAL_BYTES:
        raise Problem(413, "too_large", f"at most {MAX_MATERIAL_BYTES} bytes")
    if not data.startswith(_IMAGE_MAGIC[ctx.content_type]):
        raise Problem(422, "not_an_image", f"body is not {ctx.content_type}")
    material = {"material_id": ctx.params["material_id"],
                "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
                "content_type": ctx.content_type}
    stored = ctx.db.execute("SELECT sha256 FROM materials WHERE material_id = ?",
                            (material["material_id"],)).fetchone()
    if stored:
        if stored[0] != material["sha256"]:
            raise Problem(409, "material_id_reused", "that id holds another image")
        return 200, material
    ctx.db.execute("INSERT INTO materials VALUES (?,?,?,?,?,?)",
                   (material["material_id"], ctx.terminal_id, material["sha256"], len(data),
                    ctx.content_type, data))
    return 201, material


def _required_materials(item_body: str) -> list[str]:
    materials = json.loads(item_body).get("materials", [])
    return [m["name"] for m in materials
            if isinstance(m, dict) and m.get("required") and isinstance(m.get("name"), str)]


@operation("submitApplication")
def submit_application(ctx: Ctx) -> tuple[int, Any]:
    request = ctx.body
    row = ctx.db.execute("SELECT body FROM catalogue_items WHERE version = ? AND code = ?",
                         (catalogue.current_version(ctx.db), request["item_code"])).fetchone()
    reasons = []
    if row is None:
        reasons.append({"code": "unknown_item", "field": "item_code"})
    for material_id in request.get("materials", []):
        if not ctx.db.execute("SELECT 1 FROM materials WHERE material_id = ?",
                              (material_id,)).fetchone():
            reasons.append({"code": "unknown_material", "field": "materials",
                            "message": material_id})
    spec = bundled_forms().get(request["item_code"])
    if spec is not None:  # the kiosk validated it; the platform checks again
        reasons += [{"code": "invalid_field", "field": p.field, "message": p.code}
                    for p in form_problems(spec, request.get("situation", ""), request["form"],
                                           ctx.now().date())]
    if reasons:
        raise Problem(422, reasons[0]["code"], "application refused", reasons)
    missing = request.get("missing_materials") or (
        [] if request.get("materials") or request.get("deficiency_commitment")
        else _required_materials(row[0]))
    now = ctx.now()
    receipt_no = f"SQ{now:%Y%m%d}{next_number(ctx.db, 'application'):08d}"
    complete = spec is not None and not request.get("deficiency_commitment")
    status = "need_more" if missing else "accepted" if complete else "received"
    history = [{"status": status, "at": iso(now)}]
    citizen = ctx.citizen_if_any()
    ctx.db.execute("INSERT INTO applications VALUES (?,?,?,?,?,?,?,?,?)",
                   (receipt_no, ctx.terminal_id, request["item_code"],
                    citizen["citizen_ref"] if citizen else None, dumps(request), status,
                    iso(now), dumps(missing), dumps(history)))
    return 201, _application(ctx, receipt_no)


def _application(ctx: Ctx, receipt_no: str) -> dict[str, Any]:
    row = ctx.db.execute("SELECT * FROM applications WHERE receipt_no = ?",
                         (receipt_no,)).fetchone()
    if row is None:
        raise Problem(404, "unknown_application", "no application with that receipt number")
    return {"receipt_no": row["receipt_no"], "item_code": row["item_code"],
            "status": row["status"], "submitted_at": row["submitted_at"],
            "missing_materials": json.loads(row["missing"]),
            "history": json.loads(row["history"])}


@operation("getApplication")
def get_application(ctx: Ctx) -> tuple[int, Any]:
    return 200, _application(ctx, ctx.params["receipt_no"])


@operation("getDraft")
def get_draft(ctx: Ctx) -> tuple[int, Any]:
    row = ctx.db.execute("SELECT body FROM drafts WHERE citizen_ref = ? AND item_code = ?",
                         (ctx.citizen()["citizen_ref"], ctx.params["item_code"])).fetchone()
    if row is None:
        raise Problem(404, "no_draft", "no draft saved for this item")
    return 200, json.loads(row[0])


@operation("saveDraft")
def save_draft(ctx: Ctx) -> tuple[int, Any]:
    draft = {**ctx.body, "item_code": ctx.params["item_code"], "saved_at": iso(ctx.now())}
    ctx.db.execute("INSERT OR REPLACE INTO drafts VALUES (?,?,?)",
                   (ctx.citizen()["citizen_ref"], ctx.params["item_code"], dumps(draft)))
    return 200, draft
