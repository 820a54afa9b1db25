"""Find a font that has Chinese glyphs, or fail start-up with a clear message.

Preference: Noto Sans CJK SC / Source Han Sans SC (the Beijing and Shanghai guides name them),
then WenQuanYi Micro Hei. A ``.ttc`` collection opens at its first face, which for Noto CJK is
the Japanese one, so the Simplified Chinese face is extracted once into the cache folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)

# (file name, face name inside a collection or None for a single-face file), best first.
_CANDIDATES = (
    ("NotoSansCJKsc-{weight}.otf", None),
    ("SourceHanSansSC-{weight}.otf", None),
    ("NotoSansCJK-{weight}.ttc", "Noto Sans CJK SC"),
    ("SourceHanSans-{weight}.ttc", "Source Han Sans SC"),
    ("wqy-microhei.ttc", None),
)


class FontNotFound(Exception):
    """No usable CJK font is installed."""


@dataclass(frozen=True)
class CjkFont:
    regular: Path
    bold: Path
    family: str


def _font_dirs() -> tuple[Path, ...]:
    override = os.environ.get("GOVKIOSK_FONT_DIRS")
    return tuple(Path(p) for p in override.split(os.pathsep)) if override else DEFAULT_FONT_DIRS


def _index(dirs: tuple[Path, ...]) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for folder in dirs:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.suffix.lower() in (".otf", ".ttf", ".ttc"):
                    files.setdefault(path.name, path)
    return files


def _extract_face(collection: Path, face: str, cache_dir: Path) -> Path:
    """Write the face named ``face`` of a ``.ttc`` as its own font file (once, cached)."""
    target = cache_dir / "fonts" / f"{collection.stem}-{face.replace(' ', '')}.otf"
    if target.exists() and target.stat().st_mtime >= collection.stat().st_mtime:
        return target
    from fontTools.ttLib import TTCollection

    for font in TTCollection(str(collection), lazy=True).fonts:
        if font["name"].getDebugName(4) in (face, f"{face} Regular", f"{face} Bold") or (
            font["name"].getDebugName(1) == face
        ):
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".part")
            font.save(str(partial))
            partial.replace(target)
            return target
    raise FontNotFound(f"{collection} has no face named {face!r}")


def find_cjk_font(cache_dir: Path) -> CjkFont:
    """The best installed CJK font; raises :class:`FontNotFound` naming the packages to install."""
    files = _index(_font_dirs())
    for pattern, face in _CANDIDATES:
        regular = files.get(pattern.format(weight="Regular"))
        if regular is None:
            continue
        bold = files.get(pattern.format(weight="Bold"), regular)
        if face is not None:
            regular = _extract_face(regular, face, cache_dir)
            bold = _extract_face(bold, face, cache_dir) if bold.suffix == ".ttc" else bold
        return CjkFont(regular=regular, bold=bold, family=face or regular.stem)
    searched = ", ".join(str(d) for d in _font_dirs())
    raise FontNotFound(
        "no Chinese (CJK) font found in " + searched + ". Install one: "
        "apt-get install fonts-noto-cjk (or fonts-wqy-microhei)"
    )
