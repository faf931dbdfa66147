"""OCR on the virtual phone's screens: it reads what the hierarchy says, where it says it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import cv2
import numpy as np
import pytest

from aci import Role
from device.virtual.phone import PhoneConfig, VirtualPhone
from grounding.config import GroundingConfig
from grounding.ocr import Ocr, OcrLine, ocr_elements

_BOUNDS = re.compile(r"-?\d+")


@pytest.fixture(scope="module")
def ocr() -> Ocr:
    reader = Ocr()
    reader.load()
    return reader


def _frame(device: VirtualPhone) -> np.ndarray:
    frame = cv2.imdecode(np.frombuffer(device.screenshot_png(), np.uint8), cv2.IMREAD_COLOR)
    assert frame is not None
    return frame


def _phone(width: int, height: int, *, dark: bool, app: str | None) -> VirtualPhone:
    density = 420 if width >= 1080 else 320
    device = VirtualPhone(PhoneConfig(width_px=width, height_px=height, density_dpi=density))
    if dark:
        device.settings.put("secure", "ui_night_mode", "2")
    if app:
        device.start_app(app)
    return device


def _texts(device: VirtualPhone) -> list[tuple[str, tuple[int, int, int, int]]]:
    """(text, bounds) of every node with text that lies on the screen."""
    width, height = device.size
    found = []
    for node in ET.fromstring(device.hierarchy_xml(form="dump")).iter("node"):
        text = node.get("text", "")
        x1, y1, x2, y2 = (int(v) for v in _BOUNDS.findall(node.get("bounds", "")))
        if text.strip() and y1 >= 0 and y2 <= height and x2 <= width and y2 > y1:
            found.append((text, (x1, y1, x2, y2)))
    return found


def _read_inside(lines: list[OcrLine], text: str, bounds: tuple[int, int, int, int]) -> bool:
    x1, y1, x2, y2 = bounds
    slack = max(8, (y2 - y1) // 6)  # glyphs may poke out of a text view's line box
    return any(
        line.text == text
        and line.bounds[0] >= x1 - slack
        and line.bounds[1] >= y1 - slack
        and line.bounds[2] <= x2 + slack
        and line.bounds[3] <= y2 + slack
        for line in lines
    )


@pytest.mark.parametrize(
    ("width", "height", "dark", "app"),
    [
        (1080, 2400, False, "com.android.settings"),
        (1080, 2400, True, "com.android.settings"),
        (720, 1280, False, "com.android.settings"),
        (720, 1280, True, None),
    ],
    ids=["settings-1080-light", "settings-1080-dark", "settings-720-light", "launcher-720-dark"],
)
def test_reads_the_hierarchys_texts_inside_their_nodes(
    ocr: Ocr, width: int, height: int, dark: bool, app: str | None
) -> None:
    device = _phone(width, height, dark=dark, app=app)
    texts = _texts(device)
    assert texts, "the screen shows no text to compare with"
    lines = ocr.read(_frame(device))
    missed = [text for text, bounds in texts if not _read_inside(lines, text, bounds)]
    assert len(missed) <= len(texts) * 0.2, f"missed {missed} of {[t for t, _ in texts]}"


def test_words_have_boxes_of_their_own(ocr: Ocr) -> None:
    device = _phone(1080, 2400, dark=False, app="com.android.settings")
    lines = ocr.read(_frame(device))
    line = next(line for line in lines if line.text == "Network & internet")
    words = {word.text: word.bounds for word in line.words}
    assert set(words) >= {"Network", "internet"}
    assert words["Network"][2] <= words["internet"][0]
    for x1, y1, x2, y2 in words.values():
        assert line.bounds[0] <= x1 and x2 <= line.bounds[2]
        assert line.bounds[1] <= y1 and y2 <= line.bounds[3]
    elements = ocr_elements([line])
    assert [e.text for e in elements] == ["Network & internet"]
    assert all(e.role is Role.TEXT and e.sources == ("ocr",) for e in elements)


def test_a_label_wrapped_over_lines_is_read_whole_and_line_by_line() -> None:
    title = OcrLine("Terms of Use and", (100, 500, 600, 560), 0.9)
    rest = OcrLine("Privacy Policy", (100, 570, 500, 630), 0.9)
    far = OcrLine("Version 2.1", (100, 900, 400, 960), 0.9)  # a paragraph's gap away
    texts = [e.text for e in ocr_elements([title, rest, far])]
    assert texts == [
        "Terms of Use and", "Privacy Policy", "Version 2.1", "Terms of Use and\nPrivacy Policy"
    ]  # fmt: skip


def test_reads_only_the_regions_asked_for(ocr: Ocr) -> None:
    device = _phone(1080, 2400, dark=False, app="com.android.settings")
    texts = dict(_texts(device))
    region = texts["Network & internet"]
    lines = ocr.read(_frame(device), [region])
    assert [line.text for line in lines] == ["Network & internet"]
    assert _read_inside(lines, "Network & internet", region)


def test_an_unchanged_region_is_not_read_again() -> None:
    reader = Ocr(GroundingConfig(ocr_cache_size=64))
    device = _phone(1080, 2400, dark=False, app="com.android.settings")
    frame = _frame(device)
    first = reader.read(frame)
    misses = reader.stats.cache_misses
    assert misses >= 1 and reader.stats.cache_hits == 0

    assert reader.read(frame) == first
    assert reader.stats.cache_misses == misses
    assert reader.stats.cache_hits == misses

    changed = frame.copy()
    cv2.putText(changed, "Hello", (60, 2000), cv2.FONT_HERSHEY_SIMPLEX, 3, (0, 0, 0), 6)
    reader.read(changed)
    assert reader.stats.cache_misses > misses  # the changed block is read afresh
    assert reader.stats.cache_hits > misses  # the others come from the cache


def test_no_cache_when_its_size_is_zero() -> None:
    reader = Ocr(GroundingConfig(ocr_cache_size=0))
    frame = np.full((400, 600, 3), 255, np.uint8)
    cv2.putText(frame, "Battery", (40, 200), cv2.FONT_HERSHEY_SIMPLEX, 2, (0, 0, 0), 4)
    assert [line.text for line in reader.read(frame)] == ["Battery"]
    assert [line.text for line in reader.read(frame)] == ["Battery"]
    assert reader.stats.cache_hits == 0


def test_a_blank_frame_has_no_text(ocr: Ocr) -> None:
    before = ocr.stats.cache_misses
    assert ocr.read(np.full((2400, 1080, 3), 250, np.uint8)) == []
    assert ocr.stats.cache_misses == before  # uniform: nothing was worth reading


def test_frames_larger_than_the_limit_are_read_in_their_own_pixels() -> None:
    reader = Ocr(GroundingConfig(ocr_max_side_px=1200))
    device = _phone(1080, 2400, dark=False, app="com.android.settings")
    lines = reader.read(_frame(device))
    title = next(line for line in lines if line.text == "Settings")
    assert _read_inside([title], "Settings", dict(_texts(device))["Settings"])


def test_rejects_a_frame_that_is_not_colour(ocr: Ocr) -> None:
    with pytest.raises(ValueError, match=r"H x W x 3"):
        ocr.read(np.zeros((10, 10), np.uint8))
