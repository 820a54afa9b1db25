"""A virtual social-security card speaking the vpcd protocol (vsmartcard's PC/SC driver).

pcscd loads ``libifdvpcd``, which listens on a TCP port (35963 for reader 0); this card
connects to it, which is "inserting" it, and closing the connection "removes" it. vpcd sends
a 2-byte big-endian length and a payload: one byte is a control (0 power off, 1 power on,
2 reset, 4 get ATR), more is an APDU; the card answers ATRs and APDUs the same way.
Control lines (``--control PORT``)::

    insert [N] | insert_invalid | remove | pull_mid_read [K] | state | help

``pull_mid_read K`` removes the card when its K-th APDU (default 3) arrives, unanswered.
Run: ``python -m peripherals.pcsc.simulator --vpcd-port 35963 [--control PORT] [--insert]``.
"""

from __future__ import annotations

import socket
import threading

from peripherals.pcsc.sscard import (
    AID,
    READ_CARD_NUMBER,
    RECORDS,
    SELECT_EF06,
    SsCardFields,
    encode_records,
)
from peripherals.simserver import serve_control

ATR = bytes.fromhex("3B6800000073C84013009000")
HELP = __doc__.split("::", 1)[1].split("``pull_mid_read", 1)[0].strip()
DEMO_HOLDERS = (  # fictitious people; numbers are well-formed, not real
    SsCardFields("A12345678", "310115200011031283", "李娜", "2", "01", "310115", "20001103"),
    SsCardFields("B87654321", "11010519491231002X", "张伟", "1", "01", "110105", "19491231"),
)
INVALID_HOLDER = SsCardFields(
    "A00000000", "310115200011031284", "李娜", "2", "01", "310115", "20001103"
)


class VirtualSsCard:
    """The card's answers, transport-free: ``answer(apdu) -> response``."""

    def __init__(self, holder: SsCardFields) -> None:
        self.records = encode_records(holder)
        self.selected_app = False
        self.selected_ef06 = False

    def answer(self, apdu: bytes) -> bytes:
        if apdu[:4] == bytes.fromhex("00A40400"):
            self.selected_app = apdu[5 : 5 + apdu[4]] == AID
            self.selected_ef06 = False
            return b"\x90\x00" if self.selected_app else b"\x6a\x82"
        if not self.selected_app:
            return b"\x69\x85"  # conditions of use not satisfied
        if apdu == SELECT_EF06:
            self.selected_ef06 = True
            return b"\x90\x00"
        if apdu == READ_CARD_NUMBER:
            return self.records["card_number"] + b"\x90\x00"
        if apdu[:2] == b"\x00\xb2" and apdu[3] in (0x00, 0x04) and apdu[2] in RECORDS:
            if not self.selected_ef06:
                return b"\x69\x86"  # no current EF
            return self.records[RECORDS[apdu[2]][0]] + b"\x90\x00"
        return b"\x6d\x00"


class VpcdCardSlot:
    """Inserts a virtual card into a vpcd reader (a TCP client of vpcd) and removes it."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.address = (host, port)
        self.apdus = 0
        self._pull_at: int | None = None
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def inserted(self) -> bool:
        return self._sock is not None

    def insert(self, holder: SsCardFields = DEMO_HOLDERS[0]) -> None:
        self.remove()
        sock = socket.create_connection(self.address, timeout=5)
        sock.settimeout(None)
        card = VirtualSsCard(holder)
        with self._lock:
            self._sock, self.apdus = sock, 0
        self._thread = threading.Thread(target=self._serve, args=(sock, card), daemon=True)
        self._thread.start()

    def remove(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def pull_mid_read(self, at_apdu: int = 3) -> None:
        self._pull_at = at_apdu

    def _serve(self, sock: socket.socket, card: VirtualSsCard) -> None:
        try:
            while (message := _receive(sock)) is not None:
                if len(message) == 1:
                    if message[0] == 4:
                        _send(sock, ATR)
                    continue
                self.apdus += 1
                if self._pull_at is not None and self.apdus >= self._pull_at:
                    self._pull_at = None
                    threading.Thread(target=self.remove, daemon=True).start()
                    return
                _send(sock, card.answer(message))
        except OSError:
            return

    def control(self, line: str) -> str:
        word, _, arg = line.strip().partition(" ")
        try:
            match word:
                case "insert":
                    self.insert(DEMO_HOLDERS[int(arg or 0) % len(DEMO_HOLDERS)])
                case "insert_invalid":
                    self.insert(INVALID_HOLDER)
                case "remove":
                    self.remove()
                case "pull_mid_read":
                    self.pull_mid_read(int(arg or 3))
                case "state":
                    pass
                case _:
                    return HELP
        except ValueError:
            return f"error: {word} needs a number"
        except OSError as exc:
            return f"error: vpcd not reachable at {self.address}: {exc}"
        return f"ok card={'inserted' if self.inserted else 'removed'} apdus={self.apdus}"


def _receive(sock: socket.socket) -> bytes | None:
    header = _exactly(sock, 2)
    if header is None:
        return None
    return _exactly(sock, int.from_bytes(header, "big"))


def _exactly(sock: socket.socket, n: int) -> bytes | None:
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(len(payload).to_bytes(2, "big") + payload)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m peripherals.pcsc.simulator", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--vpcd-port", type=int, default=35963)
    parser.add_argument("--control", type=int, default=0, metavar="PORT")
    parser.add_argument("--insert", action="store_true", help="insert the card at start")
    args = parser.parse_args(argv)
    slot = VpcdCardSlot(args.vpcd_port)
    if args.insert:
        print(slot.control("insert"), flush=True)

    server = serve_control(slot.control, args.control)
    print(
        f"virtual card for vpcd port {args.vpcd_port}; control port {server.server_address[1]}",
        flush=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        slot.remove()
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
