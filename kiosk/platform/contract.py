"""The OpenAPI document as data: operations by id, and JSON-Schema validation of messages.

Both sides use it: the client checks every response, the reference server every request.
The document is OpenAPI 3.1, so its schemas are plain JSON Schema 2020-12.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).with_name("openapi.yaml")
_SPEC_URI = "urn:govkiosk:platform-api"
_METHODS = ("get", "put", "post", "delete")


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str  # template, e.g. /applications/{receipt_no}
    pattern: re.Pattern[str]
    pointer: str  # JSON pointer of the operation in the document

    def url_path(self, **params: str) -> str:
        return self.path.format(**params)


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@lru_cache(maxsize=1)
def operations() -> dict[str, Operation]:
    found = {}
    for path, item in spec()["paths"].items():
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path)
        for method in _METHODS:
            if method in item:
                op = item[method]
                found[op["operationId"]] = Operation(
                    op["operationId"], method.upper(), path, re.compile(f"^{regex}$"),
                    f"/paths/{_escape(path)}/{method}",
                )
    return found


def match(method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
    """The operation serving ``method path`` and its path parameters, if any."""
    for op in operations().values():
        if op.method == method and (m := op.pattern.match(path)):
            return op, m.groupdict()
    return None


def allowed_methods(path: str) -> list[str]:
    """Methods the contract defines for ``path`` (for a 405 answer's ``Allow``)."""
    return sorted(op.method for op in operations().values() if op.pattern.match(path))


@lru_cache(maxsize=1)
def _registry() -> Registry:
    return Registry().with_resource(
        _SPEC_URI, Resource.from_contents(spec(), default_specification=DRAFT202012)
    )


@cache
def _validator(pointer: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{_SPEC_URI}#{pointer}"}, registry=_registry(), format_checker=FormatChecker()
    )


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (parameters, responses) to the node it names."""
    while "$ref" in node:
        target: Any = spec()
        for token in node["$ref"].removeprefix("#/").split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _node(pointer: str) -> Any:
    target: Any = spec()
    for token in pointer.strip("/").split("/"):
        target = resolve(target) if isinstance(target, dict) else target
        key = token.replace("~1", "/").replace("~0", "~")
        target = target[int(key)] if isinstance(target, list) else target[key]
    return target


def errors_at(pointer: str, instance: Any) -> list[str]:
    """Why ``instance`` does not match the schema at ``pointer`` (empty when it does).

    Only the place and the broken rule are named, never the value: it may be personal data."""
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: fails {e.validator} "
        f"{str(e.validator_value)[:80]}"
        for e in _validator(pointer).iter_errors(instance)
    ]


def response_errors(op: Operation, status: int, body: Any) -> list[str]:
    """Problems with a response: an undocumented status or a body not matching its schema."""
    responses = _node(f"{op.pointer}/responses")
    if str(status) not in responses:
        return [f"status {status} is not documented for {op.operation_id}"]
    response = resolve(responses[str(status)])
    if "content" not in response:
        return []
    if "$ref" in responses[str(status)]:
        name = responses[str(status)]["$ref"].rsplit("/", 1)[1]
        pointer = f"/components/responses/{name}/content/application~1json/schema"
    else:
        pointer = f"{op.pointer}/responses/{status}/content/application~1json/schema"
    return errors_at(pointer, body)


def parameters(op: Operation) -> list[tuple[dict[str, Any], str]]:
    """Each parameter of ``op`` with the JSON pointer of its schema."""
    found = []
    for index, param in enumerate(_node(op.pointer).get("parameters", [])):
        if "$ref" in param:
            pointer = "/components/parameters/" + param["$ref"].rsplit("/", 1)[1] + "/schema"
        else:
            pointer = f"{op.pointer}/parameters/{index}/schema"
        found.append((resolve(param), pointer))
    return found


def takes_idempotency_key(op: Operation) -> bool:
    return any(param["name"] == "Idempotency-Key" for param, _ in parameters(op))


def schema_at(pointer: str) -> dict[str, Any]:
    return resolve(_node(pointer))


def request_body(op: Operation) -> dict[str, Any] | None:
    body = _node(op.pointer).get("requestBody")
    return resolve(body) if body else None
