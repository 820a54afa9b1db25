"""Pure frame encoding and decoding for RS485 locker boards, one codec per board family.

No I/O here: the driver and the simulator both use these functions. Both families close each
frame with the XOR of every preceding byte.

**Family A, ``8a80``** (广州硕铭-style 485 boards, 9600 8N1, DIP address 1–32, 24 locks)::

    open one / all   8A <board> <lock|00> 11 <xor>     reply 8A <board> <lock> <state> <xor>
    query one        80 <board> <lock> 33 <xor>        reply 80 <board> <lock> <state> <xor>
    query all        80 <board> 00 33 <xor>            reply 80 <board> S1 S2 S3 33 <xor>
    open many        90 <board> S1 S2 S3 <xor>         reply: the same frame
    power on / off   9A|9B <board> <lock> 11 <xor>     reply: the same frame

``<state>`` 0x11 = locked (door shut), 0x00 = open. ``S1`` holds locks 1–8 (bit 0 = lock 1),
``S2`` 9–16, ``S3`` 17–24; in query-all replies a set bit means locked (the "24路 2021" sheet;
boards wired the other way exist, hence ``locked_bit``).

**Family B, ``wkly``** (12-channel cabinets)::

    57 4B 4C 59 <len> <board> <cmd> <data…> <xor>     len = whole frame length

0x80 open many (data: count, locks…; reply: status), 0x81 flash LED (lock; status, lock),
0x82 open one and 0x83 query one (lock; reply status, lock, door 0x01 shut / 0x00 open),
0x84 query all (no data; reply count, one door byte per lock), 0x86 open all (reply status),
0x88 / 0x89 channel power on / off (lock; status, lock). Status 0x00 = done.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from peripherals.locker.errors import BadChecksum, ShortReply, WrongAddress, WrongReply
from peripherals.locker.interface import DoorState


class Op(str, Enum):
    OPEN = "open"
    OPEN_ALL = "open_all"
    OPEN_MANY = "open_many"
    QUERY = "query"
    QUERY_ALL = "query_all"
    POWER_ON = "power_on"
    POWER_OFF = "power_off"
    FLASH = "flash"


@dataclass(frozen=True)
class Command:
    op: Op
    board: int
    locks: tuple[int, ...] = ()


@dataclass(frozen=True)
class Reply:
    """A decoded answer: which board, to what, whether it was done, and any door states."""

    op: Op
    board: int
    done: bool = True
    doors: dict[int, DoorState] = field(default_factory=dict)


def xor(data: bytes) -> int:
    return functools.reduce(operator.xor, data, 0)


def _sealed(body: bytes | list[int]) -> bytes:
    body = bytes(body)
    return body + bytes((xor(body),))


def _check_sum(frame: bytes) -> None:
    if xor(frame[:-1]) != frame[-1]:
        raise BadChecksum(f"checksum {frame[-1]:02x}, expected {xor(frame[:-1]):02x}")


def _mask(locks: tuple[int, ...], n_bytes: int) -> bytes:
    mask = bytearray(n_bytes)
    for lock in locks:
        mask[(lock - 1) // 8] |= 1 << ((lock - 1) % 8)
    return bytes(mask)


def _unmask(mask: bytes) -> list[int]:
    return [i * 8 + bit + 1 for i, byte in enumerate(mask) for bit in range(8) if byte >> bit & 1]


class LockerCodec(Protocol):
    name: str
    boards: range  # valid bus addresses
    locks: int  # locks per board
    head_length: int  # bytes to read before the reply's full length is known

    def encode(self, command: Command) -> bytes: ...

    def reply_length(self, command: Command, head: bytes) -> int: ...

    def decode_reply(self, command: Command, frame: bytes) -> Reply: ...

    def command_length(self, head: bytes) -> int | None: ...

    def decode_command(self, frame: bytes) -> Command: ...

    def encode_reply(self, reply: Reply) -> bytes: ...


def check_command(codec: LockerCodec, command: Command) -> None:
    """Reject addresses the family cannot carry (a bug in the caller, not a device fault)."""
    if command.board not in codec.boards:
        raise ValueError(f"{codec.name}: board {command.board} outside {codec.boards}")
    if not all(1 <= lock <= codec.locks for lock in command.locks):
        raise ValueError(f"{codec.name}: locks {command.locks} outside 1..{codec.locks}")


A_HEAD = {Op.OPEN: 0x8A, Op.OPEN_ALL: 0x8A, Op.QUERY: 0x80, Op.QUERY_ALL: 0x80,
          Op.POWER_ON: 0x9A, Op.POWER_OFF: 0x9B}  # fmt: skip


@dataclass(frozen=True)
class FamilyA:
    """The 0x8A / 0x80 boards."""

    locked_bit: int = 1  # value of a query-all bit for a locked door
    name: str = "8a80"
    boards: range = range(1, 33)
    locks: int = 24
    head_length: int = 1

    def encode(self, command: Command) -> bytes:
        check_command(self, command)
        op, board = command.op, command.board
        if op is Op.OPEN_MANY:
            return _sealed([0x90, board, *_mask(command.locks, 3)])
        if op not in A_HEAD:
            raise ValueError(f"{self.name} boards have no {op.value} command")
        lock = 0 if op in (Op.OPEN_ALL, Op.QUERY_ALL) else command.locks[0]
        function = 0x33 if op in (Op.QUERY, Op.QUERY_ALL) else 0x11
        return _sealed([A_HEAD[op], board, lock, function])

    def reply_length(self, command: Command, head: bytes) -> int:
        return {Op.QUERY_ALL: 7, Op.OPEN_MANY: 6}.get(command.op, 5)

    def _state(self, byte: int) -> DoorState:
        return {0x11: DoorState.CLOSED, 0x00: DoorState.OPEN}.get(byte, DoorState.UNKNOWN)

    def decode_reply(self, command: Command, frame: bytes) -> Reply:
        expected = self.reply_length(command, frame[:1])
        if len(frame) < expected:
            raise ShortReply(f"{len(frame)} of {expected} bytes")
        frame = frame[:expected]
        _check_sum(frame)
        sent = self.encode(command)
        if frame[0] != sent[0]:
            raise WrongReply(f"reply starts {frame[0]:02x}, sent {sent[0]:02x}")
        if frame[1] != command.board:
            raise WrongAddress(f"reply from board {frame[1]}, asked board {command.board}")
        op = command.op
        if op is Op.QUERY_ALL:
            if frame[5] != 0x33:
                raise WrongReply(f"query-all reply ends {frame[5]:02x}, expected 33")
            bits = int.from_bytes(frame[2:5], "little")
            doors = {
                lock: DoorState.CLOSED if (bits >> (lock - 1) & 1) == self.locked_bit
                else DoorState.OPEN
                for lock in range(1, self.locks + 1)
            }  # fmt: skip
            return Reply(op, command.board, True, doors)
        if op in (Op.OPEN_MANY, Op.POWER_ON, Op.POWER_OFF):
            if frame != sent:
                raise WrongReply("echo differs from the command")
            return Reply(op, command.board)
        lock = 0 if op is Op.OPEN_ALL else command.locks[0]
        if frame[2] != lock:
            raise WrongReply(f"reply for lock {frame[2]}, asked lock {lock}")
        doors = {lock: self._state(frame[3])} if lock else {}
        return Reply(op, command.board, True, doors)

    def command_length(self, head: bytes) -> int | None:
        return {0x8A: 5, 0x80: 5, 0x9A: 5, 0x9B: 5, 0x90: 6}.get(head[0])

    def decode_command(self, frame: bytes) -> Command:
        _check_sum(frame)
        head, board = frame[0], frame[1]
        if head == 0x90:
            return Command(Op.OPEN_MANY, board, tuple(_unmask(frame[2:5])))
        lock = frame[2]
        op = {0x8A: Op.OPEN, 0x80: Op.QUERY, 0x9A: Op.POWER_ON, 0x9B: Op.POWER_OFF}[head]
        if lock == 0 and op in (Op.OPEN, Op.QUERY):
            op = Op.OPEN_ALL if op is Op.OPEN else Op.QUERY_ALL
        return Command(op, board, (lock,) if lock else ())

    def encode_reply(self, reply: Reply) -> bytes:
        """What a board answers (simulator side); ``doors`` carries the states to report."""
        op, board = reply.op, reply.board
        if op is Op.QUERY_ALL:
            bits = sum(
                1 << (lock - 1)
                for lock, state in reply.doors.items()
                if (state is DoorState.CLOSED) == bool(self.locked_bit)
            )
            return _sealed([0x80, board, *bits.to_bytes(3, "little"), 0x33])
        if op in (Op.OPEN_MANY, Op.POWER_ON, Op.POWER_OFF):
            locks = tuple(reply.doors)
            return self.encode(Command(op, board, locks))
        [(lock, state)] = reply.doors.items() if reply.doors else [(0, DoorState.OPEN)]
        byte = 0x11 if state is DoorState.CLOSED else 0x00
        return _sealed([A_HEAD[op], board, lock, byte])


WKLY_START = b"WKLY"
B_CODE = {Op.OPEN_MANY: 0x80, Op.FLASH: 0x81, Op.OPEN: 0x82, Op.QUERY: 0x83, Op.QUERY_ALL: 0x84,
          Op.OPEN_ALL: 0x86, Op.POWER_ON: 0x88, Op.POWER_OFF: 0x89}  # fmt: skip
B_OPS = {code: op for op, code in B_CODE.items()}


@dataclass(frozen=True)
class FamilyB:
    """The framed "WKLY" boards."""

    name: str = "wkly"
    boards: range = range(256)
    locks: int = 12
    head_length: int = 5

    @staticmethod
    def _frame(board: int, code: int, data: bytes | list[int]) -> bytes:
        data = bytes(data)
        return _sealed(WKLY_START + bytes((len(data) + 8, board, code)) + data)

    def encode(self, command: Command) -> bytes:
        check_command(self, command)
        if command.op is Op.OPEN_MANY:
            data = [len(command.locks), *command.locks]
        elif command.op in (Op.QUERY_ALL, Op.OPEN_ALL):
            data = []
        else:
            data = [command.locks[0]]
        return self._frame(command.board, B_CODE[command.op], data)

    def reply_length(self, command: Command, head: bytes) -> int:
        return self.command_length(head) or len(head)

    def command_length(self, head: bytes) -> int | None:
        if len(head) < 5 or head[:4] != WKLY_START or not 8 <= head[4] <= 64:
            return None
        return head[4]

    def _split(self, frame: bytes) -> tuple[int, int, bytes]:
        if len(frame) < 8 or frame[:4] != WKLY_START:
            raise WrongReply("frame does not start with WKLY")
        if len(frame) < frame[4]:
            raise ShortReply(f"{len(frame)} of {frame[4]} bytes")
        frame = frame[: frame[4]]
        _check_sum(frame)
        return frame[5], frame[6], frame[7:-1]

    def decode_reply(self, command: Command, frame: bytes) -> Reply:
        board, code, data = self._split(frame)
        if board != command.board:
            raise WrongAddress(f"reply from board {board}, asked board {command.board}")
        if code != B_CODE[command.op]:
            raise WrongReply(f"reply to command {code:02x}, sent {B_CODE[command.op]:02x}")
        op = command.op
        if op is Op.QUERY_ALL:
            if not data or len(data) != data[0] + 1:
                raise ShortReply(f"query-all reply with {len(data)} data bytes")
            doors = {i + 1: self._state(b) for i, b in enumerate(data[1:])}
            return Reply(op, board, True, doors)
        if not data:
            raise ShortReply("reply without a status byte")
        done = data[0] == 0x00
        if op in (Op.OPEN, Op.QUERY):
            if len(data) != 3 or data[1] != command.locks[0]:
                raise WrongReply(f"reply data {data.hex(' ')} for lock {command.locks[0]}")
            return Reply(op, board, done, {data[1]: self._state(data[2])})
        return Reply(op, board, done)

    @staticmethod
    def _state(byte: int) -> DoorState:
        return {0x01: DoorState.CLOSED, 0x00: DoorState.OPEN}.get(byte, DoorState.UNKNOWN)

    def decode_command(self, frame: bytes) -> Command:
        board, code, data = self._split(frame)
        op = B_OPS.get(code)
        if op is None:
            raise WrongReply(f"unknown command {code:02x}")
        if op is Op.OPEN_MANY:
            return Command(op, board, tuple(data[1 : 1 + data[0]]))
        return Command(op, board, (data[0],) if data else ())

    def encode_reply(self, reply: Reply) -> bytes:
        code, status = B_CODE[reply.op], 0x00 if reply.done else 0x01
        if reply.op is Op.QUERY_ALL:
            states = [int(reply.doors[i] is DoorState.CLOSED) for i in sorted(reply.doors)]
            return self._frame(reply.board, code, [len(states), *states])
        if reply.op in (Op.OPEN, Op.QUERY):
            [(lock, state)] = reply.doors.items()
            return self._frame(reply.board, code, [status, lock, int(state is DoorState.CLOSED)])
        if reply.op in (Op.FLASH, Op.POWER_ON, Op.POWER_OFF):
            return self._frame(reply.board, code, [status, next(iter(reply.doors), 0)])
        return self._frame(reply.board, code, [status])


CODECS: dict[str, LockerCodec] = {"8a80": FamilyA(), "wkly": FamilyB()}
"""Board family (the config's ``model``) → codec. Add a family by adding a line."""


def redact(direction: str, frame: bytes) -> str:
    """Locker frames carry addresses and door states only: nothing to mask."""
    return frame.hex(" ")
