"""RS485 locker bus over any link, as a :class:`LockerBus`; one codec per board family.

One lock serialises the half-duplex bus: a command and its reply are never interleaved with
another. Every reply has a deadline (its wire time plus ``reply_s``); a missing or malformed
reply (checksum, address, length) is retried up to ``retries`` times, except the open pulse
itself, which is sent once: the door is then read back until it shows open or ``confirm_s``
passes, so a lost echo never pulses a lock twice and a lost status read never counts as open.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.result import Err, Ok, Result
from peripherals.errors import DeviceNotFound, LinkError, LinkTimeout, PeripheralError
from peripherals.link import Deadline, Link, open_link
from peripherals.locker import status as mapping
from peripherals.locker.codec import CODECS, Command, LockerCodec, Op, Reply, redact
from peripherals.locker.interface import DoorState, LockerFailure, OpenFailure
from peripherals.locker.profile import UnknownLayout, load_layout
from peripherals.rawlog import RawTraffic
from peripherals.status import DeviceState, DeviceStatus, StatusBoard

if TYPE_CHECKING:
    from kiosk.config import Peripheral
    from peripherals.registry import DeviceContext

DEFAULT_LAYOUT = "demo-2x24"


@dataclass(frozen=True)
class LockerTimeouts:
    reply_s: float = 0.15  # a board answers within a few ms; the rest is slack for USB-RS485
    retries: int = 2  # extra attempts for a missing or malformed reply
    confirm_s: float = 1.5  # the door must read open within this after the pulse
    poll_s: float = 0.05  # between door reads while confirming
    write_s: float = 0.5
    baudrate: int = 9600
    offline_after: int = 3  # silent sweeps in a row before "offline"

    def wire_s(self, n_bytes: int) -> float:
        return n_bytes * 10 / self.baudrate


class Rs485LockerBus:
    """The boards of one RS485 line; one instance per configured locker device."""

    device_class = "locker"

    def __init__(
        self,
        device_id: str,
        link: Link,
        codec: LockerCodec,
        boards: tuple[int, ...],
        board: StatusBoard,
        traffic: RawTraffic,
        timeouts: LockerTimeouts = LockerTimeouts(),
    ) -> None:
        self.device_id = device_id
        self.boards = boards
        self.locks_per_board = codec.locks
        self.codec = codec
        self.raw_traffic = traffic
        self._link = link
        self._board = board
        self._timeouts = timeouts
        self._silent_sweeps = 0
        self._bus = threading.Lock()
        self._pause = threading.Event()  # never set: a deadline-bounded wait between reads

    # --- Device ----------------------------------------------------------------------------
    def status(self) -> DeviceStatus:
        """Ask every board once for all its doors; online only if every board answers."""
        answered, error = 0, "no_reply"
        with self._bus:
            for address in self.boards:
                try:
                    self._exchange(Command(Op.QUERY_ALL, address), retries=0)
                    answered += 1
                except DeviceNotFound as exc:
                    return self._publish(mapping.failure_status(self.device_id, exc))
                except PeripheralError as exc:
                    error = exc.code
        self._silent_sweeps = 0 if answered else self._silent_sweeps + 1
        return self._publish(mapping.summarize_sweep(
            self.device_id, len(self.boards), answered, self._silent_sweeps,
            self._timeouts.offline_after, error,
        ))  # fmt: skip

    def close(self) -> None:
        with self._bus:
            self._link.close()

    # --- LockerBus -------------------------------------------------------------------------
    def open_door(self, board: int, lock: int) -> Result[DoorState, LockerFailure]:
        with self._bus:
            self.raw_traffic.note(f"open {board}-{lock}")
            try:
                self._exchange(Command(Op.OPEN, board, (lock,)), retries=0)
            except DeviceNotFound as exc:
                return self._failed(exc, 1)
            except PeripheralError as exc:  # the echo is only a courtesy: read the door
                self.raw_traffic.note(f"open {board}-{lock}: no valid echo ({exc.code})")
            deadline = Deadline.after(self._timeouts.confirm_s)
            reads = 0
            while True:
                reads += 1
                try:
                    state = self._query(board, lock)
                except PeripheralError as exc:
                    return self._failed(exc, reads)
                if state is DoorState.OPEN:
                    self._publish(mapping.status(self.device_id, DeviceState.ONLINE))
                    return Ok(DoorState.OPEN)
                if deadline.expired():
                    self.raw_traffic.note(f"open {board}-{lock}: door still {state.value}")
                    status = mapping.status(self.device_id, DeviceState.ONLINE)
                    return Err(LockerFailure(OpenFailure.NOT_OPENED, status, reads))
                self._pause.wait(min(self._timeouts.poll_s, deadline.time_left()))

    def door_state(self, board: int, lock: int) -> Result[DoorState, LockerFailure]:
        with self._bus:
            try:
                return Ok(self._query(board, lock))
            except PeripheralError as exc:
                return self._failed(exc, self._timeouts.retries + 1)

    def door_states(self, board: int) -> Result[dict[int, DoorState], LockerFailure]:
        with self._bus:
            try:
                return Ok(self._exchange(Command(Op.QUERY_ALL, board)).doors)
            except PeripheralError as exc:
                return self._failed(exc, self._timeouts.retries + 1)

    # --- the wire --------------------------------------------------------------------------
    def _query(self, board: int, lock: int) -> DoorState:
        return self._exchange(Command(Op.QUERY, board, (lock,))).doors[lock]

    def _exchange(self, command: Command, retries: int | None = None) -> Reply:
        """Send ``command`` and return its validated reply; raises after the last attempt."""
        frame = self.codec.encode(command)
        attempts = 1 + (self._timeouts.retries if retries is None else retries)
        for attempt in range(attempts):
            try:
                self._link.discard_input()
                self._link.write(frame, Deadline.after(self._timeouts.write_s))
                return self.codec.decode_reply(command, self._read_reply(command, len(frame)))
            except DeviceNotFound:
                raise
            except (LinkTimeout, PeripheralError) as exc:
                if isinstance(exc, LinkError) and not isinstance(exc, LinkTimeout):
                    raise
                self.raw_traffic.note(f"{command.op.value} {command.board}: {exc.code}")
                if attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")

    def _read_reply(self, command: Command, sent: int) -> bytes:
        timeouts, codec = self._timeouts, self.codec
        deadline = Deadline.after(timeouts.reply_s + timeouts.wire_s(sent + codec.head_length))
        head = self._link.read(codec.head_length, deadline)
        rest = codec.reply_length(command, head) - len(head)
        tail = self._link.read(rest, Deadline.after(timeouts.wire_s(rest) + 0.05)) if rest else b""
        return head + tail

    # --- status ----------------------------------------------------------------------------
    def _failed(self, exc: PeripheralError, attempts: int) -> Err:
        if isinstance(exc, LinkError) and not isinstance(exc, LinkTimeout):
            self._link.close()
        status = self._publish(mapping.failure_status(self.device_id, exc))
        return Err(LockerFailure(mapping.failure_reason(exc), status, attempts))

    def _publish(self, status: DeviceStatus) -> DeviceStatus:
        self._board.update(status, self.raw_traffic.recent())
        return status


def layout_for(settings: Peripheral):
    codec = CODECS[settings.model]
    return load_layout(settings.profile or DEFAULT_LAYOUT, codec.locks, codec.boards)


def check(settings: Peripheral) -> list[tuple[str, str]]:
    """Config problems of a locker entry (registry hook): the layout must fit the family."""
    try:
        layout_for(settings)
    except UnknownLayout as exc:
        return [("profile", str(exc))]
    return []


def build(context: DeviceContext) -> Rs485LockerBus:
    """The bus for ``[peripherals.<id>] class = "locker", model = "8a80" | "wkly"``."""
    settings = context.settings
    traffic = RawTraffic(context.device_id, context.log_dir, settings.raw_log, redact)
    timeouts = LockerTimeouts(
        reply_s=settings.status_timeout_s, write_s=settings.timeout_s, baudrate=settings.baudrate
    )
    link = open_link(settings.url, settings.baudrate, traffic)
    codec = CODECS[settings.model]
    boards = layout_for(settings).boards
    return Rs485LockerBus(context.device_id, link, codec, boards, context.board, traffic, timeouts)
