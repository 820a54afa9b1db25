"""The one TOML configuration file of a terminal, validated on load.

Every error names the key and says what is wrong; unknown keys are errors, so a typo never
silently falls back to a default. Paths for data and logs default to the platform's folders
(platformdirs) and can be set for a system service.
"""

from __future__ import annotations

import tomllib
from enum import Enum
from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DEMO_CONFIG = Path(__file__).with_name("data") / "demo.toml"


class ConfigError(Exception):
    """A configuration file that cannot be used; ``problems`` lists ``(key, message)`` pairs."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = [f"{source}: {key}: {message}" for key, message in problems]
        super().__init__("\n".join(lines))


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Terminal(_Section):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$")]


class Region(str, Enum):
    DEFAULT = "default"
    BEIJING = "beijing"
    SHANGHAI = "shanghai"


class Site(_Section):
    name_zh: Annotated[str, Field(min_length=2, max_length=60)]
    name_en: Annotated[str, Field(min_length=2, max_length=120)]
    region: Region = Region.DEFAULT


class Platform(_Section):
    url: Annotated[str, Field(pattern=r"^(https?://\S+|inprocess)$")] = "inprocess"
    connect_timeout_s: Annotated[float, Field(gt=0, le=30)] = 3.0
    read_timeout_s: Annotated[float, Field(gt=0, le=120)] = 10.0
    verify_tls: bool = True
    ca_file: Path | None = None


class Mqtt(_Section):
    enabled: bool = False
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8883
    tls: bool = True
    ca_file: Path | None = None
    cert_file: Path | None = None
    key_file: Path | None = None
    topic_prefix: str = "govkiosk/v1"
    health_interval_s: Annotated[int, Field(ge=5, le=3600)] = 30


class DeviceClass(str, Enum):
    PRINTER = "printer"
    SCANNER = "scanner"
    IDCARD = "idcard"
    PCSC = "pcsc"
    LOCKER = "locker"
    DOCCAM = "doccam"
    EVALUATION_PAD = "evaluation_pad"
    DOOR = "door"


class Peripheral(_Section):
    """One device: its class, the driver model that talks to it and where it is attached."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    device_class: DeviceClass = Field(alias="class")
    model: Annotated[str, Field(min_length=1)]
    url: Annotated[str, Field(min_length=1)]
    profile: str | None = None
    raw_log: bool = False
    timeout_s: Annotated[float, Field(gt=0, le=60)] = 2.0
    """Longest wait for one command (a write, a card read)."""
    status_timeout_s: Annotated[float, Field(gt=0, le=5)] = 0.3
    """Longest wait for a status answer; silence means "unknown"."""
    baudrate: Annotated[int, Field(ge=1200, le=921_600)] = 115_200


class Locale(_Section):
    default: Literal["zh_CN", "en"] = "zh_CN"


class Accessibility(_Section):
    text_size: Annotated[int, Field(ge=1, le=4)] = 2
    contrast: Literal["default", "high_light", "high_dark"] = "default"
    voice: bool = False
    low_position: bool = False


class Screen(_Section):
    width_mm: Annotated[float, Field(gt=100, le=2000)] = 476.0
    height_mm: Annotated[float, Field(gt=100, le=2000)] = 268.0
    width_px: Annotated[int, Field(ge=320, le=7680)] = 1920
    height_px: Annotated[int, Field(ge=240, le=4320)] = 1080
    bottom_edge_mm: Annotated[float, Field(ge=0, le=2000)] = 900.0
    """Height of the screen's lower edge above the floor."""


class Timeouts(_Section):
    idle_s: Annotated[int, Field(ge=30, le=1800)] = 120
    warning_s: Annotated[int, Field(ge=20, le=120)] = 30

    @model_validator(mode="after")
    def _warning_fits(self) -> "Timeouts":
        if self.warning_s >= self.idle_s:
            raise ValueError("warning_s must be shorter than idle_s")
        return self


class Paths(_Section):
    data_dir: Path | None = None
    log_dir: Path | None = None


class KioskConfig(_Section):
    terminal: Terminal
    site: Site
    platform: Platform = Platform()
    mqtt: Mqtt = Mqtt()
    peripherals: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")], Peripheral] = {}
    locale: Locale = Locale()
    accessibility: Accessibility = Accessibility()
    screen: Screen = Screen()
    timeouts: Timeouts = Timeouts()
    paths: Paths = Paths()

    @property
    def data_dir(self) -> Path:
        return self.paths.data_dir or Path(platformdirs.user_data_dir("govkiosk"))

    @property
    def log_dir(self) -> Path:
        return self.paths.log_dir or Path(platformdirs.user_log_dir("govkiosk"))

    @property
    def cache_dir(self) -> Path:
        return Path(platformdirs.user_cache_dir("govkiosk"))


def _explain(error: dict) -> tuple[str, str]:
    key = ".".join(str(part) for part in error["loc"]) or "(file)"
    kind = error["type"]
    if kind == "extra_forbidden":
        return key, "unknown key (check the spelling; see kiosk/data/demo.toml for every key)"
    if kind == "missing":
        return key, "required key is missing"
    message = error["msg"].removeprefix("Value error, ")
    return key, f"{message} (got {error.get('input')!r})"


def parse_config(text: str, source: str = "<config>") -> KioskConfig:
    """Parse and validate TOML text; raise :class:`ConfigError` naming each bad key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, [("(syntax)", f"not valid TOML: {exc}")]) from None
    try:
        return KioskConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(source, [_explain(e) for e in exc.errors()]) from None


def load_config(path: Path) -> KioskConfig:
    """Read and validate a configuration file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), [("(file)", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [("(file)", f"cannot be read: {exc}")]) from None
    return parse_config(text, str(path))
