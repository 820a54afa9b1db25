"""Golden frames for every command of both board families, round trips and malformed replies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peripherals.locker.codec import CODECS, Command, FamilyA, FamilyB, Op, Reply
from peripherals.locker.errors import BadChecksum, ShortReply, WrongAddress, WrongReply
from peripherals.locker.interface import DoorState

A, B = FamilyA(), FamilyB()
OPEN, SHUT = DoorState.OPEN, DoorState.CLOSED


def h(text: str) -> bytes:
    return bytes.fromhex(text)


@pytest.mark.parametrize(
    ("command", "frame"),
    [  # family A: the examples of REFERENCE.md §1.2 (public example code)
        (Command(Op.OPEN, 1, (1,)), "8A 01 01 11 9B"),
        (Command(Op.OPEN_ALL, 1), "8A 01 00 11 9A"),
        (Command(Op.QUERY, 1, (1,)), "80 01 01 33 B3"),
        (Command(Op.QUERY_ALL, 1), "80 01 00 33 B2"),
        (Command(Op.OPEN_MANY, 1, (2, 10, 18)), "90 01 02 02 02 93"),
        (Command(Op.POWER_ON, 1, (1,)), "9A 01 01 11 8B"),
        (Command(Op.POWER_OFF, 1, (1,)), "9B 01 01 11 8A"),
        (Command(Op.OPEN, 1, (6,)), "8A 01 06 11 9C"),
        (Command(Op.OPEN, 32, (24,)), "8A 20 18 11 A3"),
    ],
)
def test_family_a_golden_frames(command, frame):
    assert A.encode(command) == h(frame)
    assert A.decode_command(h(frame)) == command


@pytest.mark.parametrize(
    ("command", "frame"),
    [  # family B "WKLY": frames as built by public Android/ESP32 example code
        (Command(Op.OPEN, 0, (1,)), "57 4B 4C 59 09 00 82 01 83"),
        (Command(Op.QUERY, 0, (1,)), "57 4B 4C 59 09 00 83 01 82"),
        (Command(Op.QUERY_ALL, 0), "57 4B 4C 59 08 00 84 85"),
        (Command(Op.OPEN_ALL, 0), "57 4B 4C 59 08 00 86 87"),
        (Command(Op.OPEN_MANY, 0, (1, 2, 3)), "57 4B 4C 59 0C 00 80 03 01 02 03 86"),
        (Command(Op.FLASH, 0, (1,)), "57 4B 4C 59 09 00 81 01 80"),
        (Command(Op.POWER_ON, 1, (5,)), "57 4B 4C 59 09 01 88 05 8C"),
        (Command(Op.POWER_OFF, 1, (5,)), "57 4B 4C 59 09 01 89 05 8D"),
    ],
)
def test_family_b_golden_frames(command, frame):
    assert B.encode(command) == h(frame)
    assert B.decode_command(h(frame)) == command


def test_golden_replies_decode_to_door_states():
    assert A.decode_reply(Command(Op.OPEN, 1, (1,)), h("8A 01 01 00 8A")).doors == {1: OPEN}
    assert A.decode_reply(Command(Op.QUERY, 1, (1,)), h("80 01 01 11 91")).doors == {1: SHUT}
    doors = A.decode_reply(Command(Op.QUERY_ALL, 1), h("80 01 FD FF FF 33 4F")).doors
    assert doors[2] is OPEN and [n for n, s in doors.items() if s is OPEN] == [2]
    flash = B.decode_reply(Command(Op.FLASH, 0, (1,)), h("57 4B 4C 59 0A 00 81 00 01 83"))
    assert flash.done
    opened = B.decode_reply(Command(Op.OPEN, 0, (1,)), h("57 4B 4C 59 0B 00 82 00 01 00 81"))
    assert opened.doors == {1: OPEN}
    assert B.decode_reply(Command(Op.OPEN_MANY, 0, (1,)), h("57 4B 4C 59 09 00 80 00 80")).done


@pytest.mark.parametrize(
    ("codec", "command", "reply", "error"),
    [
        (A, Command(Op.QUERY, 1, (1,)), "80 01 01 11 90", BadChecksum),
        (A, Command(Op.QUERY, 1, (1,)), "80 02 01 11 92", WrongAddress),
        (A, Command(Op.QUERY, 1, (1,)), "80 01 02 11 92", WrongReply),
        (A, Command(Op.QUERY, 1, (1,)), "8A 01 01 11 9B", WrongReply),
        (A, Command(Op.QUERY_ALL, 1), "80 01 00 00", ShortReply),
        (B, Command(Op.QUERY, 0, (1,)), "57 4B 4C 59 0B 00 83 00 01 01 80", BadChecksum),
        (B, Command(Op.QUERY, 0, (1,)), "57 4B 4C 59 0B 02 83 00 01 01 83", WrongAddress),
        (B, Command(Op.QUERY, 0, (1,)), "57 4B 4C 59 0B 00 83 00", ShortReply),
        (B, Command(Op.QUERY, 0, (1,)), "57 4B 4C 58 0B 00 83 00 01 01 80", WrongReply),
        (B, Command(Op.QUERY_ALL, 0), "57 4B 4C 59 0A 00 84 05 00 82", ShortReply),
    ],
)
def test_malformed_replies_are_rejected(codec, command, reply, error):
    with pytest.raises(error):
        codec.decode_reply(command, h(reply))


def test_addresses_outside_the_family_are_refused_before_anything_is_sent():
    with pytest.raises(ValueError):
        A.encode(Command(Op.OPEN, 33, (1,)))
    with pytest.raises(ValueError):
        A.encode(Command(Op.OPEN, 1, (25,)))
    with pytest.raises(ValueError):
        B.encode(Command(Op.OPEN, 0, (13,)))


def test_inverted_boards_read_the_query_all_bits_the_other_way():
    inverted = FamilyA(locked_bit=0)
    doors = inverted.decode_reply(Command(Op.QUERY_ALL, 1), h("80 01 02 00 00 33 B0")).doors
    assert [n for n, s in doors.items() if s is OPEN] == [2]


door = st.sampled_from([OPEN, SHUT])


@given(st.sampled_from(sorted(CODECS)), st.data())
def test_every_command_round_trips(name, data):
    codec = CODECS[name]
    board = data.draw(st.sampled_from(codec.boards))
    locks = st.integers(1, codec.locks)
    op = data.draw(st.sampled_from([op for op in Op if op is not Op.FLASH or name == "wkly"]))
    if op is Op.OPEN_MANY:
        chosen = tuple(sorted(data.draw(st.sets(locks, min_size=1, max_size=codec.locks))))
    elif op in (Op.OPEN_ALL, Op.QUERY_ALL):
        chosen = ()
    else:
        chosen = (data.draw(locks),)
    command = Command(op, board, chosen)
    assert codec.decode_command(codec.encode(command)) == command


@given(st.sampled_from(sorted(CODECS)), st.data())
def test_door_states_round_trip_through_replies(name, data):
    codec = CODECS[name]
    board = data.draw(st.sampled_from(codec.boards))
    states = {n: data.draw(door) for n in range(1, codec.locks + 1)}
    everything = Reply(Op.QUERY_ALL, board, True, states)
    frame = codec.encode_reply(everything)
    assert codec.decode_reply(Command(Op.QUERY_ALL, board), frame).doors == states
    lock = data.draw(st.integers(1, codec.locks))
    one = Reply(Op.QUERY, board, True, {lock: states[lock]})
    reply = codec.decode_reply(Command(Op.QUERY, board, (lock,)), codec.encode_reply(one))
    assert reply.doors == {lock: states[lock]}


@given(st.sampled_from(sorted(CODECS)), st.integers(0, 255), st.data())
def test_any_single_corrupted_byte_is_caught(name, flip, data):
    codec = CODECS[name]
    command = Command(Op.QUERY, min(codec.boards), (1,))
    frame = bytearray(codec.encode_reply(Reply(Op.QUERY, command.board, True, {1: SHUT})))
    at = data.draw(st.integers(0, len(frame) - 1))
    if flip == 0:
        return
    frame[at] ^= flip
    with pytest.raises((BadChecksum, ShortReply, WrongAddress, WrongReply)):
        codec.decode_reply(command, bytes(frame))
