"""Resident ID card reader with a SAM module over a serial link, as an :class:`IdCardReader`.

Find card → select → read text and photo, each one frame out and one back with its deadline.
Find-card polls are paced at least ``poll_s`` (300 ms) apart, as SAM modules require. Device
exceptions stop here: callers get a :class:`DeviceStatus`, ``Ok`` or ``Err``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.result import Err, Ok, Result
from peripherals.errors import DeviceNotFound, LinkError, LinkTimeout, PeripheralError
from peripherals.idcard import codec
from peripherals.idcard.interface import IdCardFields
from peripherals.link import Deadline, Link, open_link
from peripherals.rawlog import RawTraffic
from peripherals.status import CardMedia, CardPresence, DeviceState, DeviceStatus, StatusBoard

if TYPE_CHECKING:
    from kiosk.config import Peripheral
    from peripherals.registry import DeviceContext


@dataclass(frozen=True)
class SamTimeouts:
    status_s: float = 0.3  # SAM status answer
    reply_s: float = 1.0  # find / select (vendor SDKs: 1000 ms)
    read_s: float = 3.0  # text + photo (vendor SDKs: 3000 ms)
    poll_s: float = 0.3  # find-card polls never closer than this
    offline_after: int = 3  # silent polls in a row before "offline"


class SamIdCardReader:
    """One SAM ID-card reader; thread-safe, one exchange at a time."""

    device_class = "idcard"

    def __init__(
        self,
        device_id: str,
        link: Link,
        board: StatusBoard,
        traffic: RawTraffic,
        timeouts: SamTimeouts = SamTimeouts(),
    ) -> None:
        self.device_id = device_id
        self.raw_traffic = traffic
        self._link = link
        self._board = board
        self._timeouts = timeouts
        self._lock = threading.Lock()
        self._cancel = threading.Event()  # ends a waiting read_card
        self._last_find = 0.0
        self._silent = 0
        self._card = CardPresence.UNKNOWN

    # --- Device ---------------------------------------------------------------------------
    def status(self) -> DeviceStatus:
        with self._lock:
            try:
                reply = self._exchange(codec.SAM_STATUS, self._timeouts.status_s)
            except PeripheralError as exc:
                return self._failed(exc)
            if reply.sw3 != codec.SW_OK:
                return self._publish(DeviceState.HARDWARE_ERROR, f"sam_{reply.sw3:02x}")
            return self._publish(DeviceState.ONLINE)

    def close(self) -> None:
        self.cancel()
        with self._lock:
            self._link.close()

    # --- IdCardReader ---------------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()

    def card_present(self) -> Result[bool, DeviceStatus]:
        with self._lock:
            try:
                found = self._find()
            except PeripheralError as exc:
                return Err(self._failed(exc))
            self._card = CardPresence.PRESENT if found else CardPresence.ABSENT
            self._publish(DeviceState.ONLINE)
            return Ok(found)

    def read_card(self, timeout_s: float) -> Result[IdCardFields | None, DeviceStatus]:
        deadline = Deadline.after(timeout_s)
        self._cancel.clear()
        while True:
            with self._lock:
                try:
                    result = self._try_read()
                except PeripheralError as exc:
                    return Err(self._failed(exc))
            if result is not None:
                return result
            if deadline.expired() or self._cancel.wait(
                min(self._timeouts.poll_s, deadline.time_left())
            ):
                return Ok(None)

    # --- inside the lock ------------------------------------------------------------------
    def _try_read(self) -> Result[IdCardFields, DeviceStatus] | None:
        """One find → select → read attempt; None when no card is there yet."""
        if not self._find():
            self._card = CardPresence.ABSENT
            self._publish(DeviceState.ONLINE)
            return None
        self._card = CardPresence.PRESENT
        if self._exchange(codec.SELECT_CARD, self._timeouts.reply_s).sw3 != codec.SW_OK:
            return None  # found but not selectable yet (still being placed): poll again
        reply = self._exchange(codec.READ_TEXT, self._timeouts.read_s)
        if reply.sw3 != codec.SW_OK:
            self._card = CardPresence.ABSENT
            self.raw_traffic.note(f"read failed, SW3 {reply.sw3:02x}: card removed")
            return Err(self._publish(DeviceState.ONLINE, "card_removed"))
        text, photo = codec.split_read_data(reply.data)
        raw = codec.decode_text(text)
        self._publish(DeviceState.ONLINE)
        return Ok(
            IdCardFields(
                name=raw["name"],
                sex=codec.sex_name(raw["sex"]),
                nation=codec.nation_name(raw["nation"]),
                birth_date=raw["birth_date"],
                address=raw["address"],
                id_number=raw["id_number"],
                authority=raw["authority"],
                valid_from=raw["valid_from"],
                valid_to=raw["valid_to"],
                photo=photo,
            )
        )

    def _find(self) -> bool:
        wait = self._last_find + self._timeouts.poll_s - time.monotonic()
        if wait > 0:
            time.sleep(wait)  # pacing (< poll_s), kept even after a cancelled read
        try:
            reply = self._exchange(codec.FIND_CARD, self._timeouts.reply_s)
        finally:
            self._last_find = time.monotonic()
        return reply.sw3 == codec.SW_CARD_FOUND

    def _exchange(self, command: tuple[int, int], timeout_s: float) -> codec.Reply:
        self._link.discard_input()
        self._link.write(codec.encode_command(command), Deadline.after(timeout_s))
        deadline = Deadline.after(timeout_s)
        header = self._link.read(7, deadline)
        rest = self._link.read(codec.frame_length(header), deadline)
        reply = codec.decode_reply(header + rest)
        self._silent = 0
        return reply

    def _failed(self, exc: PeripheralError) -> DeviceStatus:
        self.raw_traffic.note(str(exc))
        self._card = CardPresence.UNKNOWN
        if isinstance(exc, DeviceNotFound):
            return self._publish(DeviceState.NO_DEVICE, exc.code)
        if isinstance(exc, LinkError) and not isinstance(exc, LinkTimeout):
            self._link.close()
            return self._publish(DeviceState.OFFLINE, exc.code)
        self._silent += 1  # no reply or a garbled one: not known to be healthy
        silent = self._silent >= self._timeouts.offline_after
        return self._publish(DeviceState.OFFLINE if silent else DeviceState.UNKNOWN, exc.code)

    def _publish(self, state: DeviceState, error: str | None = None) -> DeviceStatus:
        status = DeviceStatus(self.device_id, self.device_class, state, CardMedia(self._card))
        if error is not None:
            status = status.with_error(error)
        self._board.update(status, self.raw_traffic.recent())
        return status


def check(settings: Peripheral) -> list[tuple[str, str]]:
    """Config problems of an ID-card reader entry (registry hook): none beyond the URL."""
    return []


def build(context: DeviceContext) -> SamIdCardReader:
    """The reader for ``[peripherals.<id>] class = "idcard", model = "sam"``."""
    settings = context.settings
    traffic = RawTraffic(context.device_id, context.log_dir, settings.raw_log, codec.redact)
    timeouts = SamTimeouts(
        status_s=settings.status_timeout_s,
        reply_s=settings.timeout_s,
        read_s=max(3.0, settings.timeout_s),
    )
    link = open_link(settings.url, settings.baudrate, traffic)
    return SamIdCardReader(context.device_id, link, context.board, traffic, timeouts)
