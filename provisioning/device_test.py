"""Test one device through the kiosk's own adapter: what was asked, what came back, and why not.

Used by ``kiosk device test CLASS`` (technicians over SSH) and by maintenance mode on the
screen. Every test ends within the device's timeouts plus ``wait_s`` for a card or a code.
Personal data read from a card or a code is masked before it reaches the report; nothing is
written to disk except the document camera's test image, where the technician asks for it.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from kiosk.config import DeviceClass, Peripheral
from kiosk.events import EventBus
from kiosk.identity.id_number import mask_id_number, mask_name
from kiosk.logs import Redactor
from kiosk.result import Err, Ok
from peripherals.device import Device
from peripherals.link import check_url
from peripherals.registry import MODELS, DeviceContext
from peripherals.status import DeviceStatus, StatusBoard

HINTS = {
    "no_reply": "no reply: check the cable and the device's power, then the baud rate (--baud)",
    "bad_checksum": "bad checksum: wrong protocol family (--model) or wrong baud rate (--baud)",
    "bad_reply": "malformed reply: wrong protocol family (--model) or baud rate, or line noise",
    "short_reply": "reply cut short: wrong baud rate or protocol family, or line noise",
    "wrong_reply": "reply to another command: wrong protocol family (--model)",
    "wrong_address": "a different board answered: check the board address (DIP switches)",
    "no_device": "the port cannot be opened: check --port/--url, that the device is plugged "
    "in, and permissions (dialout group)",
    "link_error": "the link failed: cable pulled or the port vanished",
    "pcscd_not_running": "no PC/SC service: pcscd is not running (systemctl start pcscd)",
    "no_reader": "no reader: PC/SC sees no matching reader; check the USB cable and the "
    "reader name (kiosk device list)",
    "card_removed": "the card was taken away during the read: place it again and hold it still",
    "card_error": "the card refused a command: not a social-security card, or damaged",
    "sam_60": "the SAM security module failed its self-test: the reader needs service",
    "paper_out": "paper out: load a new roll",
    "cover_open": "the cover is open: close it",
    "cutter_error": "the cutter is jammed: open the cover and clear the paper",
    "unrecoverable_error": "the printer reports a hardware fault: power-cycle it, then service",
    "offline": "the printer is offline: check its panel (feed button held? error light?)",
    "bad_image": "the camera gave an image that cannot be decoded",
    "no_card": "no card was presented in time (give more time with --wait)",
    "no_code": "no code was shown in time (give more time with --wait)",
}

CLASS_HINTS = {  # where a class's failure means something else than on a serial line
    "pcsc": {
        "link_error": "the reader lost the card mid-read (card moved or pulled), or its USB "
        "link dropped: hold the card still; check the reader's cable",
    },
}

DEFAULT_MODEL = {
    DeviceClass.PRINTER: "escpos",
    DeviceClass.IDCARD: "sam",
    DeviceClass.PCSC: "pyscard",
    DeviceClass.SCANNER: "camera",
    DeviceClass.LOCKER: "8a80",
    DeviceClass.DOCCAM: "image_folder",
}
DEFAULT_BAUD = {DeviceClass.LOCKER: 9600, DeviceClass.SCANNER: 9600}
DEFAULT_PROFILE = {"wkly": "wkly-12"}  # locker layouts that fit the board family


@dataclass
class Options:
    wait_s: float = 5.0
    print_page: bool = True
    open_door: int | None = None
    board: int | None = None
    out: Path | None = None
    terminal_id: str = "-"


@dataclass
class Report:
    """The result of one device test; ``fields`` are already masked."""

    device_class: str
    address: str
    ok: bool = False
    steps: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    cause: str | None = None
    raw: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def fail(self, code: str, detail: str = "") -> Report:
        self.ok, self.error = False, code
        hints = CLASS_HINTS.get(self.device_class, {})
        self.cause = hints.get(code) or HINTS.get(code, f"{code}{': ' + detail if detail else ''}")
        return self

    def as_dict(self) -> dict:
        return asdict(self)


def settings_for(
    device_class: DeviceClass,
    configured: Peripheral | None,
    url: str | None = None,
    model: str | None = None,
    baudrate: int | None = None,
    profile: str | None = None,
) -> Peripheral:
    """The configured device's settings with the command line's overrides applied."""
    base = {} if configured is None else {
        "model": configured.model, "url": configured.url, "profile": configured.profile,
        "timeout_s": configured.timeout_s, "status_timeout_s": configured.status_timeout_s,
        "baudrate": configured.baudrate,
    }  # fmt: skip
    if model:
        base["model"] = model
    base.setdefault("model", DEFAULT_MODEL[device_class])
    if url:
        base["url"] = url
    if baudrate:
        base["baudrate"] = baudrate
    elif configured is None and device_class in DEFAULT_BAUD:
        base["baudrate"] = DEFAULT_BAUD[device_class]
    if profile:
        base["profile"] = profile
    elif configured is None and base["model"] in DEFAULT_PROFILE:
        base["profile"] = DEFAULT_PROFILE[base["model"]]
    if "url" not in base:
        raise ValueError(f"no {device_class.value} is configured: give --url or --port")
    try:  # the config's own checks (ranges, types) apply to command-line values too
        return msgspec.convert({"class": device_class.value, **base}, Peripheral)
    except msgspec.ValidationError as exc:
        raise ValueError(str(exc)) from None


def build_device(device_id: str, settings: Peripheral) -> Device:
    """The same adapter the kiosk builds for this entry (no raw log file: the ring is enough)."""
    models = MODELS.get(settings.device_class, {})
    if settings.model not in models:
        known = ", ".join(sorted(models))
        raise ValueError(f"unknown {settings.device_class.value} model {settings.model!r}: {known}")
    driver = importlib.import_module(models[settings.model])
    problems = driver.check(settings)
    if (why := check_url(settings.url)) is not None:
        problems.append(("url", why))
    if problems:
        raise ValueError("; ".join(f"{key}: {message}" for key, message in problems))
    return driver.build(DeviceContext(device_id, settings, StatusBoard(EventBus()), None))


def describe(status: DeviceStatus) -> str:
    """``online``, ``user_error paper=out cover=closed (paper_out)`` …"""
    text = status.state.value
    if status.media is not None:
        text += " " + " ".join(f"{k}={v.value}" for k, v in vars(status.media).items())
    if status.last_error is not None:
        text += f" ({status.last_error.code})"
    return text


def _status_step(device: Device, report: Report, what: str) -> bool:
    status = device.status()
    report.steps.append(f"{what} -> {describe(status)}")
    if not status.ready:
        report.fail(status.last_error.code if status.last_error else status.state.value)
    return status.ready


def _printer(device, report: Report, options: Options) -> Report:
    from peripherals.printer.interface import Cut, Feed, QrCode, Receipt, TextLine

    if not _status_step(device, report, "status query DLE EOT 1..4"):
        return report
    if not options.print_page:
        report.ok = True
        return report
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = Receipt("test_page", (
        TextLine("打印测试页 Test page", bold=True, size=2),
        TextLine(f"终端 Terminal {options.terminal_id}"),
        TextLine(now),
        TextLine("汉字 GB18030 ￥12.50 ABC abc 0123456789"),
        QrCode(f"govkiosk:test:{options.terminal_id}"),
        Feed(2),
        Cut(),
    ))  # fmt: skip
    match device.print_receipt(page):
        case Ok(done):
            report.steps.append(
                f"test page -> printed {done.bytes_sent} bytes in {done.seconds:.2f} s"
            )
            report.ok = True
        case Err(failure):
            report.steps.append(f"test page -> stopped: {failure.reason.value}")
            code = failure.status.last_error.code if failure.status.last_error else None
            report.fail(code or failure.reason.value)
    return report


def _idcard(device, report: Report, options: Options) -> Report:
    if not _status_step(device, report, "SAM status 00 03 11 FF"):
        return report
    match device.read_card(options.wait_s):
        case Ok(None):
            report.steps.append(f"waited {options.wait_s:g} s for a card -> none")
            return report.fail("no_card")
        case Err(status):
            report.steps.append(f"read card -> {describe(status)}")
            return report.fail(status.last_error.code if status.last_error else "bad_reply")
        case Ok(card):
            report.steps.append("find, select, read text -> card read")
            report.fields = {
                "name": mask_name(card.name), "id_number": mask_id_number(card.id_number),
                "sex": card.sex, "nation": card.nation, "valid_to": card.valid_to,
                "address": f"<{len(card.address)} characters>", "photo": f"<{len(card.photo)} bytes>",
            }  # fmt: skip
            report.ok = True
    return report


def _pcsc(device, report: Report, options: Options) -> Report:
    from smartcard import scard

    if not _status_step(device, report, "PC/SC reader state"):
        return report
    _, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    try:
        result, readers = scard.SCardListReaders(context, [])
        if result == scard.SCARD_S_SUCCESS:
            report.fields["readers"] = ", ".join(readers)
    finally:
        scard.SCardReleaseContext(context)
    match device.wait_for_card(options.wait_s):
        case Ok(None):
            report.steps.append(f"waited {options.wait_s:g} s for a card -> none")
            return report.fail("no_card")
        case Err(status):
            return report.fail(status.last_error.code if status.last_error else "no_reader")
        case Ok(atr):
            report.steps.append(f"card present -> ATR {atr.hex(' ')}")
            report.fields["atr"] = atr.hex(" ")
    match device.read_social_security_card(1.0):
        case Ok(None):
            return report.fail("card_removed")
        case Ok(card):
            report.steps.append("SELECT SSSE, READ RECORD EF05/EF06 -> 社保卡 basic fields")
            report.fields.update(
                name=mask_name(card.name), ss_number=mask_id_number(card.ss_number),
                card_number=mask_id_number(card.card_number), sex=card.sex,
            )  # fmt: skip
        case Err(status) if status.last_error and status.last_error.code == "card_error":
            report.steps.append("SELECT SSSE -> refused: the card answers, not a 社保卡")
        case Err(status):
            return report.fail(status.last_error.code if status.last_error else "card_error")
    report.ok = True
    return report


def _scanner(device, report: Report, options: Options) -> Report:
    if not _status_step(device, report, "scanner status"):
        return report
    match device.scan(options.wait_s):
        case Ok(None):
            report.steps.append(f"waited {options.wait_s:g} s for a code -> none")
            return report.fail("no_code")
        case Err(status):
            return report.fail(status.last_error.code if status.last_error else "no_reply")
        case Ok(code):
            text = code.payload.decode("utf-8", "replace")
            shown = Redactor()(text)
            report.steps.append(f"{code.symbology} by {code.decoder} -> {len(code.payload)} bytes")
            report.fields = {"payload": shown[:200] + ("…" if len(shown) > 200 else "")}
            report.ok = True
    return report


def _locker(device, report: Report, options: Options) -> Report:
    from kiosk.commands.locker import CAUSES

    board = options.board if options.board is not None else device.boards[0]
    if options.open_door is not None:
        result = device.open_door(board, options.open_door)
        asked = f"open board {board} lock {options.open_door}"
    else:
        result = device.door_states(board)
        asked = f"query all doors of board {board}"
    match result:
        case Ok(value):
            doors = value if isinstance(value, dict) else {options.open_door: value}
            states = " ".join(f"{n}={s.value}" for n, s in doors.items())
            report.steps.append(f"{asked} -> {states}")
            opened = [str(n) for n, s in doors.items() if s.value == "open"]
            report.fields = {"board": str(board), "open_doors": ", ".join(opened) or "none"}
            report.ok = True
        case Err(failure):
            report.steps.append(
                f"{asked} -> {failure.reason.value} after {failure.attempts} try(s)"
            )
            report.fail(failure.reason.value)
            report.cause = CAUSES.get(failure.reason.value, report.cause)
    return report


def _doccam(device, report: Report, options: Options) -> Report:
    match device.capture():
        case Err(status):
            report.steps.append(f"capture -> {describe(status)}")
            return report.fail(status.last_error.code if status.last_error else "no_device")
        case Ok(image):
            report.steps.append(f"capture -> {image.media_type} {image.width}x{image.height}")
            if options.out is not None:
                options.out.write_bytes(image.data)
                report.fields["file"] = str(options.out)
            report.ok = True
    return report


TESTS: dict[DeviceClass, Callable[[Device, Report, Options], Report]] = {
    DeviceClass.PRINTER: _printer,
    DeviceClass.IDCARD: _idcard,
    DeviceClass.PCSC: _pcsc,
    DeviceClass.SCANNER: _scanner,
    DeviceClass.LOCKER: _locker,
    DeviceClass.DOCCAM: _doccam,
}


def run_test(device: Device, device_class: DeviceClass, address: str, options: Options) -> Report:
    """Test ``device``; the report carries the device's recent (already redacted) traffic."""
    report = Report(device_class.value, address)
    started = time.monotonic()
    try:
        TESTS[device_class](device, report, options)
    finally:
        report.seconds = round(time.monotonic() - started, 3)
        traffic = getattr(device, "raw_traffic", None)
        if traffic is not None:
            report.raw = [line.split(" ", 2)[2] for line in traffic.recent()]
    return report
