"""The one TOML configuration file of a terminal, validated on load.

The first error found names the key and says what is wrong; unknown keys are errors, so a typo
never silently falls back to a default. Validation uses msgspec: it is strict and imports in a
few milliseconds, which matters because the config is read before the first frame. Paths for data and logs default to the platform's folders
(platformdirs) and can be set for a system service.
"""

from __future__ import annotations

import re
import tomllib
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal, get_args, get_origin

import msgspec
import platformdirs
from msgspec import Meta

DEMO_CONFIG = Path(__file__).with_name("data") / "demo.toml"


class ConfigError(Exception):
    """A configuration file that cannot be used; ``problems`` lists ``(key, message)`` pairs."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = [f"{source}: {key}: {message}" for key, message in problems]
        super().__init__("\n".join(lines))


class _Section(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    pass


class Terminal(_Section):
    id: Annotated[str, Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$")]


class Region(str, Enum):
    DEFAULT = "default"
    BEIJING = "beijing"
    SHANGHAI = "shanghai"


class Site(_Section):
    name_zh: Annotated[str, Meta(min_length=2, max_length=60)]
    name_en: Annotated[str, Meta(min_length=2, max_length=120)]
    region: Region = Region.DEFAULT
    staff_phone: Annotated[str, Meta(pattern=r"^[0-9][0-9 -]{2,19}$")] = "12345"
    """Number a citizen calls when a device fails (printed in messages and on slips)."""


class Platform(_Section):
    url: Annotated[str, Meta(pattern=r"^(https?://\S+|inprocess)$")] = "inprocess"
    connect_timeout_s: Annotated[float, Meta(gt=0, le=30)] = 3.0
    read_timeout_s: Annotated[float, Meta(gt=0, le=120)] = 10.0
    verify_tls: bool = True
    ca_file: Path | None = None


class Mqtt(_Section):
    enabled: bool = False
    host: str = "127.0.0.1"
    port: Annotated[int, Meta(ge=1, le=65535)] = 8883
    tls: bool = True
    ca_file: Path | None = None
    cert_file: Path | None = None
    key_file: Path | None = None
    topic_prefix: Annotated[str, Meta(pattern=r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")] = "govkiosk/v1"
    site_id: Annotated[str, Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")] = "default"
    """The site's level in the topics: ``<topic_prefix>/<site_id>/<terminal id>/…``."""
    username: str | None = None
    """Only for brokers with passwords; with client certificates the certificate names the
    terminal."""
    password_file: Path | None = None
    health_interval_s: Annotated[int, Meta(ge=1, le=3600)] = 30
    keepalive_s: Annotated[int, Meta(ge=5, le=600)] = 30


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

    device_class: DeviceClass = msgspec.field(name="class")
    model: Annotated[str, Meta(min_length=1)]
    url: Annotated[str, Meta(min_length=1)]
    profile: str | None = None
    raw_log: bool = False
    timeout_s: Annotated[float, Meta(gt=0, le=60)] = 2.0
    """Longest wait for one command (a write, a card read)."""
    status_timeout_s: Annotated[float, Meta(gt=0, le=5)] = 0.3
    """Longest wait for a status answer; silence means "unknown"."""
    baudrate: Annotated[int, Meta(ge=1200, le=921_600)] = 115_200


class Locale(_Section):
    default: Literal["zh_CN", "en"] = "zh_CN"


class Accessibility(_Section):
    text_size: Annotated[int, Meta(ge=1, le=4)] = 2
    contrast: Literal["default", "high_light", "high_dark"] = "default"
    voice: bool = False
    low_position: bool = False


class Speech(_Section):
    """Text-to-speech output: ALSA devices for the loudspeaker and the headset jack
    (or ``file:DIR`` to write each utterance as a WAV file)."""

    device: Annotated[str, Meta(min_length=1)] = "default"
    headset_device: Annotated[str, Meta(min_length=1)] = "default"


class Screen(_Section):
    width_mm: Annotated[float, Meta(gt=100, le=2000)] = 476.0
    height_mm: Annotated[float, Meta(gt=100, le=2000)] = 268.0
    width_px: Annotated[int, Meta(ge=320, le=7680)] = 1920
    height_px: Annotated[int, Meta(ge=240, le=4320)] = 1080
    bottom_edge_mm: Annotated[float, Meta(ge=0, le=2000)] = 900.0
    """Height of the screen's lower edge above the floor."""


class Timeouts(_Section):
    idle_s: Annotated[int, Meta(ge=30, le=1800)] = 120
    warning_s: Annotated[int, Meta(ge=20, le=120)] = 30

    def __post_init__(self) -> None:
        if self.warning_s >= self.idle_s:
            raise ValueError("warning_s must be shorter than idle_s")


class Catalogue(_Section):
    """Guide catalogue: the platform's pinned Ed25519 public key (raw 32 bytes, base64).

    Nothing signed by another key is ever installed; with no key pinned, nothing is."""

    public_key: Annotated[str, Meta(pattern=r"^([A-Za-z0-9+/]{43}=)?$")] = ""
    sync_interval_s: Annotated[int, Meta(ge=60, le=86400)] = 900
    """How often the running kiosk asks the platform for a newer catalogue."""


