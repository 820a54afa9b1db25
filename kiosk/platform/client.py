"""The platform client: signed requests, timeouts, bounded retries, validated answers.

Every method returns ``Ok(body)`` or ``Err(PlatformError)``; nothing raises for a network or
platform failure. Only idempotent calls are retried (GET, PUT, and POSTs carrying an
``Idempotency-Key``), with exponential backoff and jitter and a fresh signature each time.
A response that does not match ``openapi.yaml`` is an :class:`InvalidResponse`, never a crash.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from kiosk.platform import contract
from kiosk.platform.auth import TerminalAuth
from kiosk.platform.errors import (
    InvalidResponse,
    Offline,
    PlatformError,
    Reason,
    Rejected,
    ServerError,
)
from kiosk.result import Err, Ok, Result

log = logging.getLogger(__name__)
Body = dict[str, Any]


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any
    headers: Mapping[str, str]


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class PlatformClient:
    """Speaks the contract in ``openapi.yaml`` to ``base_url`` as one terminal."""

    def __init__(
        self,
        base_url: str,
        auth: TerminalAuth,
        *,
        connect_timeout_s: float = 3.0,
        read_timeout_s: float = 10.0,
        verify: bool | Path = True,
        max_attempts: int = 3,
        backoff_s: float = 0.25,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._auth = auth
        self._timeout = (connect_timeout_s, read_timeout_s)
        self._verify: bool | str = str(verify) if isinstance(verify, Path) else verify
        self._max_attempts = max_attempts
        self._backoff_s = backoff_s
        self._sleep = sleep
        self._local = threading.local()

    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            session = requests.Session()
            session.auth = self._auth
            self._local.session = session
        return self._local.session

    def call(
        self,
        operation_id: str,
        *,
        path: Mapping[str, str] | None = None,
        query: Mapping[str, Any] | None = None,
        json_body: Any = None,
        data: bytes | None = None,
        content_type: str | None = None,
        idempotency_key: str | None = None,
        citizen_token: str | None = None,
        staff_token: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Result[Reply, PlatformError]:
        """Perform one operation of the contract; retries only when it is safe."""
        op = contract.operations()[operation_id]
        sent_headers = {"Accept": "application/json", **(headers or {})}
        if idempotency_key:
            sent_headers["Idempotency-Key"] = idempotency_key
        if citizen_token:
            sent_headers["X-Citizen-Token"] = citizen_token
        if staff_token:
            sent_headers["X-Staff-Token"] = staff_token
        body = data
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False).encode()
            content_type = "application/json"
        if content_type:
            sent_headers["Content-Type"] = content_type
        url = self.base_url + op.url_path(**(path or {}))
        retryable = op.method in ("GET", "PUT") or idempotency_key is not None
        attempts = self._max_attempts if retryable else 1
        for attempt in range(attempts):
            result = self._once(op, url, query, body, sent_headers)
            transient = isinstance(result, Err) and isinstance(result.error, (Offline, ServerError))
            if not transient or attempt == attempts - 1:
                return result
            delay = min(5.0, self._backoff_s * 2**attempt) * random.uniform(0.5, 1.5)
            log.info("platform call retried", extra={"operation": operation_id, "delay_s": delay})
            self._sleep(delay)
        raise AssertionError("unreachable")

    def _once(
        self, op: contract.Operation, url: str, query: Mapping[str, Any] | None,
        body: bytes | None, headers: Mapping[str, str],
    ) -> Result[Reply, PlatformError]:
        try:
            response = self._session().request(
                op.method, url, params=query, data=body, headers=headers, timeout=self._timeout,
                verify=self._verify,  # per request: a session's verify loses to REQUESTS_CA_BUNDLE
                allow_redirects=False,  # signed requests go to the platform only; 3xx is invalid
            )
            content = response.content  # reading may fail on a connection cut mid-body
        except requests.exceptions.SSLError as exc:
            return Err(Offline(f"TLS: {type(exc).__name__}"))
        except requests.exceptions.RequestException as exc:
            return Err(Offline(type(exc).__name__))
        status = response.status_code
        if status == 304 or not content:
            parsed: Any = None
        else:
            try:
                parsed = json.loads(content)
            except (ValueError, UnicodeDecodeError):
                return Err(InvalidResponse(f"{op.operation_id}: {status} body is not JSON"))
        if status >= 500:
            return Err(ServerError(status))
        if problems := contract.response_errors(op, status, parsed):
            log.warning("platform answer breaks the contract",
                        extra={"operation": op.operation_id, "status": status,
                               "problems": problems[:3]})
            return Err(InvalidResponse(f"{op.operation_id}: {status}: {problems[0]}"))
        if status >= 400:
            reasons = tuple(
                Reason(r["code"], r.get("field"), r.get("message"))
                for r in parsed.get("reasons", [])
            )
            return Err(Rejected(status, parsed["error"], reasons))
        return Ok(Reply(status, parsed, response.headers))

    def _body(self, operation_id: str, **kwargs: Any) -> Result[Any, PlatformError]:
        result = self.call(operation_id, **kwargs)
        return Ok(result.value.body) if isinstance(result, Ok) else result

    # --- catalogue -------------------------------------------------------------------------
    def health(self) -> Result[Body, PlatformError]:
        return self._body("health")

    def catalogue_manifest(self, if_none_match: int | None = None) -> Result[Body | None, PlatformError]:
        """The signed manifest, or ``Ok(None)`` when the platform still has version ``if_none_match``."""
        headers = {"If-None-Match": f'"{if_none_match}"'} if if_none_match else None
        return self._body("getCatalogueManifest", headers=headers)

    def catalogue_full(self, version: int | None = None) -> Result[Body, PlatformError]:
        return self._body("getCatalogueFull", query={"version": version} if version else None)

    def catalogue_delta(self, since: int) -> Result[Body, PlatformError]:
        """Changes since ``since``; ``Rejected(410)`` means fall back to the full download."""
        return self._body("getCatalogueDelta", query={"since": since})

    def catalogue_item(self, code: str) -> Result[Body, PlatformError]:
        return self._body("getCatalogueItem", path={"code": code})

    # --- login and identity ------------------------------------------------------------------
    def create_login_session(self) -> Result[Body, PlatformError]:
        return self._body("createLoginSession")

    def login_session(self, session_id: str, wait_s: int = 0) -> Result[Body, PlatformError]:
        """Poll; with ``wait_s`` the platform answers as soon as the state changes (long poll)."""
        query = {"wait": wait_s} if wait_s else None
        return self._body("getLoginSession", path={"session_id": session_id}, query=query)

    def confirm_login_session(self, session_id: str, app_user: str) -> Result[Body, PlatformError]:
        return self._body("confirmLoginSession", path={"session_id": session_id},
                          json_body={"app_user": app_user})

    def cancel_login_session(self, session_id: str) -> Result[Body, PlatformError]:
        return self._body("cancelLoginSession", path={"session_id": session_id})

    def verify_app_code(self, code: str) -> Result[Body, PlatformError]:
        return self._body("verifyAppCode", json_body={"code": code})

    def verify_identity(self, source: str, id_number: str, name: str) -> Result[Body, PlatformError]:
        return self._body("verifyIdentity",
                          json_body={"source": source, "id_number": id_number, "name": name})

    # --- applications ----------------------------------------------------------------------
    def upload_material(self, material_id: str, image: bytes,
                        content_type: str) -> Result[Body, PlatformError]:
        """Store an image under ``material_id``, chosen by the kiosk (``new_idempotency_key()``)."""
        return self._body("uploadMaterial", path={"material_id": material_id}, data=image,
                          content_type=content_type)

    def submit_application(self, request: Body, idempotency_key: str,
                           citizen_token: str | None = None) -> Result[Body, PlatformError]:
        return self._body("submitApplication", json_body=request,
                          idempotency_key=idempotency_key, citizen_token=citizen_token)

    def application(self, receipt_no: str) -> Result[Body, PlatformError]:
        return self._body("getApplication", path={"receipt_no": receipt_no})

    def draft(self, item_code: str, citizen_token: str) -> Result[Body, PlatformError]:
        return self._body("getDraft", path={"item_code": item_code}, citizen_token=citizen_token)

    def save_draft(self, item_code: str, draft: Body, citizen_token: str) -> Result[Body, PlatformError]:
        return self._body("saveDraft", path={"item_code": item_code}, json_body=draft,
                          citizen_token=citizen_token)

    # --- appointments and queue ----------------------------------------------------------------
    def slots(self, item_code: str, date_from: str | None = None,
              days: int | None = None) -> Result[Body, PlatformError]:
        query = {"item_code": item_code, "date_from": date_from, "days": days}
        return self._body("listSlots", query={k: v for k, v in query.items() if v is not None})

    def appointments(self, citizen_token: str) -> Result[Body, PlatformError]:
        return self._body("listAppointments", citizen_token=citizen_token)

    def book_appointment(self, slot_id: str, item_code: str, citizen_token: str,
                         idempotency_key: str) -> Result[Body, PlatformError]:
        return self._body("bookAppointment", json_body={"slot_id": slot_id, "item_code": item_code},
                          citizen_token=citizen_token, idempotency_key=idempotency_key)

    def cancel_appointment(self, booking_no: str, citizen_token: str,
                           idempotency_key: str) -> Result[Body, PlatformError]:
        return self._body("cancelAppointment", path={"booking_no": booking_no},
                          citizen_token=citizen_token, idempotency_key=idempotency_key)

    def check_in(self, booking_no: str, idempotency_key: str) -> Result[Body, PlatformError]:
        return self._body("checkInAppointment", path={"booking_no": booking_no},
                          idempotency_key=idempotency_key)

    def queue_categories(self) -> Result[Body, PlatformError]:
        return self._body("listQueueCategories")

    def take_ticket(self, category_id: str, idempotency_key: str,
                    priority_group: str | None = None) -> Result[Body, PlatformError]:
        request = {"category_id": category_id}
        if priority_group:
            request["priority_group"] = priority_group
        return self._body("takeTicket", json_body=request, idempotency_key=idempotency_key)

    def ticket(self, ticket_no: str) -> Result[Body, PlatformError]:
        return self._body("getTicket", path={"ticket_no": ticket_no})

    # --- pickup ------------------------------------------------------------------------------
    def lookup_pickup(self, by: str, value: str,
                      id_number: str | None = None) -> Result[Body, PlatformError]:
        request = {"by": by, "value": value}
        if id_number:
            request["id_number"] = id_number
        return self._body("lookupPickup", json_body=request)

    def mark_collected(self, order_id: str, compartment: str, opened_at: str,
                       idempotency_key: str) -> Result[Body, PlatformError]:
        return self._body("markCollected", path={"order_id": order_id},
                          json_body={"compartment": compartment, "opened_at": opened_at},
                          idempotency_key=idempotency_key)

    def staff_login(self, staff_no: str, pin: str) -> Result[Body, PlatformError]:
        return self._body("staffLogin", json_body={"staff_no": staff_no, "pin": pin})

    def deposits(self, staff_token: str) -> Result[Body, PlatformError]:
        return self._body("listDeposits", staff_token=staff_token)

    def deposit(self, order_id: str, compartment: str, staff_token: str,
                idempotency_key: str) -> Result[Body, PlatformError]:
        return self._body("depositOrder", path={"order_id": order_id},
                          json_body={"compartment": compartment}, staff_token=staff_token,
                          idempotency_key=idempotency_key)

    # --- evaluation and complaints --------------------------------------------------------------
    def evaluation_reasons(self) -> Result[Body, PlatformError]:
        return self._body("listEvaluationReasons")

    def submit_evaluation(self, request: Body, idempotency_key: str,
                          citizen_token: str | None = None) -> Result[Body, PlatformError]:
        return self._body("submitEvaluation", json_body=request, idempotency_key=idempotency_key,
                          citizen_token=citizen_token)

    def submit_complaint(self, request: Body, idempotency_key: str) -> Result[Body, PlatformError]:
        return self._body("submitComplaint", json_body=request, idempotency_key=idempotency_key)
