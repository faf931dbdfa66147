"""locate: the hierarchy answers when it is sure; the pixels are read only when it is not."""

from __future__ import annotations

import pytest

import aci
from device.virtual.phone import PhoneConfig, VirtualPhone
from grounding.locate import locate
from grounding.perceive import Perceiver

_WEBVIEW = (
    '<?xml version="1.0"?><hierarchy rotation="0">'
    '<node class="android.webkit.WebView" text="" content-desc="" clickable="false" '
    'scrollable="true" bounds="[0,0][1080,2400]" /></hierarchy>'
)


@pytest.fixture(scope="module")
def perceiver() -> Perceiver:
    return Perceiver()


@pytest.fixture(scope="module")
def settings() -> VirtualPhone:
    device = VirtualPhone(PhoneConfig())
    device.start_app("com.android.settings")
    return device


def test_a_rich_hierarchy_answers_without_reading_the_pixels(
    perceiver: Perceiver, settings: VirtualPhone
) -> None:
    located = locate(
        perceiver, aci.parse_action('tap "Network & internet"'),
        image=settings.screenshot_png(), hierarchy=settings.hierarchy_xml(form="u2"),
    )  # fmt: skip
    assert located.grounded.found and located.grounded.element is not None
    assert located.grounded.element.sources == ("hierarchy",)
    assert not {"decode", "ocr", "detector", "hierarchy_first"} & set(located.timing_ms)
    assert "screenshot" not in located.grounded.reason


def test_a_webview_with_one_node_falls_back_to_reading_the_screenshot(
    perceiver: Perceiver, settings: VirtualPhone
) -> None:
    located = locate(
        perceiver, aci.parse_action('tap "Network & internet"'),
        image=settings.screenshot_png(), hierarchy=_WEBVIEW,
    )  # fmt: skip
    grounded = located.grounded
    assert grounded.found and grounded.element is not None
    assert "ocr" in grounded.element.sources
    assert {"hierarchy_first", "decode", "ocr"} <= set(located.timing_ms)
    assert "the screenshot was read too" in grounded.reason


def test_without_hierarchy_in_the_sources_the_pixels_are_read(
    perceiver: Perceiver, settings: VirtualPhone
) -> None:
    located = locate(
        perceiver, aci.parse_action('tap "Network & internet"'),
        image=settings.screenshot_png(), hierarchy=settings.hierarchy_xml(form="u2"),
        sources=("ocr", "detector"),
    )  # fmt: skip
    assert located.grounded.found and "ocr" in located.timing_ms
    assert "hierarchy_first" not in located.timing_ms
