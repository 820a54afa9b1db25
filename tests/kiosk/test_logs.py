"""Logs are JSON lines and never carry a citizen's personal data."""

from __future__ import annotations

import json
import logging

from kiosk.events import EventBus
from kiosk.logs import configure_logging
from kiosk.session import Preferences, Session
from tests.conftest import FakeClock


def _read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_personal_data_never_reaches_the_log_file(tmp_path):
    configure_logging(tmp_path)
    log = logging.getLogger("govkiosk.test")
    session = Session(EventBus(), Preferences(), 120, 30, FakeClock())
    session.touch()
    session.personal.set("name", "欧阳娜娜")
    session.personal.set("address", "北京市东城区东华门街道100号")

    log.info("citizen %s logged in from %s", "欧阳娜娜", "北京市东城区东华门街道100号")
    log.info("lookup", extra={"id_number": "11010519491231002X", "phone": "13912345678"})
    log.warning("ID 110105194912310021 and mobile 13800138000 seen in a device reply")
    session.finish()
    for handler in logging.getLogger().handlers:
        handler.flush()

    text = (tmp_path / "kiosk.jsonl").read_text(encoding="utf-8")
    entries = _read(tmp_path / "kiosk.jsonl")
    assert [e["level"] for e in entries[-3:]] == ["INFO", "INFO", "WARNING"]
    for secret in ("欧阳娜娜", "东华门街道", "11010519491231002X", "13912345678",
                   "110105194912310021", "13800138000"):
        assert secret not in text
    assert entries[-2]["msg"] == "lookup" and entries[-2]["id_number"] == "***"


def test_log_lines_are_json_with_utc_time(tmp_path):
    configure_logging(tmp_path)
    logging.getLogger("govkiosk.test").info("printer ready", extra={"device": "receipt"})
    for handler in logging.getLogger().handlers:
        handler.flush()
    entry = _read(tmp_path / "kiosk.jsonl")[-1]
    assert entry["msg"] == "printer ready" and entry["device"] == "receipt"
    assert entry["ts"].endswith("+00:00")
