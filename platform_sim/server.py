"""The reference platform's HTTP service: auth, contract validation, idempotency, faults.

Requests are routed by the OpenAPI document itself (``kiosk.platform.contract``): the
operation is found from method and path, parameters and body are checked against its schemas,
then the handler registered for the ``operationId`` runs inside one SQLite transaction together
with the stored idempotent response. ``/_sim/...`` is the loopback-only control surface.
"""

from __future__ import annotations

import hashlib
import json
import logging
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kiosk.platform import auth, contract
from platform_sim import catalogue, ops_citizen, ops_services  # noqa: F401 - registers handlers
from platform_sim.admin import handle_admin
from platform_sim.context import HANDLERS, Ctx, Problem
from platform_sim.faults import Faults
from platform_sim.store import open_store

log = logging.getLogger(__name__)
MAX_BODY = 11 * 1024 * 1024
LONG_POLL = {"getLoginSession": lambda body: body.get("state") != "pending"}


class PlatformServer:
    """One reference platform: a store under ``data_dir`` served on ``host:port`` (0 = any)."""

    def __init__(self, data_dir: Path, *, host: str = "127.0.0.1", port: int = 0,
                 catalogue_source: Path = catalogue.DEMO_CATALOGUE,
                 signing_key: Path = catalogue.DEMO_SIGNING_KEY,
                 terminals: dict[str, bytes] | None = None, faults: Faults | None = None,
                 tls: ssl.SSLContext | None = None) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.db = open_store(data_dir / "platform.sqlite3")
        self.lock = threading.Lock()
        self.signing_key = catalogue.load_signing_key(signing_key)
        self.faults = faults or Faults()
        self.clock_offset_s = 0.0
        self.replays = 0
        """Requests answered from the idempotency store (a repeat of one already done)."""
        for terminal_id, public_key in (terminals or {}).items():
            self.enrol(terminal_id, public_key)
        if catalogue.current_version(self.db) is None:
            catalogue.publish(self.db, catalogue.load_items(catalogue_source), self.signing_key)
        self.httpd = _HTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        if tls:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        self.httpd.platform = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"{self.scheme}://{host}:{port}"

    def enrol(self, terminal_id: str, public_key: bytes) -> None:
        with self.lock:
            self.db.execute("INSERT OR REPLACE INTO terminals VALUES (?, ?)",
                            (terminal_id, public_key))

    def advance_clock(self, seconds: float) -> None:
        """Move the business clock forward (expiry, deadlines); request timestamps are unaffected."""
        self.clock_offset_s += seconds

    def publish_catalogue(self, items: list[dict[str, Any]]) -> int:
        with self.lock:
            return catalogue.publish(self.db, items, self.signing_key)

    def start(self) -> PlatformServer:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="platform-sim",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread:
            self._thread.join()
        self.db.close()

    def run(self, ctx: Ctx, operation_id: str, idempotency_key: str | None,
            request_hash: str) -> tuple[int, Any]:
        """Run one handler in a transaction, honouring the idempotency key."""
        with self.lock:
            db = self.db
            db.execute("BEGIN IMMEDIATE")
            try:
                if idempotency_key:
                    stored = db.execute(
                        "SELECT request_hash, status, body FROM idempotency WHERE terminal_id = ? "
                        "AND key = ?", (ctx.terminal_id, idempotency_key)).fetchone()
                    if stored and stored[0] != request_hash:
                        raise Problem(422, "idempotency_key_reused",
                                      "key already used for a different request")
                    if stored:
                        self.replays += 1
                        db.execute("ROLLBACK")
                        return stored[1], json.loads(stored[2])
                try:
                    status, body = HANDLERS[operation_id](ctx)
                except Problem as problem:
                    db.execute("ROLLBACK")
                    db.execute("BEGIN IMMEDIATE")
                    status, body = problem.status, problem.body
                if idempotency_key:
                    db.execute("INSERT INTO idempotency VALUES (?,?,?,?,?)",
                               (ctx.terminal_id, idempotency_key, request_hash, status,
                                json.dumps(body, ensure_ascii=False)))
                db.execute("COMMIT")
                return status, body
            except Problem as problem:
                db.execute("ROLLBACK")
                return problem.status, problem.body
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def authenticate(self, method: str, target: str, headers: Any, body: bytes) -> str:
        """The terminal id of a correctly signed, fresh, never-seen request; else 401."""
        terminal_id = headers.get(auth.TERMINAL_ID, "")
        timestamp, nonce = headers.get(auth.TIMESTAMP, ""), headers.get(auth.NONCE, "")
        with self.lock:
            row = self.db.execute("SELECT public_key FROM terminals WHERE terminal_id = ?",
                                  (terminal_id,)).fetchone()
        if row is None:
            raise Problem(401, "unknown_terminal", "terminal not enrolled")
        if not (timestamp.isdigit() and abs(time.time() - int(timestamp)) <= auth.MAX_SKEW_S):
            raise Problem(401, "stale_request", "timestamp missing or too far from platform time")
        if not (16 <= len(nonce) <= 64) or not auth.verify_signature(
                row[0], method, target, timestamp, nonce, body, headers.get(auth.SIGNATURE, "")):
            raise Problem(401, "bad_signature", "signature does not verify")
        with self.lock:
            self.db.execute("DELETE FROM nonces WHERE seen_at < ?",
                            (time.time() - 2 * auth.MAX_SKEW_S,))
            seen = self.db.execute("INSERT OR IGNORE INTO nonces VALUES (?,?,?)",
                                   (terminal_id, nonce, time.time())).rowcount == 0
        if seen:
            raise Problem(401, "replayed_request", "nonce already used")
        return terminal_id


