"""Names for icons that have none: an element the size of an icon with no content-desc and no
words (at most OCR's reading of a glyph, `←`) is named by what its pixels show
(`grounding.icon_model`).

Apps leave many icon buttons unlabelled (an ImageButton without a content-desc, a glyph the
shape detector found); a person still calls them by what they show ("the magnifying
glass"). The recogniser's name goes into `Element.icon`, never into its text or
content-desc, so that grounding can weigh a name from pixels below one the app gave.
"""

from __future__ import annotations

import numpy as np

import aci
from grounding.icon_model import IconRecogniser
from grounding.widgets import dp_scale
from lexicon.text import lettered

__all__ = ["MIN_PROBABILITY", "name_icons"]

MIN_PROBABILITY = 0.5
"""A guess under even odds is no name: a wrong name sends a tap to the wrong place, while no
name only leaves the icon to the other clues (place, resource id)."""
MIN_OVER_LETTER = 0.75
"""What it takes to name a box OCR read as a letter or digit: the letter may be real (an
avatar's initial), so only a confident reading of an icon overrides it."""
_MARGINS = (0.15, 0.45)
"""Each box is read twice, each side grown by these shares of it, and the surer reading
counts: a detector's box hugs the ink, and a glyph cut at its edge (a ring, an arrow's tip)
reads as something else; a touch target's box already holds the padding, and more of the
screen around it would crowd the glyph."""
_SIDE_DP = (12.0, 96.0)
"""Icon-sized boxes: Material icons are drawn at 18-24 dp (up to 36-48 dp for large ones),
inside touch targets of 48 dp and floating action buttons of 56-96 dp. Smaller boxes hold
no readable glyph; larger ones are pictures, cards or rows, not icons."""
_GLYPH_DP = 30.0
"""A box this small may hug a glyph's ink (the shape detector's boxes do), which can be any
shape: three dots, an arrow, a bar. Up to `_MAX_GLYPH_ASPECT` then; larger boxes are touch
targets, square or nearly so (`_MAX_ASPECT`), since a wider one is a chip or a text button."""
_MAX_GLYPH_ASPECT = 5.0
_MAX_ASPECT = 2.5


def name_icons(
    elements: list[aci.Element],
    frame: np.ndarray,
    scale: tuple[float, float],
    recogniser: IconRecogniser,
) -> list[aci.Element]:
    """The elements, each unnamed icon-sized one with the icon its pixels show; `scale` turns
    frame pixels into screen pixels (a scaled screenshot), as perception's other sources do."""
    frame_h, frame_w = frame.shape[:2]
    dp = dp_scale(frame_w, frame_h)
    chosen: list[int] = []
    crops: list[np.ndarray] = []
    for index, element in enumerate(elements):
        if (element.text and not _glyph(element.text)) or element.desc or element.icon:
            continue
        if element.editable:
            continue
        x1, y1, x2, y2 = (
            int(element.bounds[0] / scale[0]),
            int(element.bounds[1] / scale[1]),
            round(element.bounds[2] / scale[0]),
            round(element.bounds[3] / scale[1]),
        )
        x1, y1, x2, y2 = max(0, x1), max(0, y1), min(frame_w, x2), min(frame_h, y2)
        width, height = x2 - x1, y2 - y1
        if not _icon_sized(width, height, dp):
            continue
        chosen.append(index)
        for margin in _MARGINS:
            grow_x, grow_y = round(width * margin), round(height * margin)
            crops.append(
                frame[max(0, y1 - grow_y) : y2 + grow_y, max(0, x1 - grow_x) : x2 + grow_x]
            )
    if not crops:
        return elements
    named = list(elements)
    readings = recogniser.classify(crops, top=1)
    reads = len(_MARGINS)
    for number, index in enumerate(chosen):
        found = [guess for guesses in readings[number * reads : (number + 1) * reads]
                 for guess in guesses[:1] if guess.symbol != "unknown"]  # fmt: skip
        best = max(found, key=lambda guess: guess.probability, default=None)
        # a letter or digit OCR read may be a real one (an avatar's initial, a key)
        least = MIN_OVER_LETTER if lettered(elements[index].text) else MIN_PROBABILITY
        if best is None or best.probability < least:
            continue
        named[index] = elements[index].model_copy(update={"icon": best.key or best.name})
    return named


def _glyph(text: str) -> bool:
    """Whether OCR's words may be its reading of an icon: one character (`←`, `X`, `三` for a
    hamburger), or one or two symbols with no letter or digit (`☆ +`). Longer words are the
    app's own label."""
    shown = "".join(text.split())
    if len(shown) == 1:
        return True
    return len(shown) == 2 and not lettered(shown)


def _icon_sized(width: int, height: int, dp: float) -> bool:
    low, high = _SIDE_DP
    side, short = max(width, height), min(width, height)
    if side < low * dp or side > high * dp or short < 1:
        return False
    aspect = _MAX_GLYPH_ASPECT if side <= _GLYPH_DP * dp else _MAX_ASPECT
    return side <= aspect * short
