"""A handwritten signature captured on the touch screen: strokes in memory, a PNG on demand.

Points are kept as fractions of the pad (0–1), so the pad may be any size on screen. The
strokes live in the form's session state only; :meth:`Signature.png` renders them for upload
and nothing is written to disk.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

Point = tuple[float, float]
MIN_POINTS = 5
"""Fewer points than this in all strokes together is a tap, not a signature."""


class Signature:
    def __init__(self) -> None:
        self.strokes: list[list[Point]] = []

    def start(self, x: float, y: float) -> None:
        """A finger touched the pad at (x, y), fractions of its width and height."""
        self.strokes.append([_clamp(x, y)])

    def extend(self, x: float, y: float) -> None:
        if not self.strokes:
            self.start(x, y)
        else:
            self.strokes[-1].append(_clamp(x, y))

    def clear(self) -> None:
        self.strokes = []

    @property
    def signed(self) -> bool:
        return sum(len(s) for s in self.strokes) >= MIN_POINTS

    def png(self, width: int = 600, height: int = 240) -> bytes:
        """Black ink on white, as PNG bytes."""
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        for stroke in self.strokes:
            points = [(x * (width - 1), y * (height - 1)) for x, y in stroke]
            if len(points) == 1:
                draw.point(points, fill=0)
            else:
                draw.line(points, fill=0, width=4, joint="curve")
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        return out.getvalue()


def _clamp(x: float, y: float) -> Point:
    return (min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0))
