"""The dashboard (HTML, no outside resources), the JSON API and the Prometheus endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from kiosk.telemetry.protocol import COMMANDS
from opsman.grades import fault_grade
from opsman.service import OpsManager, UnknownTerminal, _now
from opsman.store import jsonable

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))


def _live_grades(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Open alerts show the grade their duration has reached now."""
    now = _now()
    for row in rows:
        if row["resolved_at"] is None:
            row["grade"] = fault_grade(row["severity"], row["opened_at"], now)
    return rows


def create_app(manager: OpsManager, extra_routes: tuple = ()) -> Starlette:
    store = manager.store

    def fleet_page(request: Request) -> Response:
        site = request.query_params.get("site") or None
        rows = store.terminals(site)
        open_alerts: dict[str, int] = {}
        for alert in store.alerts("open", site=site, limit=100_000):
            open_alerts[alert["terminal"]] = open_alerts.get(alert["terminal"], 0) + 1
        return TEMPLATES.TemplateResponse(
            request,
            "fleet.html",
            {
                "terminals": rows,
                "sites": store.sites(),
                "site": site,
                "open_alerts": open_alerts,
                "counts": store.counts(),
            },
        )

    def alerts_page(request: Request) -> Response:
        state = request.query_params.get("state", "open")
        site = request.query_params.get("site") or None
        return TEMPLATES.TemplateResponse(
            request,
            "alerts.html",
            {
                "alerts": _live_grades(store.alerts(state, site=site)),
                "state": state,
                "site": site,
                "sites": store.sites(),
            },
        )

    def terminal_page(request: Request) -> Response:
        terminal_id = request.path_params["terminal"]
        row = store.terminal(terminal_id)
        if row is None:
            return Response("no such terminal", status_code=404)
        return TEMPLATES.TemplateResponse(
            request,
            "terminal.html",
            {
                "t": row,
                "history": store.history(terminal_id),
                "events": store.events(terminal_id),
                "commands": store.commands(terminal_id),
                "alerts": _live_grades(store.alerts("all", terminal=terminal_id, limit=50)),
                "command_names": COMMANDS,
            },
        )

    async def command_form(request: Request) -> Response:
        terminal_id = request.path_params["terminal"]
        form = await request.form()
        try:
            await run_in_threadpool(
                manager.send_command,
                terminal_id,
                str(form.get("name")),
                None,
                str(form.get("by") or "operator"),
            )
        except UnknownTerminal:
            return Response("no such terminal", status_code=404)
        except ValueError as exc:
            return Response(str(exc), status_code=400)
        return RedirectResponse(f"/terminals/{terminal_id}", status_code=303)

    async def alert_form(request: Request) -> Response:
        form = await request.form()
        alert_id, action = request.path_params["alert"], request.path_params["action"]
        if action == "ack":
            await run_in_threadpool(
                manager.acknowledge, alert_id, str(form.get("by") or "operator")
            )
        else:
            await run_in_threadpool(manager.resolve, alert_id)
        return RedirectResponse(str(form.get("back") or "/alerts"), status_code=303)

    def api_terminals(request: Request) -> Response:
        return JSONResponse(jsonable(store.terminals(request.query_params.get("site"))))

    def api_terminal(request: Request) -> Response:
        terminal_id = request.path_params["terminal"]
        row = store.terminal(terminal_id)
        if row is None:
            return JSONResponse({"error": "no such terminal"}, status_code=404)
        return JSONResponse(
            jsonable(
                {**row, "history": store.history(terminal_id), "events": store.events(terminal_id)}
            )
        )

    def api_alerts(request: Request) -> Response:
        q = request.query_params
        rows = store.alerts(
            q.get("state", "open"),
            site=q.get("site"),
            terminal=q.get("terminal"),
            limit=int(q.get("limit", 500)),
        )
        return JSONResponse(jsonable(_live_grades(rows)))

    async def api_alert_action(request: Request) -> Response:
        body = await _json(request)
        alert_id, action = request.path_params["alert"], request.path_params["action"]
        if action == "ack":
            done = await run_in_threadpool(
                manager.acknowledge, alert_id, str(body.get("by", "operator"))
            )
        else:
            done = await run_in_threadpool(manager.resolve, alert_id)
        return JSONResponse({"ok": done}, status_code=200 if done else 404)

    async def api_command(request: Request) -> Response:
        body = await _json(request)
        try:
            command_id = await run_in_threadpool(
                manager.send_command,
                request.path_params["terminal"],
                str(body.get("name")),
                body.get("args") or {},
                str(body.get("by", "operator")),
            )
        except UnknownTerminal:
            return JSONResponse({"error": "no such terminal"}, status_code=404)
        except ValueError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"id": command_id}, status_code=202)

    def api_command_status(request: Request) -> Response:
        rows = store.commands(command_id=request.path_params["command"])
        if not rows:
            return JSONResponse({"error": "no such command"}, status_code=404)
        return JSONResponse(jsonable(rows[0]))

    def metrics(request: Request) -> Response:
        return Response(generate_latest(manager.registry), media_type=CONTENT_TYPE_LATEST)

    return Starlette(
        routes=[
            Route("/", fleet_page),
            Route("/alerts", alerts_page),
            Route("/terminals/{terminal}", terminal_page),
            Route("/terminals/{terminal}/commands", command_form, methods=["POST"]),
            Route("/alerts/{alert}/{action:str}", alert_form, methods=["POST"]),
            Route("/api/terminals", api_terminals),
            Route("/api/terminals/{terminal}", api_terminal),
            Route("/api/terminals/{terminal}/commands", api_command, methods=["POST"]),
            Route("/api/alerts", api_alerts),
            Route("/api/alerts/{alert}/{action:str}", api_alert_action, methods=["POST"]),
            Route("/api/commands/{command}", api_command_status),
            Route("/metrics", metrics),
            *extra_routes,  # e.g. opsman.enrolment.routes
        ]
    )


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
