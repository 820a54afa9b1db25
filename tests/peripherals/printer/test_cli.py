"""``kiosk receipt``, ``kiosk printer-sim`` and ``kiosk selftest`` as a technician uses them."""

from __future__ import annotations

import subprocess
import sys

import pytest
import zxingcpp
from PIL import Image

from kiosk.cli import main
from kiosk.receipts import sample_data


def test_sample_then_render_gives_text_and_a_scannable_picture(tmp_path, capsys):
    capture = tmp_path / "notice.bin"
    assert main(["receipt", "sample", "supplement_notice", "--out", str(capture)]) == 0
    assert main(["receipt", "render", str(capture), "--png", str(tmp_path / "notice.png")]) == 0
    out = capsys.readouterr().out
    assert "补正材料通知书" in out and "需补正材料：" in out
    [code] = zxingcpp.read_barcodes(Image.open(tmp_path / "notice.png"))
    assert code.text == sample_data("supplement_notice")["progress_url"]


def test_render_of_bytes_with_nothing_printable_fails(tmp_path, capsys):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x1b\x40")
    assert main(["receipt", "render", str(junk)]) == 1
    assert "nothing printable" in capsys.readouterr().err


def test_unknown_sample_lists_the_documents(tmp_path, capsys):
    assert main(["receipt", "sample", "nope", "--out", str(tmp_path / "x.bin")]) == 2
    assert "acceptance_notice" in capsys.readouterr().err


MINIMAL = '[terminal]\nid = "T-0001"\n[site]\nname_zh = "示范"\nname_en = "Demo"\n'


def test_selftest_without_devices_still_checks_the_basics(tmp_path, capsys):
    config = tmp_path / "kiosk.toml"
    config.write_text(MINIMAL + f'[paths]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    assert main(["selftest", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "Chinese font" in out and "data folder" in out
    assert "no devices are configured" in out


@pytest.fixture
def simulator_process():
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "printer-sim", "--tcp", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    address = process.stdout.readline().split(" at ")[1].strip()
    control = int(process.stdout.readline().split("--control ")[1].split()[0])
    yield address, control
    process.terminate()
    process.wait(timeout=5)


def test_selftest_probes_a_simulator_in_another_process(simulator_process, tmp_path, capsys):
    address, control = simulator_process
    config = tmp_path / "kiosk.toml"
    config.write_text(
        MINIMAL
        + f'[peripherals.printer]\nclass = "printer"\nmodel = "escpos"\nurl = "{address}"\n',
        encoding="utf-8",
    )
    assert main(["selftest", "--config", str(config)]) == 0
    assert "printer [printer]: online paper=ok cover=closed" in capsys.readouterr().out
    assert main(["printer-sim", "--control", str(control), "--tell", "paper_out"]) == 0
    assert main(["selftest", "--config", str(config)]) == 1
    assert "user_error paper=out" in capsys.readouterr().out
