"""The icon fonts the recogniser learns from: fetched with `npm pack`, rendered with Pillow.

Material Symbols (variable: fill, weight) and the classic Material Icons (five static
styles) are Apache-2.0 npm packages. Their glyphs are ligatures: the icon's name drawn
with the font and a shaping engine (raqm) becomes one glyph one em wide. Fonts live in a
cache outside the repository; only the trained model is committed.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

SYMBOLS = ("material-symbols", "0.47.5")
CLASSIC = ("material-icons", "1.13.14")
PACKAGES = (SYMBOLS, CLASSIC)
"""npm packages (name, version), both Apache-2.0: pinned so a retrain renders the same glyphs."""

EM = 64
"""Pixels per em of the base renders: the largest icon crops (24dp at xxxhdpi, 96 px)
are rarely needed at full size once the model input is 40 px; smaller crops downscale."""

Mask = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Style:
    """One font file: `family` is symbols or classic; variable fonts take fill and weight."""

    family: str
    name: str
    file: str
    variable: bool


STYLES = (
    Style("symbols", "outlined", "package/material-symbols-outlined.woff2", True),
    Style("symbols", "rounded", "package/material-symbols-rounded.woff2", True),
    Style("symbols", "sharp", "package/material-symbols-sharp.woff2", True),
    Style("classic", "filled", "package/iconfont/material-icons.woff2", False),
    Style("classic", "outlined", "package/iconfont/material-icons-outlined.woff2", False),
    Style("classic", "round", "package/iconfont/material-icons-round.woff2", False),
    Style("classic", "sharp", "package/iconfont/material-icons-sharp.woff2", False),
    Style("classic", "two-tone", "package/iconfont/material-icons-two-tone.woff2", False),
)


def fetch(cache: Path) -> dict[str, Path]:
    """Each package unpacked under `cache` (npm pack once), by family."""
    roots: dict[str, Path] = {}
    for family, (package, version) in zip(("symbols", "classic"), PACKAGES, strict=True):
        root = cache / f"{package}-{version}"
        if not (root / "package" / "package.json").exists():
            root.mkdir(parents=True, exist_ok=True)
            print(f"npm pack {package}@{version}", file=sys.stderr)
            subprocess.run(
                ["npm", "pack", f"{package}@{version}", "--silent"],
                cwd=root,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            with tarfile.open(root / f"{package}-{version}.tgz") as archive:
                archive.extractall(root, filter="data")
        roots[family] = root
    return roots


def names(root: Path) -> tuple[str, ...]:
    """Every icon name a package ships, from its TypeScript list of names."""
    text = (root / "package" / "index.d.ts").read_text(encoding="utf-8")
    return tuple(line.strip().strip('",') for line in text.splitlines() if line.strip()[:1] == '"')


@lru_cache(maxsize=64)
def _font(path: Path, fill: int, weight: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(str(path), EM, layout_engine=ImageFont.Layout.RAQM)
    if fill >= 0:
        values = {b"Fill": fill, b"Weight": weight, b"Grade": 0, b"Optical Size": 24}
        axes = font.get_variation_axes()
        font.set_variation_by_axes([values[axis["name"]] for axis in axes])
    return font


def render(root: Path, style: Style, name: str, fill: int = 0, weight: int = 400) -> Mask | None:
    """The glyph's coverage over its em box (EM x EM), or None if `name` is no one glyph.

    A name the font lacks is drawn as a word, wider than one em: the advance tells them
    apart, and the ink must cover some of the box.
    """
    font = _font(root / style.file, fill if style.variable else -1, weight)
    if abs(font.getlength(name) - EM) > 0.5:
        return None
    image = Image.new("L", (EM, EM), 0)
    ImageDraw.Draw(image).text((0, EM), name, font=font, fill=255, anchor="ls")
    mask = np.asarray(image, dtype=np.uint8)
    if int(mask.max()) < 128:
        return None
    return mask
