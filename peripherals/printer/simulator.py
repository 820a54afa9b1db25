"""Printer simulator: an ESC/POS printer on a pty or a TCP port, with scriptable faults.

It answers ``DLE EOT n`` like a real printer, prints what it receives into pages (decoded with
the driver's own decoder) and writes each cut page as text and PNG. Faults come out of band:
``--fault`` at start or a line on the control port (``kiosk printer-sim --control PORT --tell CMD``)::

    paper_out | paper_near_end | paper_ok | paper_out_after N | cover_open | cover_close
    go_silent | no_reply | slow_reply S | reset | state | help

Run: ``kiosk printer-sim [--pty | --tcp PORT] [--control PORT] [--out DIR] [--baud 115200]``.
With ``--baud`` it takes the wire time of every byte, so timings match a real serial line.
"""

from __future__ import annotations

import os
import select
import socket
import socketserver
import termios
import threading
import time
import tty
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from peripherals.printer.decode import Page, PaperModel, Token, Tokenizer
from peripherals.printer.profile import PrinterProfile

PRINTING_TOKENS = {"text", "lf", "qr", "raster", "cut"}
HELP = __doc__.split("::", 1)[1].split("Run:", 1)[0].strip()


@dataclass
class Mechanism:
    """What the printer's sensors say, and the scripted faults waiting to happen."""

    paper: str = "ok"  # ok | near_end | out
    cover_open: bool = False
    silent: bool = False
    skip_replies: int = 0
    reply_delay_s: float = 0.0
    paper_out_after_lines: int | None = None

    def status_byte(self, n: int) -> int:
        stopped = self.paper == "out"
        if n == 1:
            return 0x16 | (0x08 if stopped or self.cover_open else 0)
        if n == 2:
            return 0x12 | (0x04 if self.cover_open else 0) | (0x20 if stopped else 0)
        if n == 4:
            return 0x12 | {"ok": 0, "near_end": 0x0C, "out": 0x6C}[self.paper]
        return 0x12

    @property
    def can_print(self) -> bool:
        return self.paper != "out" and not self.cover_open


class PrinterSimulator:
    """The printer itself, transport-free: ``receive(bytes) -> reply bytes``."""

    def __init__(
        self,
        profile: PrinterProfile,
        out_dir: Path | None = None,
        cache_dir: Path | None = None,
        on_page: Callable[[Page], None] | None = None,
    ) -> None:
        self.profile = profile
        self.out_dir = out_dir
        self.cache_dir = cache_dir
        self.mechanism = Mechanism()
        self.received = bytearray()
        self.pages: list[Page] = []
        self.status_queries = 0
        self._on_page = on_page
        self._tokenizer = Tokenizer()
        self._paper = PaperModel(profile.encoding)
        self._lock = threading.Lock()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printer-sim-out")

    def receive(self, data: bytes) -> bytes:
        replies = bytearray()
        with self._lock:
            self.received += data
            for token in self._tokenizer.feed(data):
                if token.kind == "status":
                    replies += self._answer(token.args[0])
                elif token.kind in PRINTING_TOKENS and not self.mechanism.can_print:
                    continue  # stopped: a real printer holds or drops it; nothing reaches paper
                else:
                    self._print(token)
        if replies and self.mechanism.reply_delay_s:
            time.sleep(self.mechanism.reply_delay_s)
        return bytes(replies)

    def _answer(self, n: int) -> bytes:
        self.status_queries += 1
        mech = self.mechanism
        if mech.silent:
            return b""
        if mech.skip_replies:
            mech.skip_replies -= 1
            return b""
        return bytes((mech.status_byte(n),))

    def _print(self, token: Token) -> None:
        before = self._paper.lines_printed
        self._paper.apply(token)
        if token.kind == "cut":
            self._finish(self._paper.pages[-2])
        mech = self.mechanism
        if mech.paper_out_after_lines is not None:
            mech.paper_out_after_lines -= self._paper.lines_printed - before
            if mech.paper_out_after_lines <= 0:
                mech.paper, mech.paper_out_after_lines = "out", None
                self._finish(self._paper.page, partial=True)
                self._paper.pages.append(Page())

    def _finish(self, page: Page, partial: bool = False) -> None:
        self.pages.append(page)
        if self.out_dir is not None:
            stem = self.out_dir / f"receipt-{len(self.pages):03d}{'-partial' if partial else ''}"
            self._writer.submit(self._write, page, stem)
        if self._on_page is not None:
            self._on_page(page)

    def close(self) -> None:
        """Finish writing pages to ``out_dir``."""
        self._writer.shutdown(wait=True)

    def _write(self, page: Page, stem: Path) -> None:
        """Text and picture of a page, off the wire thread so status answers stay prompt."""
        stem.with_suffix(".txt").write_text(page.text() + "\n", encoding="utf-8")
        if self.cache_dir is not None:
            from peripherals.printer.picture import render_page

            render_page(page, self.profile.dots, self.cache_dir).save(stem.with_suffix(".png"))

    def control(self, line: str) -> str:
        """Apply one control command; returns the reply line."""
        word, _, arg = line.strip().partition(" ")
        mech = self.mechanism
        with self._lock:
            try:
                match word:
                    case "paper_out" | "paper_near_end" | "paper_ok":
                        mech.paper = word.removeprefix("paper_")
                    case "paper_out_after":
                        mech.paper_out_after_lines = int(arg)
                    case "cover_open" | "cover_close":
                        mech.cover_open = word == "cover_open"
                    case "go_silent":
                        mech.silent = True
                    case "no_reply":
                        mech.skip_replies += 1
                    case "slow_reply":
                        mech.reply_delay_s = float(arg)
                    case "reset":
                        self.mechanism = Mechanism()
                    case "state":
                        pass
                    case "help" | "":
                        return HELP
                    case _:
                        return f"error: unknown command {word!r}; try help"
            except ValueError:
                return f"error: {word} needs a number"
            mech = self.mechanism
            return (
                f"ok paper={mech.paper} cover={'open' if mech.cover_open else 'closed'} "
                f"silent={mech.silent} pages={len(self.pages)}"
            )


