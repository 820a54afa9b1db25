"""In-process fakes of the scanner and card readers, vxsuite style: the same interfaces, with
results scripted by the test, for fast flow tests (the real drivers meet their simulators in
``tests/peripherals``)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from kiosk.result import Ok, Result
from peripherals.idcard.interface import IdCardFields
from peripherals.pcsc.sscard import SsCardFields
from peripherals.scanner.interface import ScannedCode
from peripherals.status import CardMedia, CardPresence, DeviceState, DeviceStatus


def failed(device_id: str, code: str, state: DeviceState = DeviceState.ONLINE) -> DeviceStatus:
    return DeviceStatus(device_id, "idcard", state, CardMedia(CardPresence.ABSENT)).with_error(code)


@dataclass
class FakeDevice:
    device_id: str
    results: list = field(default_factory=list)  # what the next reads return, in order
    present: bool = True
    cancelled: threading.Event = field(default_factory=threading.Event)

    def _next(self):
        return self.results.pop(0) if self.results else Ok(None)

    def status(self) -> DeviceStatus:
        return DeviceStatus(self.device_id, "fake", DeviceState.ONLINE)

    def close(self) -> None:
        pass

    def cancel(self) -> None:
        self.cancelled.set()

    def card_present(self) -> Result[bool, DeviceStatus]:
        return Ok(self.present)


class FakeScanner(FakeDevice):
    def scan(self, timeout_s: float) -> Result[ScannedCode | None, DeviceStatus]:
        result = self._next()
        if isinstance(result, bytes):
            return Ok(ScannedCode(result, "QRCode", "fake"))
        return result


class FakeIdCardReader(FakeDevice):
    def read_card(self, timeout_s: float) -> Result[IdCardFields | None, DeviceStatus]:
        return self._next()


class FakeSmartCardReader(FakeDevice):
    def read_social_security_card(
        self, timeout_s: float
    ) -> Result[SsCardFields | None, DeviceStatus]:
        return self._next()


def id_card(name: str, number: str) -> IdCardFields:
    return IdCardFields(
        name=name,
        sex="男",
        nation="汉",
        birth_date=number[6:14],
        address="北京市西城区示例街道1号",
        id_number=number,
        authority="北京市公安局西城分局",
        valid_from="20150101",
        valid_to="20350101",
        photo=bytes(range(256)) * 4,
    )
