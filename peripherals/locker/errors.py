"""Locker-board protocol errors (under the shared :mod:`peripherals.errors` tree)."""

from __future__ import annotations

from peripherals.errors import BadChecksum, ProtocolError

__all__ = ["BadChecksum", "ProtocolError", "ShortReply", "WrongAddress", "WrongReply"]


class ShortReply(ProtocolError):
    """A frame shorter than its command or length byte requires."""

    code = "short_reply"


class WrongAddress(ProtocolError):
    """A reply from another board than the one asked (two boards share a DIP address?)."""

    code = "wrong_address"


class WrongReply(ProtocolError):
    """A well-formed frame that does not answer the command sent (header, command, lock)."""

    code = "wrong_reply"
