"""ESC/POS bytes → what a printer would put on paper: lines of styled text, QR codes, images, cuts.

Pure and incremental: :class:`Tokenizer` splits a stream into commands (keeping an incomplete
tail for the next chunk) and :class:`PaperModel` applies them, the way a printer does. The
simulator, ``kiosk receipt render`` and the tests all use this one decoder; it also masks text
and QR data for the raw-traffic log (:func:`redact`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

# Fixed-length commands: prefix → number of argument bytes.
_FIXED = {
    b"\x1b@": 0,
    b"\x1ba": 1,
    b"\x1bE": 1,
    b"\x1b!": 1,
    b"\x1b-": 1,
    b"\x1bM": 1,
    b"\x1bd": 1,
    b"\x1bJ": 1,
    b"\x1bt": 1,
    b"\x1b2": 0,
    b"\x1b3": 1,
    b"\x1bG": 1,
    b"\x1b{": 1,
    b"\x1bV": 1,
    b"\x1b=": 1,
    b"\x1bp": 3,
    b"\x1d!": 1,
    b"\x1dB": 1,
    b"\x1dL": 2,
    b"\x1dW": 2,
    b"\x1dH": 1,
    b"\x1dh": 1,
    b"\x1dw": 1,
    b"\x1c&": 0,
    b"\x1c.": 0,
    b"\x1c!": 1,
    b"\x1c-": 1,
    b"\x10\x04": 1,
    b"\x10\x05": 1,
}


@dataclass(frozen=True)
class Token:
    kind: str  # text | lf | cmd | status | qr | raster | cut | unknown
    raw: bytes
    args: bytes = b""


class Tokenizer:
    """Feed bytes in any chunking; yields complete tokens in order."""

    def __init__(self) -> None:
        self._pending = b""

    @property
    def pending(self) -> int:
        return len(self._pending)

    def feed(self, data: bytes) -> Iterator[Token]:
        buf = self._pending + data
        pos = 0
        while pos < len(buf):
            token, size = _next_token(buf, pos)
            if token is None:
                break
            yield token
            pos += size
        self._pending = buf[pos:]


def _next_token(buf: bytes, pos: int) -> tuple[Token | None, int]:
    byte = buf[pos]
    if byte == 0x0A:
        return Token("lf", buf[pos : pos + 1]), 1
    if byte in (0x0D, 0x00, 0x09):
        return Token("cmd", buf[pos : pos + 1]), 1
    if byte >= 0x20:
        end = pos
        while end < len(buf) and buf[end] >= 0x20:
            end += 1
        return Token("text", buf[pos:end]), end - pos
    if pos + 1 >= len(buf):
        return None, 0
    prefix = buf[pos : pos + 2]
    if prefix in _FIXED:
        size = 2 + _FIXED[prefix]
        if pos + size > len(buf):
            return None, 0
        args = buf[pos + 2 : pos + size]
        kind = "status" if prefix == b"\x10\x04" else "cmd"
        return Token(kind, buf[pos : pos + size], args), size
    if prefix == b"\x1dV":  # GS V m [n]
        if pos + 3 > len(buf):
            return None, 0
        size = 4 if buf[pos + 2] >= 0x41 else 3
        return (Token("cut", buf[pos : pos + size]), size) if pos + size <= len(buf) else (None, 0)
    if prefix in (b"\x1d(", b"\x1b("):  # GS ( k / GS ( L ...: fn, pL, pH, data
        if pos + 5 > len(buf):
            return None, 0
        size = 5 + buf[pos + 3] + 256 * buf[pos + 4]
        if pos + size > len(buf):
            return None, 0
        kind = "qr" if buf[pos + 2 : pos + 3] == b"k" else "cmd"
        return Token(kind, buf[pos : pos + size], buf[pos + 5 : pos + size]), size
    if prefix == b"\x1dv":  # GS v 0 m xL xH yL yH data
        if pos + 8 > len(buf):
            return None, 0
        width_bytes = buf[pos + 4] + 256 * buf[pos + 5]
        height = buf[pos + 6] + 256 * buf[pos + 7]
        size = 8 + width_bytes * height
        if pos + size > len(buf):
            return None, 0
        return Token("raster", buf[pos : pos + size], buf[pos + 4 : pos + size]), size
    if prefix == b"\x1b*":  # ESC * m nL nH data (column image; skipped, counted)
        if pos + 5 > len(buf):
            return None, 0
        columns = buf[pos + 3] + 256 * buf[pos + 4]
        size = 5 + columns * (3 if buf[pos + 2] >= 32 else 1)
        return (Token("cmd", buf[pos : pos + size]), size) if pos + size <= len(buf) else (None, 0)
    return Token("unknown", buf[pos : pos + 1]), 1


@dataclass
class Run:
    text: str
    bold: bool
    width: int
    height: int


@dataclass
class Line:
    runs: list[Run] = field(default_factory=list)
    align: str = "left"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def height(self) -> int:
        return max((r.height for r in self.runs), default=1)


@dataclass(frozen=True)
class QrImage:
    payload: str
    module: int
    ec: str
    align: str


@dataclass(frozen=True)
class RasterImage:
    width: int  # dots
    height: int
    bits: bytes  # GS v 0 layout, 1 = black
    align: str


Item = Line | QrImage | RasterImage


@dataclass
class Page:
    """One document between cuts."""

    items: list[Item] = field(default_factory=list)

    def text(self) -> str:
        out = []
        for item in self.items:
            if isinstance(item, Line):
                out.append(item.text)
            elif isinstance(item, QrImage):
                out.append(f"[QR {item.payload}]")
            else:
                out.append(f"[image {item.width}x{item.height}]")
        return "\n".join(out)


class PaperModel:
    """Applies tokens like a printer: styles, Chinese mode, lines, QR store/print, cuts."""

    def __init__(self, encoding: str = "gb18030") -> None:
        self.encoding = encoding
        self.pages: list[Page] = [Page()]
        self.lines_printed = 0
        self._reset()

    def _reset(self) -> None:
        self.chinese = False
        self.align = "left"
        self.bold = False
        self.width = self.height = 1
        self.qr_module, self.qr_ec, self.qr_data = 3, "L", b""
        self._line = Line(align=self.align)
        self._text = b""

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def apply(self, token: Token) -> None:
        kind, raw, args = token.kind, token.raw, token.args
        if kind == "text":
            self._text += raw
        elif kind == "lf":
            self._end_line()
        elif kind == "qr":
            self._flush_text()
            self._qr(args)
        elif kind == "raster":
            self._flush_text()
            width_bytes, height = args[0] + 256 * args[1], args[2] + 256 * args[3]
            self.page.items.append(RasterImage(width_bytes * 8, height, args[4:], self.align))
        elif kind == "cut":
            self._end_line(force=False)
            self.pages.append(Page())
        elif kind == "cmd":
            self._command(raw[:2], args)

    def _command(self, prefix: bytes, args: bytes) -> None:
        if prefix in (b"\x1ba", b"\x1bE", b"\x1b!", b"\x1d!", b"\x1c&", b"\x1c."):
            self._flush_text()
        if prefix == b"\x1b@":
            self._end_line(force=False)
            self._reset()
        elif prefix == b"\x1c&":
            self.chinese = True
        elif prefix == b"\x1c.":
            self.chinese = False
        elif prefix == b"\x1ba":
            self.align = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center"}.get(
                args[0], "right"
            )
            if not self._line.runs:
                self._line.align = self.align
        elif prefix == b"\x1bE":
            self.bold = bool(args[0] & 1)
        elif prefix == b"\x1b!":
            self.bold = bool(args[0] & 0x08)
            self.height, self.width = 1 + bool(args[0] & 0x10), 1 + bool(args[0] & 0x20)
        elif prefix == b"\x1d!":
            self.width, self.height = (args[0] >> 4) + 1, (args[0] & 0x0F) + 1
        elif prefix == b"\x1bd":
            self._end_line(force=False)
            for _ in range(args[0]):
                self._end_line()

    def _qr(self, body: bytes) -> None:
        cn, fn, rest = body[0:1], body[1:2], body[2:]
        if cn != b"1" or (fn in (b"C", b"E") and not rest):
            return
        if fn == b"C":
            self.qr_module = rest[0]
        elif fn == b"E":
            self.qr_ec = "LMQH"[rest[0] - 48] if 48 <= rest[0] <= 51 else "L"
        elif fn == b"P":
            self.qr_data = rest[1:]
        elif fn == b"Q":
            payload = self.qr_data.decode("utf-8", "replace")
            self.page.items.append(QrImage(payload, self.qr_module, self.qr_ec, self.align))

    def _decode(self, data: bytes) -> str:
        return data.decode(self.encoding if self.chinese else "cp437", "replace")

    def _flush_text(self) -> None:
        if self._text:
            if not self._line.runs:
                self._line.align = self.align
            self._line.runs.append(
                Run(self._decode(self._text), self.bold, self.width, self.height)
            )
            self._text = b""

    def _end_line(self, force: bool = True) -> None:
        self._flush_text()
        if force or self._line.runs:
            self.page.items.append(self._line)
            self.lines_printed += 1
        self._line = Line(align=self.align)


def decode(data: bytes, encoding: str = "gb18030") -> list[Page]:
    """All pages in ``data`` (a trailing page with nothing on it is dropped)."""
    model, tokenizer = PaperModel(encoding), Tokenizer()
    for token in tokenizer.feed(data):
        model.apply(token)
    model._end_line(force=False)
    return [p for p in model.pages if p.items]


def redact(direction: str, frame: bytes) -> str:
    """Hex of ``frame`` with printed text and QR data masked (they may carry personal data)."""
    if direction != "TX":
        return frame.hex(" ")
    parts = []
    tokenizer = Tokenizer()
    for token in tokenizer.feed(frame):
        if token.kind == "text":
            parts.append(f"<text {len(token.raw)}B>")
        elif token.kind == "qr" and token.args[1:2] == b"P":
            parts.append(f"{token.raw[:8].hex(' ')} <qr data {len(token.raw) - 8}B>")
        elif token.kind == "raster":
            parts.append(f"{token.raw[:8].hex(' ')} <raster {len(token.raw) - 8}B>")
        else:
            parts.append(token.raw.hex(" "))
    if tokenizer.pending:
        parts.append(f"<{tokenizer.pending}B incomplete>")
    return " ".join(parts)