class WirePacer:
    """Holds each chunk for its time on a serial line at ``baudrate`` (8N1: 10 bits a byte)."""

    def __init__(self, baudrate: float | None) -> None:
        self.baudrate = baudrate
        self._free_at = 0.0

    def take(self, n_bytes: int) -> None:
        if not self.baudrate:
            return
        now = time.monotonic()
        self._free_at = max(self._free_at, now) + n_bytes * 10 / self.baudrate
        if self._free_at > now:
            time.sleep(self._free_at - now)


class SimulatorServer:
    """Serves a :class:`PrinterSimulator` on a pty or TCP port plus a TCP control port."""

    def __init__(self, printer: PrinterSimulator, baudrate: float | None = None) -> None:
        self.printer = printer
        self.pacer = WirePacer(baudrate)
        self.address = ""
        self.control_port = 0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._closers: list[Callable[[], None]] = []

    def start_pty(self) -> str:
        master, slave = os.openpty()
        tty.setraw(slave, termios.TCSANOW)
        self.address = os.ttyname(slave)
        self._closers += [lambda: os.close(master), lambda: os.close(slave)]
        self._spawn(self._serve_fd, master)
        return self.address

    def start_tcp(self, port: int = 0) -> str:
        listener = socket.create_server(("127.0.0.1", port))
        self.address = f"socket://127.0.0.1:{listener.getsockname()[1]}"
        self._closers.append(listener.close)
        self._spawn(self._serve_tcp, listener)
        return self.address

    def start_control(self, port: int = 0) -> int:
        printer = self.printer

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                for raw in self.rfile:
                    reply = printer.control(raw.decode("utf-8", "replace"))
                    self.wfile.write(reply.encode() + b"\n")

        server = socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler)
        server.daemon_threads = True
        self.control_port = server.server_address[1]
        self._closers += [server.shutdown, server.server_close]
        self._spawn(server.serve_forever, 0.2)
        return self.control_port

    def stop(self) -> None:
        self._stop.set()
        for close in self._closers:
            close()
        for thread in self._threads:
            thread.join(timeout=2)
        self.printer.close()

    def _spawn(self, target: Callable, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True, name="printer-sim")
        thread.start()
        self._threads.append(thread)

    def _serve_fd(self, fd: int) -> None:
        while not self._stop.is_set():
            if not select.select([fd], [], [], 0.1)[0]:
                continue
            try:
                data = os.read(fd, 4096)
            except OSError:
                return
            self._handle(data, lambda reply: os.write(fd, reply))

    def _serve_tcp(self, listener: socket.socket) -> None:
        listener.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(0.1)
                while not self._stop.is_set():
                    try:
                        data = conn.recv(4096)
                    except TimeoutError:
                        continue
                    except OSError:
                        break
                    if not data:
                        break
                    self._handle(data, conn.sendall)

    def _handle(self, data: bytes, send: Callable[[bytes], object]) -> None:
        self.pacer.take(len(data))
        reply = self.printer.receive(data)
        if reply:
            send(reply)


if __name__ == "__main__":
    import sys

    from kiosk.cli import main

    sys.exit(main(["printer-sim", *sys.argv[1:]]))
