"""``kiosk locker-sim`` in its own process and ``kiosk locker status|open`` as a technician uses them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.cli import main


def _start(*args: str):
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "locker-sim", *args],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    address = process.stdout.readline().split(" at ")[1].strip()
    control = process.stdout.readline().split("--control ")[1].split()[0]
    return process, address, control


@pytest.fixture(params=[("8a80", "1"), ("wkly", "0")])
def simulator(request):
    codec, board = request.param
    process, address, control = _start("--codec", codec, "--boards", "2", "--close-after", "never")
    yield codec, board, address, control
    process.terminate()
    process.wait(5)


def _tell(control: str, command: str, capsys) -> str:
    assert main(["locker-sim", "--control", control, "--tell", command]) == 0
    return capsys.readouterr().out


def test_open_then_status_shows_the_door_open(simulator, capsys):
    codec, board, address, control = simulator
    base = ["--port", address, "--board", board, "--codec", codec]
    assert main(["locker", "open", *base, "--lock", "3", "--raw"]) == 0
    out = capsys.readouterr().out
    assert "TX " in out and "RX " in out and "3=open" in out
    assert main(["locker", "status", *base]) == 0
    assert "open doors: 3" in capsys.readouterr().out
    assert "open=" + board + "-3" in _tell(control, "state", capsys)


@pytest.mark.parametrize(
    ("fault", "cause"),
    [
        ("go_silent", "check the RS485 cable"),
        ("bad_checksum 9", "wrong board family"),
        ("jam {board} 2", "door stayed shut"),
    ],
)
def test_failures_exit_1_and_name_the_likely_cause(simulator, capsys, fault, cause):
    codec, board, address, control = simulator
    _tell(control, fault.format(board=board), capsys)
    args = ["locker", "open", "--port", address, "--board", board, "--lock", "2",
            "--codec", codec, "--wait", "0.3"]  # fmt: skip
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and cause in out


def test_the_wrong_family_is_spotted(capsys):
    process, address, _control = _start("--codec", "wkly")
    try:
        assert main(["locker", "status", "--port", address, "--board", "1"]) == 1
        assert "board family (--codec)" in capsys.readouterr().out
    finally:
        process.terminate()
        process.wait(5)


def test_bad_arguments_exit_2(capsys):
    assert main(["locker", "open", "--port", "loop://", "--board", "1"]) == 2
    assert main(["locker", "status", "--port", "loop://", "--board", "40"]) == 2
    assert main(["locker", "status", "--port", "ftp://x", "--board", "1"]) == 2
    assert main(["locker-sim", "--codec", "nope"]) == 2


@pytest.mark.parametrize(
    ("model", "profile", "key", "words"),
    [
        ("8a81", "demo-2x24", "peripherals.lockers.model", "known: 8a80, wkly"),
        ("8a80", "nope", "peripherals.lockers.profile", "available:"),
        ("wkly", "demo-2x24", "peripherals.lockers.profile", "more than 12 locks"),
    ],
)
def test_a_locker_entry_that_cannot_work_is_named_at_start_up(model, profile, key, words):
    from kiosk.config import parse_config
    from peripherals.registry import check

    config = parse_config(
        '[terminal]\nid = "T-0001"\n[site]\nname_zh = "示范"\nname_en = "Demo"\n'
        f'[peripherals.lockers]\nclass = "locker"\nmodel = "{model}"\nurl = "loop://"\n'
        f'profile = "{profile}"\n'
    )
    [(problem_key, message)] = check(config)
    assert problem_key == key and words in message


def test_locker_bank_out_of_service_release_and_audit(tmp_path, capsys):
    config = tmp_path / "kiosk.toml"
    config.write_text(
        '[terminal]\nid = "T-0001"\n[site]\nname_zh = "示范"\nname_en = "Demo"\n'
        f'[paths]\ndata_dir = "{tmp_path}"\n'
        '[peripherals.lockers]\nclass = "locker"\nmodel = "8a80"\nurl = "loop://"\n',
        encoding="utf-8",
    )
    base = ["--config", str(config), "--staff", "S001"]
    assert main(["locker-bank", "disable", "1-3", "hinge", *base]) == 0
    assert "1-3 A03   S  empty, OUT OF SERVICE (hinge)" in capsys.readouterr().out
    assert main(["locker-bank", "release", "2-1", "--order", "ORD-9", *base]) == 0
    assert main(["locker-bank", "list", *base]) == 0
    out = capsys.readouterr().out
    assert "2-1 B01   S  holds ORD-9" in out and out.count("OUT OF SERVICE") == 1
    assert main(["locker-bank", "audit", *base]) == 0
    audit = capsys.readouterr().out.splitlines()
    assert [line.split()[1:3] for line in audit] == [
        ["staff:S001", "out_of_service"],
        ["staff:S001", "checked"],
    ]
    assert main(["locker-bank", "enable", "9-9", *base]) == 2
