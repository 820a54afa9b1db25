"""``kiosk search`` and ``kiosk catalogue`` as support staff and scripts use them."""

from __future__ import annotations

import json

import pytest

from kiosk.cli import main
from kiosk.config import DEMO_CONFIG
from tests.kiosk.guides.demo import demo_items, signed_file


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the terminal's data folder
    return str(DEMO_CONFIG)


def test_search_prints_code_name_and_department(config, capsys):
    assert main(["search", "社保卡丢了", "--limit", "3", "--config", config]) == 0
    first = capsys.readouterr().out.splitlines()[0].split("\t")
    assert first[1:] == ["社会保障卡挂失", "人社"] and first[0].isdigit()


def test_search_json_for_scripts(config, capsys):
    assert main(["search", "jzz", "--json", "--limit", "2", "--config", config]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 2 and hits[0]["name_zh"] == "居住证申领"


def test_verify_and_import_follow_the_sync_rules(config, tmp_path, capsys):
    good = tmp_path / "v2.json"
    items = demo_items()
    items[0]["hours"] = "全天"
    good.write_bytes(signed_file(items, 2))
    bad = tmp_path / "bad.json"
    bad.write_bytes(good.read_bytes().replace("全天".encode(), "半天".encode()))
    assert main(["catalogue", "--config", config, "verify", str(bad)]) == 1
    assert "不一致" in capsys.readouterr().err
    assert main(["catalogue", "--config", config, "verify", str(good)]) == 0
    assert main(["catalogue", "--config", config, "status"]) == 0
    assert "active: version 1" in capsys.readouterr().out  # verify installs nothing
    assert main(["catalogue", "--config", config, "import", str(good)]) == 0
    assert main(["catalogue", "--config", config, "status"]) == 0
    out = capsys.readouterr().out
    assert "active: version 2" in out and "previous: version 1" in out


def test_sync_with_the_demo_platform_is_up_to_date(config, capsys):
    assert main(["catalogue", "--config", config, "sync"]) == 0
    assert capsys.readouterr().out.startswith("up to date: version 1, 301 items")
