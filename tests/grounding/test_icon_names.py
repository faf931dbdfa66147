"""Unnamed icons get a name from their pixels, and a person's words for the icon ground on
it: with a hierarchy node that has no text or content-desc, and from the screenshot alone."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from aci import Element, Screen, parse_action
from device.virtual.ui.fonts import icon_char, icon_font
from grounding.ground import ground
from grounding.icon_names import name_icons
from grounding.perceive import Perceiver, Source

WIDTH, HEIGHT = 1080, 2400
HIERARCHY: tuple[Source, ...] = ("hierarchy",)
DP = 2.625
"""A 1080 x 2400 phone at 420 dpi, as most are."""


def _screen(icons: dict[str, tuple[int, int]], *, dark: bool = False) -> bytes:
    """A plain app screen with 24 dp Material icons drawn at the given centres, as PNG."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (18, 18, 18) if dark else (250, 250, 250))
    draw = ImageDraw.Draw(image)
    font = icon_font(round(24 * DP))
    for name, (x, y) in icons.items():
        draw.text((x, y), icon_char(name), font=font, anchor="mm",
                  fill=(230, 230, 230) if dark else (60, 60, 60))  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _hierarchy(nodes: list[tuple[str, tuple[int, int, int, int]]]) -> str:
    """A uiautomator dump: one ImageButton per (content-desc, bounds)."""
    rows = "".join(
        f'<node index="{i}" text="" resource-id="" class="android.widget.ImageButton" '
        f'package="com.example" content-desc="{desc}" clickable="true" enabled="true" '
        f'bounds="[{b[0]},{b[1]}][{b[2]},{b[3]}]" />'
        for i, (desc, b) in enumerate(nodes)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">"
        f'<node index="0" text="" class="android.widget.FrameLayout" package="com.example" '
        f'content-desc="" clickable="false" enabled="true" bounds="[0,0][{WIDTH},{HEIGHT}]">'
        f"{rows}</node></hierarchy>"
    )


def _box(x: int, y: int, side_dp: float = 48) -> tuple[int, int, int, int]:
    half = round(side_dp * DP / 2)
    return (x - half, y - half, x + half, y + half)


@pytest.fixture(scope="module")
def perceiver() -> Perceiver:
    return Perceiver()


@pytest.mark.parametrize("dark", [False, True])
def test_an_unlabelled_image_button_is_named_by_its_glyph_and_grounds(
    perceiver: Perceiver, dark: bool
) -> None:
    image = _screen({"search": (960, 150), "arrow_back": (80, 150)}, dark=dark)
    xml = _hierarchy([("", _box(960, 150)), ("Navigate up", _box(80, 150))])
    screen = perceiver.perceive(image=image, hierarchy=xml, sources=HIERARCHY).screen
    named = {element.bounds: element for element in screen.elements}
    assert named[_box(960, 150)].icon == "search"
    assert named[_box(80, 150)].icon == ""  # the app named it: its label stands
    grounded = ground(parse_action("tap the magnifying glass"), screen)
    assert grounded.element is not None and grounded.element.bounds == _box(960, 150)
    assert "pixels" in grounded.reason


def test_the_screenshot_alone_names_the_icons_the_detector_finds(perceiver: Perceiver) -> None:
    image = _screen({"more_vert": (1020, 150), "arrow_back": (80, 150)})
    screen = perceiver.perceive(image=image, sources=("ocr", "detector")).screen
    grounded = ground(parse_action('tap "More options"'), screen)
    assert grounded.element is not None
    x, y = grounded.element.center.x, grounded.element.center.y
    assert abs(x - 1020) < 40 and abs(y - 150) < 40, grounded


def test_boxes_that_are_not_icon_sized_are_left_alone(perceiver: Perceiver) -> None:
    frame = np.full((HEIGHT, WIDTH, 3), 250, np.uint8)
    screen = perceiver.perceive(
        image=_screen({"search": (540, 1200)}),
        hierarchy=_hierarchy([("", (0, 900, 1080, 1500)), ("", (530, 1190, 550, 1210))]),
        sources=HIERARCHY,
    ).screen
    assert all(element.icon == "" for element in screen.elements)
    assert name_icons(list(screen.elements), frame, (1.0, 1.0), perceiver.icons) == list(
        screen.elements
    )


def test_a_glyph_ocr_read_as_a_letter_is_named_but_words_are_not(perceiver: Perceiver) -> None:
    image = _screen({"close": (540, 300), "search": (540, 600)})
    frame = np.asarray(Image.open(io.BytesIO(image)).convert("RGB"))
    read_x = Element(bounds=_box(540, 300, 30), text="X", sources=("ocr",))
    words = Element(bounds=_box(540, 600, 30), text="Go", sources=("ocr",))
    named = name_icons([read_x, words], frame, (1.0, 1.0), perceiver.icons)
    assert named[0].icon == "close" and named[0].text == "X"  # OCR's reading is kept
    assert named[1].icon == ""  # two letters are a word: the app's own label


def test_a_label_that_opens_with_the_icons_action_grounds_on_it() -> None:
    screen = Screen(
        width=WIDTH,
        height=HEIGHT,
        elements=(
            Element(bounds=_box(960, 150), icon="search", clickable=True, sources=("detector",)),
            Element(bounds=_box(80, 150), icon="back", clickable=True, sources=("detector",)),
        ),
    )
    grounded = ground(parse_action('tap "Search for topics"'), screen)
    assert grounded.element is not None and grounded.element.bounds == _box(960, 150)
    assert "action" in grounded.reason


def test_a_large_hamburger_inside_an_outlined_button_is_found_from_pixels(
    perceiver: Perceiver,
) -> None:
    image = Image.new("RGB", (WIDTH, HEIGHT), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(_box(900, 300, 64), radius=12, outline=(120, 120, 120), width=3)
    # a 40 dp hamburger: its bars further apart than ink merges on its own
    draw.text((900, 300), icon_char("menu"), font=icon_font(round(40 * DP)), anchor="mm",
              fill=(40, 40, 40))  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG")
    screen = perceiver.perceive(image=out.getvalue(), sources=("ocr", "detector")).screen
    grounded = ground(parse_action("tap the hamburger menu"), screen)
    assert grounded.element is not None, grounded.reason
    assert abs(grounded.element.center.x - 900) < 30 and abs(grounded.element.center.y - 300) < 30
