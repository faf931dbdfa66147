"""perceive: a screenshot and/or a hierarchy -> one Screen, through the sources asked for."""

from __future__ import annotations

import pytest

import aci
from aci import Role
from device.virtual.phone import PhoneConfig, VirtualPhone
from grounding.config import GroundingConfig
from grounding.errors import PerceptionError
from grounding.fusion import iou
from grounding.hierarchy import parse_hierarchy
from grounding.perceive import Perceiver, perceive
from tests.grounding import screens


@pytest.fixture(scope="module")
def perceiver() -> Perceiver:
    return Perceiver()


@pytest.fixture(scope="module")
def internet() -> VirtualPhone:
    """The Internet page with Wi-Fi turned on: text, icons and a checked switch."""
    return screens.internet(screens.phone(), wifi_on=True)


def _one(screen: aci.Screen, **fields: object) -> aci.Element:
    found = [e for e in screen.elements if all(getattr(e, k) == v for k, v in fields.items())]
    assert len(found) == 1, (fields, found)
    return found[0]


def test_hierarchy_only(perceiver: Perceiver, internet: VirtualPhone) -> None:
    xml = internet.hierarchy_xml(form="u2")
    perception = perceiver.perceive(hierarchy=xml, package="com.android.settings")
    screen = perception.screen
    assert (screen.width, screen.height) == (1080, 2400)
    assert screen.package == "com.android.settings"
    assert list(screen.elements) == parse_hierarchy(xml)
    assert "ocr" not in perception.timing_ms and "detector" not in perception.timing_ms


def test_pixels_only_reads_text_and_finds_the_switch(
    perceiver: Perceiver, internet: VirtualPhone
) -> None:
    perception = perceiver.perceive(image=internet.screenshot_png())
    screen = perception.screen
    assert (screen.width, screen.height) == (1080, 2400)
    wifi = _one(screen, text="Wi-Fi")
    assert wifi.sources == ("ocr",)
    switch = _one(screen, role=Role.SWITCH)
    assert switch.checked and switch.sources == ("detector",)
    assert switch.center.y > wifi.bounds[1] and switch.center.y < wifi.bounds[3] + 40
    assert set(perception.timing_ms) >= {"decode", "ocr", "detector", "fusion", "total"}
    assert all(e.sources != ("hierarchy",) for e in screen.elements)


def test_both_sources_confirm_the_hierarchy(perceiver: Perceiver, internet: VirtualPhone) -> None:
    xml = internet.hierarchy_xml(form="dump")
    screen = perceiver.perceive(image=internet.screenshot_png(), hierarchy=xml).screen
    truth = parse_hierarchy(xml)
    assert list(screen.elements[: len(truth)]) != [] and len(screen.elements) >= len(truth)
    switch = _one(screen, role=Role.SWITCH)
    assert switch.checked and switch.sources == ("hierarchy", "detector")
    # The status bar's clock is in no app's hierarchy: OCR adds it.
    extra = screen.elements[len(truth) :]
    assert any(e.sources == ("ocr",) and ":" in e.text and e.bounds[1] < 70 for e in extra)
    # Every hierarchy element is still there, in order, whatever sources joined it.
    assert [e.bounds for e in screen.elements[: len(truth)]] == [e.bounds for e in truth]


def test_ocr_without_the_detector(perceiver: Perceiver, internet: VirtualPhone) -> None:
    perception = perceiver.perceive(image=internet.screenshot_png(), sources=("ocr",))
    assert "detector" not in perception.timing_ms
    assert {s for e in perception.screen.elements for s in e.sources} == {"ocr"}


def test_without_ocr_no_text_is_read(internet: VirtualPhone) -> None:
    reader = Perceiver()
    perception = reader.perceive(
        image=internet.screenshot_png(),
        hierarchy=internet.hierarchy_xml(form="dump"),
        sources=("hierarchy", "detector"),
    )
    assert "ocr" not in perception.timing_ms
    assert reader.ocr.stats.cache_misses == reader.ocr.stats.cache_hits == 0
    assert all("ocr" not in e.sources for e in perception.screen.elements)


def test_a_second_identical_frame_reuses_the_ocr(internet: VirtualPhone) -> None:
    reader = Perceiver(GroundingConfig(ocr_cache_size=32))
    png = internet.screenshot_png()
    first = reader.perceive(image=png, sources=("ocr",))
    misses = reader.ocr.stats.cache_misses
    second = reader.perceive(image=png, sources=("ocr",))
    assert reader.ocr.stats.cache_misses == misses
    assert reader.ocr.stats.cache_hits == misses
    assert second.screen == first.screen


def test_a_scaled_jpeg_screenshot_lands_in_screen_pixels(
    perceiver: Perceiver, internet: VirtualPhone
) -> None:
    xml = internet.hierarchy_xml(form="u2")
    jpeg = internet.screenshot_jpeg(quality=90, scale=0.5)
    screen = perceiver.perceive(image=jpeg, hierarchy=xml, sources=("detector",)).screen
    assert (screen.width, screen.height) == (1080, 2400)
    truth = _one(
        aci.Screen(width=1080, height=2400, elements=tuple(parse_hierarchy(xml))), role=Role.SWITCH
    )
    found = [e for e in screen.elements if e.role is Role.SWITCH and e.sources == ("detector",)]
    assert all(iou(e.bounds, truth.bounds) > 0.6 for e in found)


def test_perceive_takes_a_raw_observation(internet: VirtualPhone) -> None:
    raw = aci.RawObservation(
        screenshot=internet.screenshot_png(),
        image_format="png",
        hierarchy_xml=internet.hierarchy_xml(form="dump"),
        package="com.android.settings",
        activity="",
        width=1080,
        height=2400,
        backend="adb",
        elapsed_ms=1.0,
    )
    screen = perceive(raw, sources=("hierarchy",))
    assert screen.package == "com.android.settings" and screen.activity is None
    assert _one(screen, role=Role.SWITCH).checked


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "nothing to perceive"),
        ({"image": b"not an image at all"}, "does not decode"),
        ({"image": b"\x89PNG\r\n\x1a\n" + b"\0" * 64}, "does not decode"),
        ({"hierarchy": "<hierarchy><node"}, "not XML"),
        ({"hierarchy": "<hierarchy/>", "sources": ("hierarchy", "eyes")}, "unknown sources"),
        ({"hierarchy": "<hierarchy/>", "sources": ()}, "no sources"),
    ],
    ids=["nothing", "garbage", "truncated-png", "bad-xml", "unknown-source", "no-source"],
)
def test_unreadable_input_is_a_perception_error(
    perceiver: Perceiver, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(PerceptionError, match=message):
        perceiver.perceive(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "package", ["com.google.android.calculator", "com.google.android.apps.messaging"]
)
def test_every_app_screen_perceives_with_both_sources(perceiver: Perceiver, package: str) -> None:
    """Icon grids and a permission dialog over a scrim: OCR regions of odd shapes."""
    device = VirtualPhone(PhoneConfig())
    device.start_app(package)
    image, xml = device.screenshot_png(), device.hierarchy_xml(form="u2")
    screen = perceiver.perceive(image=image, hierarchy=xml).screen
    assert any("hierarchy" in e.sources for e in screen.elements)
