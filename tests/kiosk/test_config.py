"""Configuration: the demo file is valid, and each kind of mistake names its key."""

from __future__ import annotations

import pytest

from kiosk.cli import main
from kiosk.config import DEMO_CONFIG, ConfigError, load_config, parse_config

MINIMAL = """
[terminal]
id = "BJ-DC-0001"
[site]
name_zh = "东城区政务服务中心"
name_en = "Dongcheng District Government Service Centre"
"""


def test_demo_configuration_is_valid_and_complete():
    config = load_config(DEMO_CONFIG)
    assert config.terminal.id == "DEMO-0001"
    assert config.site.region.value == "beijing"
    assert config.timeouts.idle_s == 120


def test_minimal_file_gets_documented_defaults():
    config = parse_config(MINIMAL)
    assert config.locale.default == "zh_CN"
    assert config.timeouts.warning_s >= 20
    assert config.peripherals == {}


def test_peripheral_tables_are_read_with_their_class():
    config = parse_config(
        MINIMAL
        + '[peripherals.receipt]\nclass = "printer"\nmodel = "escpos"\nurl = "/dev/ttyS1"\n'
    )
    assert config.peripherals["receipt"].device_class.value == "printer"


def _problems(text: str) -> dict[str, str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "kiosk.toml")
    return dict(caught.value.problems)


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        (MINIMAL + "[site.extra]\n", "site.extra", "unknown key"),
        (MINIMAL + "[terminal2]\nid = 1\n", "terminal2", "unknown key"),
        ("[site]\nname_zh = \"中心\"\nname_en = \"Centre\"\n", "terminal", "missing"),
        (MINIMAL.replace('"BJ-DC-0001"', '"x"'), "terminal.id", "matching regex"),
        (MINIMAL + "[site.region]\n", "site.region", "default"),
        (MINIMAL + "[timeouts]\nidle_s = \"long\"\n", "timeouts.idle_s", "Expected `int`, got `str`"),
        (MINIMAL + "[timeouts]\nidle_s = 5\n", "timeouts.idle_s", ">= 30"),
        (MINIMAL + "[timeouts]\nidle_s = 60\nwarning_s = 60\n", "timeouts", "shorter than idle_s"),
        (MINIMAL + '[platform]\nurl = "ftp://x"\n', "platform.url", "https?://"),
        (MINIMAL + '[locale]\ndefault = "fr"\n', "locale.default", "zh_CN"),
        (
            MINIMAL + '[peripherals.p]\nclass = "fax"\nmodel = "m"\nurl = "u"\n',
            "peripherals.p.class",
            "printer",
        ),
        (MINIMAL + '[peripherals.p]\nclass = "printer"\n', "peripherals.p.model", "missing"),
        (MINIMAL + '[peripherals.p]\nclass = "printer"\nmodel = "m"\nurl = "u"\nbaud = 9600\n',
         "peripherals.p.baud", "unknown key"),
        (MINIMAL + '[peripherals.Receipt]\nclass = "printer"\nmodel = "m"\nurl = "u"\n',
         "peripherals.Receipt", "lower-case"),
        (MINIMAL + '[mqtt]\nsite_id = "east/1"\n', "mqtt.site_id", "matching regex"),
        (MINIMAL + "[mqtt]\nca_file = 3\n", "mqtt.ca_file", "a path"),
    ],
)
def test_each_kind_of_error_names_the_key(text, key, words):
    problems = _problems(text)
    assert key in problems, problems
    assert words in problems[key]


def test_file_paths_are_read_as_paths():
    config = parse_config(MINIMAL + '[mqtt]\nca_file = "/etc/govkiosk/ca.pem"\n'
                          '[paths]\ndata_dir = "/var/lib/govkiosk"\n')
    assert config.mqtt.ca_file.name == "ca.pem"
    assert str(config.data_dir) == "/var/lib/govkiosk"


def test_wrong_site_region_value_is_named():
    problems = _problems(MINIMAL.replace("[site]", '[site]\nregion = "tokyo"'))
    assert "beijing" in problems["site.region"] and "tokyo" in problems["site.region"]


def test_toml_syntax_error_says_where():
    problems = _problems(MINIMAL + "[timeouts\n")
    assert "line" in problems["(syntax)"]


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")


def test_check_config_command_exit_codes(tmp_path, capsys):
    good = tmp_path / "good.toml"
    good.write_text(MINIMAL, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(MINIMAL + "[timeouts]\nidel_s = 100\n", encoding="utf-8")

    assert main(["check-config", str(good)]) == 0
    assert "configuration valid" in capsys.readouterr().out
    assert main(["check-config", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "timeouts.idel_s: unknown key" in err
