"""A PC/SC reader through pcscd (pyscard's ``scard`` layer), as a :class:`SmartCardReader`.

The configured URL is ``pcsc:<reader name prefix>`` (``pcsc:`` alone: the first reader), e.g.
``pcsc:Virtual PCD 00 00`` under vpcd. Waits are sliced (``slice_s``) so ``cancel`` ends them;
card insertion and removal reach the bus as ``CardMedia`` changes on the status board. APDUs
go to the raw log with responses masked.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from smartcard import scard

from kiosk.result import Err, Ok, Result
from peripherals.errors import DeviceNotFound, LinkTimeout, PeripheralError
from peripherals.link import Deadline
from peripherals.pcsc import sscard
from peripherals.pcsc.errors import CardError, CardRemoved, NoReader, raise_for
from peripherals.pcsc.interface import Apdu
from peripherals.rawlog import RawTraffic
from peripherals.status import CardMedia, CardPresence, DeviceState, DeviceStatus, StatusBoard

if TYPE_CHECKING:
    from kiosk.config import Peripheral
    from peripherals.registry import DeviceContext

PROTOCOLS = scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
SLICE_S = 0.25


class PcscReader:
    device_class = "pcsc"

    def __init__(
        self, device_id: str, reader_prefix: str, board: StatusBoard, traffic: RawTraffic
    ) -> None:
        self.device_id = device_id
        self.raw_traffic = traffic
        self._prefix = reader_prefix
        self._board = board
        self._lock = threading.RLock()
        self._cancel = threading.Event()
        self._context: int | None = None
        self._card: tuple[int, int] | None = None  # handle, protocol
        self._presence = CardPresence.UNKNOWN

    # --- Device ---------------------------------------------------------------------------
    def status(self) -> DeviceStatus:
        with self._lock:
            try:
                self._state(0)
            except PeripheralError as exc:
                return self._failed(exc)
            return self._publish(DeviceState.ONLINE)

    def close(self) -> None:
        self.cancel()
        with self._lock:
            self._disconnect()
            if self._context is not None:
                scard.SCardReleaseContext(self._context)
                self._context = None

    def cancel(self) -> None:
        self._cancel.set()

    # --- SmartCardReader ------------------------------------------------------------------
    def card_present(self) -> Result[bool, DeviceStatus]:
        with self._lock:
            try:
                present = self._state(0)[0]
            except PeripheralError as exc:
                return Err(self._failed(exc))
            self._publish(DeviceState.ONLINE)
            return Ok(present)

    def wait_for_card(self, timeout_s: float) -> Result[bytes | None, DeviceStatus]:
        deadline = Deadline.after(timeout_s)
        self._cancel.clear()
        while True:
            with self._lock:
                try:
                    present, atr = self._state(min(SLICE_S, deadline.time_left()))
                except PeripheralError as exc:
                    return Err(self._failed(exc))
                self._publish(DeviceState.ONLINE)
            if present:
                return Ok(atr)
            if deadline.expired() or self._cancel.is_set():
                return Ok(None)

    def transmit(self, command: bytes) -> Result[Apdu, DeviceStatus]:
        with self._lock:
            try:
                return Ok(self._transmit(command))
            except PeripheralError as exc:
                return Err(self._failed(exc))

    def read_social_security_card(
        self, timeout_s: float
    ) -> Result[sscard.SsCardFields | None, DeviceStatus]:
        """Wait for a card, select the SSSE application and read the basic fields."""
        match self.wait_for_card(timeout_s):
            case Ok(None):
                return Ok(None)
            case Err() as failed:
                return failed
        with self._lock:
            try:
                records = {}
                for name, command in sscard.READ_PLAN:
                    apdu = self._transmit(command)
                    good = (
                        sscard.select_ok(apdu.sw)
                        if name.startswith("select")
                        else (apdu.sw == sscard.SW_OK)
                    )
                    if not good:
                        raise CardError(f"{name}: SW {apdu.sw:04x}")
                    records[name] = apdu.data
                fields = sscard.decode_fields(records)
            except PeripheralError as exc:
                return Err(self._failed(exc))
            finally:
                self._disconnect()
            return Ok(fields)

    # --- inside the lock ------------------------------------------------------------------
    def _ctx(self) -> int:
        if self._context is None:
            result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            raise_for(result, "connect to pcscd")
            self._context = context
        return self._context

    def _reader(self) -> str:
        result, readers = scard.SCardListReaders(self._ctx(), [])
        if result != scard.SCARD_E_NO_READERS_AVAILABLE:
            raise_for(result, "list readers")
        for name in readers or []:
            if name.startswith(self._prefix):
                return name
        raise NoReader(f"no PC/SC reader named {self._prefix or 'anything'}*")

    def _state(self, wait_s: float) -> tuple[bool, bytes]:
        """(card present, ATR) of the reader, waiting up to ``wait_s`` for a change."""
        try:
            reader = self._reader()
            current = scard.SCARD_STATE_UNAWARE
            result, states = scard.SCardGetStatusChange(self._ctx(), 0, [(reader, current)])
            raise_for(result, "reader state")
            current = states[0][1] & ~scard.SCARD_STATE_CHANGED
            if wait_s > 0 and not current & scard.SCARD_STATE_PRESENT:
                result, found = scard.SCardGetStatusChange(
                    self._ctx(), int(wait_s * 1000), [(reader, current)]
                )
                if result != scard.SCARD_E_TIMEOUT:
                    raise_for(result, "wait for a card")
                    states = found
        except DeviceNotFound:
            self._reset_context()
            raise
        _, event, atr = states[0]
        present = bool(event & scard.SCARD_STATE_PRESENT) and not event & scard.SCARD_STATE_MUTE
        self._presence = CardPresence.PRESENT if present else CardPresence.ABSENT
        if not present:
            self._disconnect()
        return present, bytes(atr)

    def _transmit(self, command: bytes) -> Apdu:
        if self._card is None:
            result, handle, protocol = scard.SCardConnect(
                self._ctx(), self._reader(), scard.SCARD_SHARE_SHARED, PROTOCOLS
            )
            raise_for(result, "connect to the card")
            self._card = (handle, protocol)
        handle, protocol = self._card
        self.raw_traffic.frame("TX", command)
        result, response = scard.SCardTransmit(handle, protocol, list(command))
        try:
            raise_for(result, "transmit")
        except PeripheralError:
            self._disconnect()
            raise
        response = bytes(response)
        self.raw_traffic.frame("RX", response)
        if len(response) < 2:  # the card went mute mid-APDU: pulled out (vpcd says so this way)
            self._disconnect()
            raise CardRemoved(f"response of {len(response)} bytes: card left the reader")
        return Apdu(response[:-2], int.from_bytes(response[-2:], "big"))

    def _disconnect(self) -> None:
        if self._card is not None:
            handle, self._card = self._card[0], None
            scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)

    def _reset_context(self) -> None:
        self._card = None
        if self._context is not None:
            scard.SCardReleaseContext(self._context)
            self._context = None

    def _failed(self, exc: PeripheralError) -> DeviceStatus:
        self.raw_traffic.note(str(exc))
        if isinstance(exc, CardRemoved):
            self._presence = CardPresence.ABSENT
            return self._publish(DeviceState.ONLINE, exc.code)
        if isinstance(exc, DeviceNotFound):
            self._presence = CardPresence.UNKNOWN
            return self._publish(DeviceState.NO_DEVICE, exc.code)
        state = DeviceState.UNKNOWN if isinstance(exc, LinkTimeout) else DeviceState.ONLINE
        return self._publish(state, exc.code)

    def _publish(self, state: DeviceState, error: str | None = None) -> DeviceStatus:
        status = DeviceStatus(self.device_id, self.device_class, state, CardMedia(self._presence))
        if error is not None:
            status = status.with_error(error)
        self._board.update(status, self.raw_traffic.recent())
        return status


def reader_prefix(url: str) -> str:
    return url.removeprefix("pcsc:")


def check(settings: Peripheral) -> list[tuple[str, str]]:
    """Config problems of a PC/SC reader entry (registry hook)."""
    if not settings.url.startswith("pcsc:"):
        return [("url", "a PC/SC reader is pcsc:<reader name prefix>, e.g. pcsc:Virtual PCD 00")]
    return []


def build(context: DeviceContext) -> PcscReader:
    """The reader for ``[peripherals.<id>] class = "pcsc", model = "pyscard"``."""
    settings = context.settings
    traffic = RawTraffic(context.device_id, context.log_dir, settings.raw_log, sscard.redact)
    return PcscReader(context.device_id, reader_prefix(settings.url), context.board, traffic)