class Maintenance(_Section):
    """Technician access to maintenance mode: a PIN or a registered technician card.

    ``pin_hash`` is ``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`` (``kiosk maintenance
    set-pin`` writes it); ``technician_cards`` are SHA-256 hex digests of card numbers. After
    ``max_attempts`` wrong PINs in a row, PIN entry is locked for ``lockout_s``."""

    pin_hash: Annotated[str, Meta(pattern=r"^(pbkdf2_sha256\$\d+\$[0-9a-f]+\$[0-9a-f]{64})?$")] = ""
    technician_cards: list[Annotated[str, Meta(pattern=r"^[0-9a-f]{64}$")]] = []
    max_attempts: Annotated[int, Meta(ge=3, le=10)] = 5
    lockout_s: Annotated[int, Meta(ge=60, le=86_400)] = 900
    idle_s: Annotated[int, Meta(ge=30, le=3600)] = 300
    """Maintenance mode closes itself after this long without a touch."""


class Paths(_Section):
    data_dir: Path | None = None
    log_dir: Path | None = None


class KioskConfig(_Section, dict=True):
    terminal: Terminal
    site: Site
    platform: Platform = Platform()
    mqtt: Mqtt = Mqtt()
    peripherals: dict[str, Peripheral] = {}
    locale: Locale = Locale()
    accessibility: Accessibility = Accessibility()
    speech: Speech = Speech()
    screen: Screen = Screen()
    timeouts: Timeouts = Timeouts()
    catalogue: Catalogue = Catalogue()
    maintenance: Maintenance = Maintenance()
    paths: Paths = Paths()

    @cached_property
    def data_dir(self) -> Path:
        return self.paths.data_dir or Path(platformdirs.user_data_dir("govkiosk"))

    @cached_property
    def log_dir(self) -> Path:
        return self.paths.log_dir or Path(platformdirs.user_log_dir("govkiosk"))

    @cached_property
    def cache_dir(self) -> Path:
        return Path(platformdirs.user_cache_dir("govkiosk"))


_WHERE = re.compile(r"^(?P<what>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_UNKNOWN = re.compile(r"^Object contains unknown field `(?P<field>[^`]+)`$")
_MISSING = re.compile(r"^Object missing required field `(?P<field>[^`]+)`$")
_DEVICE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def _choices(struct: type, path: list[str]) -> list[str]:
    """The allowed values of the enum or literal field at ``path``, or [] if it is neither."""
    kind: object = struct
    for part in path:
        fields = {f.encode_name: f.type for f in msgspec.structs.fields(kind)}
        kind = fields.get(part)
        if kind is None:
            return []
    kind = getattr(kind, "__origin__", kind) if get_origin(kind) is Annotated else kind
    if isinstance(kind, type) and issubclass(kind, Enum):
        return [member.value for member in kind]
    if get_origin(kind) is Literal:
        return list(get_args(kind))
    return []


def _explain(error: msgspec.ValidationError, struct: type, prefix: str) -> tuple[str, str]:
    """Turn msgspec's "what - at `$.a.b`" into (``a.b``, a sentence a technician understands)."""
    match = _WHERE.match(str(error))
    what = match["what"]
    path = [p for p in (match["path"] or "").split(".") if p]
    for pattern, message in (
        (_UNKNOWN, "unknown key (check the spelling; see kiosk/data/demo.toml for every key)"),
        (_MISSING, "required key is missing"),
    ):
        found = pattern.match(what)
        if found:
            return ".".join([prefix, *path, found["field"]]).lstrip("."), message
    choices = _choices(struct, path)
    if choices:
        what += f"; expected one of: {', '.join(map(str, choices))}"
    return ".".join([prefix, *path]).lstrip(".") or "(file)", what


def _decode_path(kind: type, value: object) -> object:
    """msgspec has no built-in ``Path``: a TOML string becomes one."""
    if kind is Path and isinstance(value, str):
        return Path(value)
    raise TypeError(f"Expected a path (a string), got `{type(value).__name__}`")


def _convert(raw: object, struct: type, source: str, prefix: str = ""):
    try:
        return msgspec.convert(raw, struct, str_keys=True, dec_hook=_decode_path)
    except msgspec.ValidationError as exc:
        raise ConfigError(source, [_explain(exc, struct, prefix)]) from None


def parse_config(text: str, source: str = "<config>") -> KioskConfig:
    """Parse and validate TOML text; raise :class:`ConfigError` naming the bad key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, [("(syntax)", f"not valid TOML: {exc}")]) from None
    devices = raw.get("peripherals", {})
    if isinstance(devices, dict):  # checked one by one so an error can name the device
        for name, table in devices.items():
            if not _DEVICE_NAME.match(name):
                message = "device names are lower-case letters, digits and _ (at most 32)"
                raise ConfigError(source, [(f"peripherals.{name}", message)])
            _convert(table, Peripheral, source, f"peripherals.{name}")
    return _convert(raw, KioskConfig, source)


def load_config(path: Path) -> KioskConfig:
    """Read and validate a configuration file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), [("(file)", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [("(file)", f"cannot be read: {exc}")]) from None
    return parse_config(text, str(path))
