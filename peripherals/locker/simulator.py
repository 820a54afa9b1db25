"""Locker-bus simulator: N controller boards of one family on a pty or TCP port, with faults.

It frames what it receives with the driver's own codec, answers as the addressed board would
(boards not on the bus stay silent, as on a real RS485 line) and keeps each door's state:
a pulsed door opens and closes again after ``close_after`` seconds (or never). Faults are
scripted out of band, at start (``--fault``) or on the control port
(``kiosk locker-sim --control PORT --tell CMD``)::

    close_after S|never [B L]   opened doors close after S seconds (all doors, or door B-L)
    open B L | close B L        someone opens / shuts door B-L by hand
    jam B L | unjam B L         the lock is pulsed but the door stays shut
    wrong_state B L open|closed|off   the sensor reports this whatever the door does
    go_silent [B] | wake [B]    board B (or every board) stops / resumes answering
    no_reply [N] | bad_checksum [N] | short_reply [N] | wrong_address [N]   next N replies
    slow_reply S                every reply S seconds late
    N:CMD                       apply CMD when the N-th command arrives (e.g. 3:bad_checksum)
    reset | state | help

Run: ``kiosk locker-sim --codec 8a80 --boards 2 [--pty | --tcp PORT] [--baud 9600]``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from peripherals.errors import ProtocolError
from peripherals.locker.codec import Command, LockerCodec, Op, Reply
from peripherals.locker.interface import DoorState
from peripherals.simserver import SimulatorServer

# SimulatorServer is re-exported: its home is peripherals.simserver
__all__ = ["LockerBusSimulator", "SimulatorServer"]

HELP = __doc__.split("::", 1)[1].split("Run:", 1)[0].strip()
REPLY_FAULTS = ("no_reply", "bad_checksum", "short_reply", "wrong_address")


@dataclass
class Door:
    state: DoorState = DoorState.CLOSED
    closes_at: float | None = None
    close_after_s: float | None = None  # None: the bus-wide setting applies
    jammed: bool = False
    reports: DoorState | None = None

    def sensed(self) -> DoorState:
        return self.reports or self.state


@dataclass
class Faults:
    silent: set[int] = field(default_factory=set)
    pending: dict[str, int] = field(default_factory=dict)  # reply fault -> replies left
    reply_delay_s: float = 0.0
    scheduled: dict[int, list[str]] = field(default_factory=dict)  # command number -> commands


class LockerBusSimulator:
    """The boards themselves, transport-free: ``receive(bytes) -> reply bytes``."""

    def __init__(
        self,
        codec: LockerCodec,
        boards: Iterable[int],
        close_after_s: float | None = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.codec = codec
        self.boards = tuple(boards)
        self.clock = clock
        self._initial_close_after = close_after_s
        self._lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        """Every door shut, no faults, empty logs."""
        self.close_after_s = self._initial_close_after
        locks = range(1, self.codec.locks + 1)
        self.doors = {(b, n): Door() for b in self.boards for n in locks}
        self.faults = Faults()
        self.commands: list[Command] = []
        self.pulses: list[tuple[int, int]] = []
        self._buffer = bytearray()

    # --- the wire ------------------------------------------------------------------------
    def receive(self, data: bytes) -> bytes:
        replies = bytearray()
        with self._lock:
            self._buffer += data
            while (frame := self._next_frame()) is not None:
                replies += self._answer(frame)
        return bytes(replies)

    def _next_frame(self) -> bytes | None:
        codec, buffer = self.codec, self._buffer
        while len(buffer) >= codec.head_length:
            length = codec.command_length(bytes(buffer[: codec.head_length]))
            if length is None:
                del buffer[0]  # noise on the line: resynchronise on the next byte
                continue
            if len(buffer) < length:
                return None
            frame = bytes(buffer[:length])
            del buffer[:length]
            return frame
        return None

    def _answer(self, frame: bytes) -> bytes:
        try:
            command = self.codec.decode_command(frame)
        except ProtocolError:
            return b""  # a real board ignores a frame it cannot read
        self.commands.append(command)
        for line in self.faults.scheduled.pop(len(self.commands), []):
            self.control(line)
        if command.board not in self.boards or command.board in self.faults.silent:
            return b""
        self._advance()
        reply = self._execute(command)
        return self._damage(self.codec.encode_reply(reply))

    def _execute(self, command: Command) -> Reply:
        board, op = command.board, command.op
        locks = command.locks or tuple(range(1, self.codec.locks + 1))
        if op in (Op.OPEN, Op.OPEN_ALL, Op.OPEN_MANY):
            for lock in locks:
                self._pulse(board, lock)
        if op in (Op.QUERY_ALL, Op.OPEN_ALL) or (op is Op.OPEN and not command.locks):
            doors = {n: self.doors[board, n].sensed() for n in locks}
            return Reply(op, board, True, doors if op is Op.QUERY_ALL else {})
        if op in (Op.OPEN, Op.QUERY):
            return Reply(op, board, True, {locks[0]: self.doors[board, locks[0]].sensed()})
        return Reply(op, board, True, {lock: DoorState.OPEN for lock in command.locks})

    def _pulse(self, board: int, lock: int) -> None:
        door = self.doors[board, lock]
        self.pulses.append((board, lock))
        if door.jammed or door.state is DoorState.OPEN:
            return
        door.state = DoorState.OPEN
        after = door.close_after_s if door.close_after_s is not None else self.close_after_s
        door.closes_at = None if after is None or after < 0 else self.clock() + after

    def _advance(self) -> None:
        now = self.clock()
        for door in self.doors.values():
            if door.closes_at is not None and now >= door.closes_at:
                door.state, door.closes_at = DoorState.CLOSED, None

    def _damage(self, reply: bytes) -> bytes:
        pending = self.faults.pending
        fault = next((f for f in REPLY_FAULTS if pending.get(f)), None)
        if fault is not None:
            pending[fault] -= 1
        if self.faults.reply_delay_s:
            time.sleep(self.faults.reply_delay_s)
        match fault:
            case "no_reply":
                return b""
            case "bad_checksum":
                return reply[:-1] + bytes((reply[-1] ^ 0x5A,))
            case "short_reply":
                return reply[: len(reply) // 2]
            case "wrong_address":
                at = 1 if self.codec.head_length == 1 else 5
                damaged = bytearray(reply)
                damaged[at] ^= 0x07
                damaged[-1] ^= 0x07  # still a valid checksum: only the address is wrong
                return bytes(damaged)
        return reply

    # --- the control channel ---------------------------------------------------------------
    def control(self, line: str) -> str:
        """Apply one control command; returns the reply line."""
        words = line.split()
        if not words or words[0] == "help":
            return HELP
        with self._lock:
            try:
                error = self._apply(words)
            except (ValueError, KeyError, IndexError):
                error = f"error: bad arguments for {words[0]!r}; try help"
            return error or self.describe()

    def _door(self, words: list[str]) -> Door:
        return self.doors[int(words[1]), int(words[2])]

    def _apply(self, words: list[str]) -> str | None:
        word, args = words[0], words[1:]
        faults = self.faults
        if ":" in word:
            number, _, command = " ".join(words).partition(":")
            faults.scheduled.setdefault(len(self.commands) + int(number), []).append(command)
            return None
        match word:
            case "close_after":
                seconds = None if args[0] == "never" else float(args[0])
                if len(args) == 3:
                    self._door(words[1:]).close_after_s = -1.0 if seconds is None else seconds
                else:
                    self.close_after_s = seconds
            case "open" | "close":
                door = self._door(words)
                door.state = DoorState.OPEN if word == "open" else DoorState.CLOSED
                door.closes_at = None
            case "jam" | "unjam":
                self._door(words).jammed = word == "jam"
            case "wrong_state":
                self._door(words).reports = None if args[2] == "off" else DoorState(args[2])
            case "go_silent" | "wake":
                boards = {int(args[0])} if args else set(self.boards)
                silent = faults.silent
                faults.silent = silent | boards if word == "go_silent" else silent - boards
            case "slow_reply":
                faults.reply_delay_s = float(args[0])
            case "reset":
                self.reset()
            case "state":
                pass
            case _ if word in REPLY_FAULTS:
                faults.pending[word] = faults.pending.get(word, 0) + (int(args[0]) if args else 1)
            case _:
                return f"error: unknown command {word!r}; try help"
        return None

    def describe(self) -> str:
        self._advance()
        opened = [f"{b}-{n}" for (b, n), d in self.doors.items() if d.state is DoorState.OPEN]
        jammed = [f"{b}-{n}" for (b, n), d in self.doors.items() if d.jammed]
        return (
            f"ok codec={self.codec.name} boards={','.join(map(str, self.boards))} "
            f"open={','.join(opened) or '-'} jammed={','.join(jammed) or '-'} "
            f"silent={','.join(map(str, sorted(self.faults.silent))) or '-'} "
            f"commands={len(self.commands)}"
        )


if __name__ == "__main__":
    import sys

    from kiosk.cli import main

    sys.exit(main(["locker-sim", *sys.argv[1:]]))
