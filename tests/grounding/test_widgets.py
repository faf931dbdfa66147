"""The shape detector finds widgets on the virtual phone's screens, and their state."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from aci import Role
from device.virtual.phone import PhoneConfig, VirtualPhone
from grounding.fusion import iou
from grounding.hierarchy import parse_hierarchy
from grounding.widgets import Detector, ShapeDetector, dp_scale, toggle_state
from tests.grounding import screens


def _internet_page(
    *, dark: bool, wifi_on: bool, width: int = 1080, height: int = 2400
) -> VirtualPhone:
    return screens.internet(screens.phone(width, height, dark=dark), wifi_on=wifi_on)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("wifi_on", [False, True], ids=["off", "on"])
def test_finds_the_wifi_switch_and_its_state(dark: bool, wifi_on: bool) -> None:
    device = _internet_page(dark=dark, wifi_on=wifi_on)
    (truth,) = screens.nodes_of(device, Role.SWITCH)
    assert truth.checked is wifi_on
    switches = [e for e in ShapeDetector().detect(screens.frame(device)) if e.role is Role.SWITCH]
    assert len(switches) == 1
    (switch,) = switches
    assert iou(switch.bounds, truth.bounds) > 0.7
    assert switch.checked is wifi_on
    assert switch.sources == ("detector",)


def test_finds_the_switch_on_a_small_screen() -> None:
    device = _internet_page(dark=False, wifi_on=True, width=720, height=1280)
    (truth,) = screens.nodes_of(device, Role.SWITCH)
    switches = [e for e in ShapeDetector().detect(screens.frame(device)) if e.role is Role.SWITCH]
    assert [s.checked for s in switches] == [True]
    assert iou(switches[0].bounds, truth.bounds) > 0.7


def test_finds_icons_and_the_search_field_on_settings() -> None:
    device = VirtualPhone(PhoneConfig())
    device.start_app("com.android.settings")
    hierarchy = parse_hierarchy(device.hierarchy_xml(form="dump"))
    found = ShapeDetector().detect(screens.frame(device))
    field = next(e for e in hierarchy if e.role is Role.FIELD)
    assert any(e.role is Role.FIELD and iou(e.bounds, field.bounds) > 0.7 for e in found)
    icons = [e for e in hierarchy if e.resource_id == "android:id/icon"]
    assert icons
    for icon in icons:
        assert any(d.role is Role.ICON and iou(d.bounds, icon.bounds) > 0.5 for d in found), icon


def _drawn(shape: str, *, on: bool) -> np.ndarray:
    """A check box or radio button drawn the Material way (at 420 dpi), in a made-up colour."""
    frame = np.full((400, 400, 3), 250, np.uint8)
    ink = (40, 120, 200)
    if shape == "checkbox":
        if on:
            cv2.rectangle(frame, (180, 180), (227, 227), ink, -1)
            cv2.polylines(
                frame, [np.array([[188, 205], [200, 217], [220, 192]])], False, (255,) * 3, 5
            )
        else:
            cv2.rectangle(frame, (180, 180), (227, 227), ink, 5)
    else:
        cv2.circle(frame, (200, 200), 25, ink, 5, cv2.LINE_AA)
        if on:
            cv2.circle(frame, (200, 200), 12, ink, -1, cv2.LINE_AA)
    return _on_phone(frame)


def _on_phone(patch: np.ndarray) -> np.ndarray:
    frame = np.full((2400, 1080, 3), 250, np.uint8)
    frame[1000:1400, 300:700] = patch
    return frame


@pytest.mark.parametrize("role", [Role.CHECKBOX, Role.RADIO])
@pytest.mark.parametrize("on", [False, True])
def test_check_boxes_and_radio_buttons(role: Role, on: bool) -> None:
    found = ShapeDetector().detect(_drawn(role.value, on=on))
    toggles = [e for e in found if e.role in (Role.CHECKBOX, Role.RADIO)]
    assert [(e.role, e.checked) for e in toggles] == [(role, on)]


def test_the_shape_detector_is_a_detector() -> None:
    detector: Detector = ShapeDetector()
    assert detector.detect(np.full((800, 400, 3), 255, np.uint8)) == []
    with pytest.raises(ValueError, match=r"H x W x 3"):
        detector.detect(np.zeros((10, 10), np.uint8))


def test_density_is_estimated_from_the_short_side() -> None:
    assert dp_scale(1080, 2400) == pytest.approx(2.63, abs=0.01)
    assert dp_scale(2400, 1080) == dp_scale(1080, 2400)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("wifi_on", [False, True], ids=["off", "on"])
def test_a_switch_state_is_read_from_its_box_alone(dark: bool, wifi_on: bool) -> None:
    """The element model gives a switch's box and no state: the pixels in the box say it."""
    device = _internet_page(dark=dark, wifi_on=wifi_on)
    (truth,) = screens.nodes_of(device, Role.SWITCH)
    gray = cv2.cvtColor(screens.frame(device), cv2.COLOR_BGR2GRAY)
    assert toggle_state(gray, truth.bounds, Role.SWITCH) is wifi_on
