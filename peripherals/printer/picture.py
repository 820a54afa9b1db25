"""A decoded page → PNG, as the paper would look: CJK font on the printer's dot grid, QR codes
drawn from their payload (native) or from the raster bits (fallback)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont, ImageOps

from kiosk.fonts import find_cjk_font
from peripherals.printer.decode import Line, Page, QrImage, RasterImage

CELL = 12  # font A: 12 x 24 dots per half-width character
ROW = 24
LINE_GAP = 6
MARGIN = 24
_EC = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


@lru_cache(maxsize=8)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _x(align: str, width: int, dots: int) -> int:
    return {"center": (dots - width) // 2, "right": dots - width}.get(align, 0)


def _line_image(line: Line, regular: Path, bold: Path) -> Image.Image:
    width = sum(CELL * r.width * (1 if c < "\x80" else 2) for r in line.runs for c in r.text) or 1
    image = Image.new("L", (width, ROW * line.height + LINE_GAP), 255)
    draw = ImageDraw.Draw(image)
    x = 0
    for run in line.runs:
        font = _font(bold if run.bold else regular, ROW * run.height - 2)
        for char in run.text:
            cell = CELL * run.width * (1 if char < "\x80" else 2)
            top = ROW * (line.height - run.height)
            draw.text((x, top), char, fill=0, font=font)
            x += cell
    return image


def _qr_image(item: QrImage) -> Image.Image:
    code = qrcode.QRCode(border=0, box_size=item.module, error_correction=_EC[item.ec])
    code.add_data(item.payload)
    code.make(fit=True)
    image = code.make_image().get_image().convert("L")
    return ImageOps.expand(image, border=2 * item.module, fill=255)  # quiet zone


def _raster_image(item: RasterImage) -> Image.Image:
    bits = Image.frombytes("1", (item.width, item.height), item.bits)
    return ImageOps.invert(bits.convert("L"))


def render_page(page: Page, dots: int, cache_dir: Path) -> Image.Image:
    """The page as a white strip ``dots`` wide (plus margins), black print."""
    font = find_cjk_font(cache_dir)
    blocks: list[tuple[Image.Image, str]] = []
    for item in page.items:
        if isinstance(item, Line):
            blocks.append((_line_image(item, font.regular, font.bold), item.align))
        elif isinstance(item, QrImage):
            blocks.append((_qr_image(item), item.align))
        else:
            blocks.append((_raster_image(item), item.align))
    height = sum(b.height for b, _ in blocks) + 2 * MARGIN
    paper = Image.new("L", (dots + 2 * MARGIN, height), 255)
    y = MARGIN
    for block, align in blocks:
        paper.paste(block, (MARGIN + max(0, _x(align, block.width, dots)), y))
        y += block.height
    return paper


def save_pages(pages: list[Page], dots: int, cache_dir: Path, out: Path) -> list[Path]:
    """Write ``out`` for one page, or ``out-1.png``, ``out-2.png`` … for several."""
    if len(pages) == 1:
        targets = [out]
    else:
        targets = [out.with_name(f"{out.stem}-{i}{out.suffix}") for i in range(1, len(pages) + 1)]
    for page, target in zip(pages, targets):
        render_page(page, dots, cache_dir).save(target)
    return targets
