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

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from peripherals.printer.decode import Page, PaperModel, Token, Tokenizer
from peripherals.printer.profile import PrinterProfile
from peripherals.simserver import ReplyFaults, SimulatorServer

# SimulatorServer is re-exported: its home is peripherals.simserver
__all__ = ["Mechanism", "PrinterSimulator", "SimulatorServer"]

PRINTING_TOKENS = {"text", "lf", "qr", "raster", "cut"}
HELP = __doc__.split("::", 1)[1].split("Run:", 1)[0].strip()


@dataclass
class Mechanism(ReplyFaults):
    """What the printer's sensors say, and the scripted faults waiting to happen."""

    paper: str = "ok"  # ok | near_end | out
    cover_open: bool = False
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
        if mech.swallow():
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
                    case "reset":
                        self.mechanism = Mechanism()
                    case "state":
                        pass
                    case "help" | "":
                        return HELP
                    case _ if not mech.script(word, arg):
                        return f"error: unknown command {word!r}; try help"
            except ValueError:
                return f"error: {word} needs a number"
            mech = self.mechanism
            return (
                f"ok paper={mech.paper} cover={'open' if mech.cover_open else 'closed'} "
                f"silent={mech.silent} pages={len(self.pages)}"
            )


if __name__ == "__main__":
    import sys

    from kiosk.cli import main

    sys.exit(main(["printer-sim", *sys.argv[1:]]))