def _check_parameters(op: contract.Operation, path_params: dict[str, str],
                      query: dict[str, list[str]], headers: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for param, pointer in contract.parameters(op):
        name, where = param["name"], param["in"]
        raw = {"path": path_params.get(name), "header": headers.get(name),
               "query": (query.get(name) or [None])[0]}[where]
        auth_header = name in ("X-Citizen-Token", "X-Staff-Token")
        if raw is None:
            if param.get("required"):
                raise Problem(401 if auth_header else 400, "unauthorized" if auth_header
                              else "missing_parameter", f"{name} is required")
            continue
        value: Any = raw
        if contract.schema_at(pointer).get("type") == "integer":
            try:
                value = int(raw)
            except ValueError:
                value = raw
        if problems := contract.errors_at(pointer, value):
            status = 404 if where == "path" else 401 if auth_header else 400
            raise Problem(status, "not_found" if status == 404 else "unauthorized"
                          if status == 401 else "bad_parameter", f"{name}: {problems[0]}")
        values[name] = value
    return values


def _check_body(op: contract.Operation, content_type: str, body: bytes) -> Any:
    spec_body = contract.request_body(op)
    if spec_body is None:
        return None
    media = content_type.split(";")[0].strip().lower()
    if media not in spec_body["content"]:
        raise Problem(400, "bad_content_type", f"expected one of {sorted(spec_body['content'])}")
    if media != "application/json":
        if not body:
            raise Problem(400, "empty_body", "a body is required")
        return body
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Problem(400, "bad_json", "body is not JSON") from None
    pointer = f"{op.pointer}/requestBody/content/application~1json/schema"
    if problems := contract.errors_at(pointer, parsed):
        raise Problem(400, "invalid_body", problems[0],
                      [{"code": "invalid", "message": p} for p in problems[:20]])
    return parsed


class _HTTPServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that vanish mid-request (killed kiosks, timeouts) are routine here."""
        log.debug("connection from %s ended abruptly", client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stalls
    server_version = "govkiosk-platform-sim"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def __getattr__(self, name: str) -> Any:
        """Every method reaches ``_handle`` (undeclared ones get 405, not 501)."""
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)

    def _handle(self) -> None:
        platform: PlatformServer = self.server.platform  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True
            return self._send(413, {"error": "too_large", "message": "body too large"})
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        if parts.path.startswith("/_sim/"):
            return self._send(*handle_admin(platform, self.command, parts.path, body))
        faults = platform.faults
        if faults.down:
            self.close_connection = True
            return
        if faults.latency_s:
            time.sleep(faults.latency_s)
        if faults.roll(faults.error_rate):
            return self._send(503, {"error": "unavailable", "message": "injected fault"})
        try:
            status, answer, extra = self._answer(platform, parts, body)
        except Exception:  # a bug in the simulator: answer 500 so tests see it
            log.exception("reference platform failed", extra={"path": parts.path})
            status, answer, extra = 500, {"error": "internal", "message": "simulator bug"}, {}
        if faults.roll(faults.drop_rate):
            self.close_connection = True
            return
        self._send(status, answer, extra, truncate=faults.roll(faults.truncate_rate))

    def _answer(self, platform: PlatformServer, parts: Any,
                body: bytes) -> tuple[int, Any, dict[str, str]]:
        found = contract.match(self.command, parts.path)
        if found is None:
            if allowed := contract.allowed_methods(parts.path):
                return (405, {"error": "method_not_allowed", "message": "not in the contract"},
                        {"Allow": ", ".join(allowed)})
            return 404, {"error": "not_found", "message": "no such operation"}, {}
        op, path_params = found
        try:
            terminal_id = platform.authenticate(self.command, self.path, self.headers, body)
            params = _check_parameters(op, path_params, parse_qs(parts.query, keep_blank_values=True), self.headers)
            parsed = _check_body(op, self.headers.get("Content-Type", ""), body)
        except Problem as problem:
            return problem.status, problem.body, {}
        ctx = Ctx(platform.db, terminal_id, params, parsed,
                  {k.lower(): v for k, v in self.headers.items()}, platform.signing_key,
                  platform.clock_offset_s, self.headers.get("Content-Type", "").split(";")[0])
        key = params.get("Idempotency-Key")
        request_hash = hashlib.sha256(f"{op.operation_id}\n{self.path}\n".encode() + body).hexdigest()
        wait = params.get("wait", 0) if op.operation_id in LONG_POLL else 0
        deadline = time.monotonic() + wait
        while True:
            status, answer = platform.run(ctx, op.operation_id, key, request_hash)
            if status != 200 or time.monotonic() >= deadline or LONG_POLL[op.operation_id](answer):
                return status, answer, ctx.extra.get("headers", {})
            time.sleep(0.2)

    def _send(self, status: int, answer: Any, extra: dict[str, str] | None = None,
              truncate: bool = False) -> None:
        data = b"" if answer is None else json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(status)
        if data:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command == "HEAD":
            return
        if truncate and data:
            self.wfile.write(data[: len(data) // 2])
            self.close_connection = True
        else:
            self.wfile.write(data)
