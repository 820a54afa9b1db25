"""ID-card reader simulator: a SAM module on a pty or TCP port, with scriptable faults.

It answers the same frames as a reader (``codec``) for a fictitious card placed on it. Faults
and card moves come out of band, with ``--fault`` at start or a line on the control port::

    place [N] | place_invalid | remove | card_removed | bad_checksum | sam_fail | sam_ok
    go_silent | no_reply | slow_reply S | reset | state | help

``card_removed`` pulls the card during the next read (the reader answers SW3 0x41);
``bad_checksum`` corrupts the next reply; ``place_invalid`` places a card whose ID number has a
wrong check digit. Run: ``python -m peripherals.idcard.simulator [--pty | --tcp PORT]
[--control PORT] [--fault CMD]``; it prints the device address and the control port.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field

from peripherals.errors import ProtocolError
from peripherals.idcard import codec
from peripherals.simserver import ReplyFaults, SimulatorServer, add_serve_options, run

# SimulatorServer is re-exported: its home is peripherals.simserver
__all__ = ["DEMO_CARDS", "IdCardSimulator", "SimulatorServer", "main"]

HELP = __doc__.split("::", 1)[1].split("``card_removed``", 1)[0].strip()

DEMO_CARDS = (  # fictitious people; numbers are well-formed, not real
    {
        "name": "张伟",
        "sex": "1",
        "nation": "01",
        "birth_date": "19491231",
        "address": "北京市西城区示例街道1号",
        "id_number": "11010519491231002X",
        "authority": "北京市公安局西城分局",
        "valid_from": "20150101",
        "valid_to": "长期",
    },
    {
        "name": "欧阳娜娜",
        "sex": "2",
        "nation": "03",
        "birth_date": "19850615",
        "address": "广东省深圳市福田区示例路88号示例大厦12层1201室",
        "id_number": "440304198506156724",
        "authority": "深圳市公安局福田分局",
        "valid_from": "20200301",
        "valid_to": "20400301",
    },
)
INVALID_CARD = {**DEMO_CARDS[0], "id_number": "110105194912310021"}


@dataclass
class Reader(ReplyFaults):
    """What the reader's sensors and SAM say, and the faults waiting to happen."""

    card: dict[str, str] | None = None
    sam_ok: bool = True
    bad_checksums: int = 0
    pull_on_read: bool = False
    log: list[str] = field(default_factory=list)


class IdCardSimulator:
    """The reader itself, transport-free: ``receive(bytes) -> reply bytes``."""

    def __init__(self) -> None:
        self.reader = Reader()
        self.commands: list[str] = []
        self._buffer = bytearray()
        self._lock = threading.Lock()

    def receive(self, data: bytes) -> bytes:
        replies = bytearray()
        with self._lock:
            self._buffer += data
            while (frame := self._next_frame()) is not None:
                replies += self._answer(frame)
            delay = self.reader.reply_delay_s
        if replies and delay:
            time.sleep(delay)
        return bytes(replies)

    def _next_frame(self) -> bytes | None:
        start = self._buffer.find(codec.PREAMBLE)
        if start < 0:
            del self._buffer[: max(0, len(self._buffer) - 4)]
            return None
        del self._buffer[:start]
        if len(self._buffer) < 7:
            return None
        try:
            total = 7 + codec.frame_length(bytes(self._buffer[:7]))
        except ProtocolError:
            del self._buffer[:1]
            return None
        if len(self._buffer) < total:
            return None
        frame = bytes(self._buffer[:total])
        del self._buffer[:total]
        return frame

    def _answer(self, frame: bytes) -> bytes:
        reader = self.reader
        try:
            command = codec.decode_command(frame)
        except ProtocolError:
            return b""  # a real module ignores a garbled command
        name = codec.COMMANDS.get(command, "unknown")
        self.commands.append(name)
        if reader.swallow():
            return b""
        reply = self._reply(name)
        if reader.bad_checksums:
            reader.bad_checksums -= 1
            reply = reply[:-1] + bytes((reply[-1] ^ 0xFF,))
        return reply

    def _reply(self, name: str) -> bytes:
        reader = self.reader
        if not reader.sam_ok:
            return codec.encode_reply(codec.SW_SAM_FAULT)
        card = reader.card
        match name:
            case "sam_status" | "sam_reset":
                return codec.encode_reply(codec.SW_OK)
            case "find_card":
                if card is None:
                    return codec.encode_reply(codec.SW_NO_CARD)
                return codec.encode_reply(codec.SW_CARD_FOUND, bytes(4))
            case "select_card":
                if card is None:
                    return codec.encode_reply(codec.SW_SELECT_FAILED)
                serial = hashlib.sha256(card["id_number"].encode()).digest()[:8]
                return codec.encode_reply(codec.SW_OK, serial)
            case "read_text":
                if card is None or reader.pull_on_read:
                    reader.card, reader.pull_on_read = None, False
                    return codec.encode_reply(codec.SW_READ_FAILED)
                photo = hashlib.sha512(card["name"].encode()).digest() * (codec.PHOTO_SIZE // 64)
                return codec.encode_reply(
                    codec.SW_OK, codec.join_read_data(codec.encode_text(card), photo)
                )
        return codec.encode_reply(codec.SW_SELECT_FAILED)

    def control(self, line: str) -> str:
        """Apply one control command; returns the reply line."""
        word, _, arg = line.strip().partition(" ")
        with self._lock:
            reader = self.reader
            try:
                match word:
                    case "place":
                        reader.card = dict(DEMO_CARDS[int(arg or 0) % len(DEMO_CARDS)])
                    case "place_invalid":
                        reader.card = dict(INVALID_CARD)
                    case "remove":
                        reader.card = None
                    case "card_removed":
                        reader.pull_on_read = True
                    case "bad_checksum":
                        reader.bad_checksums += 1
                    case "sam_fail" | "sam_ok":
                        reader.sam_ok = word == "sam_ok"
                    case "reset":
                        self.reader = Reader()
                    case "state":
                        pass
                    case "help" | "":
                        return HELP
                    case _ if not reader.script(word, arg):
                        return f"error: unknown command {word!r}; try help"
            except ValueError:
                return f"error: {word} needs a number"
            reader = self.reader
            reader.log.append(line.strip())
            return (
                f"ok card={'present' if reader.card else 'absent'} sam={'ok' if reader.sam_ok else 'fail'} "
                f"silent={reader.silent}"
            )


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m peripherals.idcard.simulator", description=__doc__.split("\n\n")[0]
    )
    add_serve_options(parser, fault_example='"place 1"', with_tell=False)
    args = parser.parse_args(argv)
    try:
        return run(IdCardSimulator(), args, "ID-card reader on {address}; control port {control}")
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
