"""The QR photo corpus (``tests/data/qr-corpus``, zxing-cpp's samples, Apache-2.0): images
beside ``.txt`` payloads.

Shared by the benchmark and the tests: loading, rotation and the payload comparison rule
(line endings normalised, surrounding whitespace ignored).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from peripherals.scanner.simulator import IMAGE_SUFFIXES

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "qr-corpus"


@dataclass(frozen=True)
class Sample:
    folder: str
    path: Path
    expected: str
    frame: np.ndarray  # grey


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def load(root: Path = CORPUS) -> list[Sample]:
    samples = []
    for path in sorted(root.glob("*/*")):
        expected = path.with_suffix(".txt")
        if path.suffix.lower() in IMAGE_SUFFIXES and expected.exists():
            with Image.open(path) as image:
                frame = np.asarray(image.convert("L"))
            text = expected.read_text(encoding="utf-8", errors="replace")
            samples.append(Sample(path.parent.name, path, normalise(text), frame))
    return samples


def rotated(frame: np.ndarray, degrees: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(frame, k=degrees // 90))


def matches(payloads: list[bytes], expected: str) -> bool:
    return any(normalise(p.decode("utf-8", "replace")) == expected for p in payloads)
