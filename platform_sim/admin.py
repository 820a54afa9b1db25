"""``/_sim/...``: the simulator's own control surface, outside the contract, loopback only.

- ``GET|POST /_sim/faults``: read or change the fault switches (``Faults`` field names).
- ``POST /_sim/catalogue``: publish ``{"items": [...]}`` as the next catalogue version.
- ``POST /_sim/clock``: ``{"advance_s": N}`` moves the business clock forward.
- ``POST /_sim/terminals``: ``{"terminal_id": ID, "public_key": base64}`` enrols a terminal.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import TYPE_CHECKING, Any

from platform_sim.catalogue import CatalogueError

if TYPE_CHECKING:
    from platform_sim.server import PlatformServer


def handle_admin(platform: PlatformServer, method: str, path: str,
                 body: bytes) -> tuple[int, Any]:
    try:
        request = json.loads(body) if body else {}
        if method == "GET" and path == "/_sim/faults":
            return 200, platform.faults.settings()
        if method != "POST" or not isinstance(request, dict):
            return 404, {"error": "not_found", "message": "unknown control"}
        if path == "/_sim/faults":
            platform.faults.update(**request)
            return 200, platform.faults.settings()
        if path == "/_sim/catalogue":
            return 200, {"version": platform.publish_catalogue(request.get("items"))}
        if path == "/_sim/clock":
            platform.advance_clock(float(request["advance_s"]))
            return 200, {"clock_offset_s": platform.clock_offset_s}
        if path == "/_sim/terminals":
            key = base64.b64decode(request["public_key"], validate=True)
            if len(key) != 32:
                raise ValueError("public_key must be 32 bytes")
            platform.enrol(str(request["terminal_id"]), key)
            return 200, {"enrolled": request["terminal_id"]}
    except (ValueError, TypeError, KeyError, CatalogueError, binascii.Error) as exc:
        return 400, {"error": "bad_control", "message": str(exc)}
    return 404, {"error": "not_found", "message": "unknown control"}
