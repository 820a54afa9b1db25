"""``opsman.toml``: broker, store and web settings of the operations manager."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated

import msgspec
from msgspec import Meta


class _Section(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    pass


class Broker(_Section):
    host: str = "127.0.0.1"
    port: Annotated[int, Meta(ge=1, le=65535)] = 8883
    tls: bool = True
    ca_file: str | None = None
    cert_file: str | None = None
    """The manager's certificate: its common name is the user the broker's ACL names."""
    key_file: str | None = None
    client_id: str = "opsman-1"
    topic_prefix: str = "govkiosk/v1"
    share_group: str = "opsman"
    session_expiry_s: Annotated[int, Meta(ge=0)] = 86_400
    """How long the broker keeps this instance's session (and queues for it) while it is away."""
    """Instances in one group share health, event and result messages (``$share/<group>/…``)."""


class Store(_Section):
    url: str = "sqlite:///opsman.sqlite"
    """SQLAlchemy URL: ``sqlite:///PATH`` or ``postgresql+psycopg://user@host/db``."""


class Web(_Section):
    host: str = "127.0.0.1"
    port: Annotated[int, Meta(ge=1, le=65535)] = 8080


class Fleet(_Section):
    reorder_timeout_s: Annotated[float, Meta(gt=0, le=60)] = 2.0
    heartbeat_factor: Annotated[float, Meta(ge=1.5, le=10)] = 2.5
    """A terminal silent for this many health intervals (+5 s) is offline."""
    command_ttl_s: Annotated[float, Meta(gt=0, le=3600)] = 120.0


class Enrolment(_Section, kw_only=True):
    """New terminals (``opsman.enrolment``): the fleet CA and what an enrolled terminal is told."""

    ca_file: str
    ca_key_file: str
    database: str = "enrolment.sqlite"
    platform_url: str
    broker_host: str
    broker_port: Annotated[int, Meta(ge=1, le=65535)] = 8883
    catalogue_public_key: str = ""
    code_ttl_s: Annotated[int, Meta(ge=60, le=30 * 86400)] = 86400
    cert_days: Annotated[int, Meta(ge=1, le=3650)] = 825
    acl_file: str | None = None
    terminals_file: str | None = None
    broker_pid_file: str | None = None


class OpsmanConfig(_Section):
    broker: Broker = Broker()
    store: Store = Store()
    web: Web = Web()
    fleet: Fleet = Fleet()
    enrolment: Enrolment | None = None


def load(path: Path | None) -> OpsmanConfig:
    if path is None:
        return OpsmanConfig()
    return msgspec.convert(tomllib.loads(path.read_text(encoding="utf-8")), OpsmanConfig)
