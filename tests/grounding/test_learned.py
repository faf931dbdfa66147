"""The element model beside the shape detector: widgets from a screenshot alone, with state."""

from __future__ import annotations

import json

import numpy as np
import pytest

from aci import Element, Role
from device.virtual.phone import PhoneConfig, VirtualPhone
from device.virtual.ui.theme import PALETTE_SETTING
from grounding.fusion import iou
from grounding.learned import LearnedDetector
from grounding.widgets import ShapeDetector
from tests.grounding import screens


class _Blind:
    """A shape detector that finds nothing, so what is found is the model's."""

    def detect(self, frame: np.ndarray) -> list[Element]:
        return []


def _model_alone(device: VirtualPhone, role: Role) -> list[Element]:
    """What the element model, with no shape detector beside it, finds of `role`."""
    found = LearnedDetector(shapes=_Blind()).detect(screens.frame(device))
    return [e for e in found if e.role is role]


def _timeout_dialog(*, dark: bool) -> VirtualPhone:
    """Settings' screen-timeout choices (radio buttons) in a green theme of its own."""
    device = VirtualPhone(PhoneConfig(width_px=1080, height_px=2340, density_dpi=440))
    palette = {"android.theme.customization.system_palette": "FF2E7D32"}
    device.settings.put("secure", PALETTE_SETTING, json.dumps(palette))
    device.settings.put("secure", "ui_night_mode", "2" if dark else "1")
    device.start_app("com.android.settings", ".Settings$DisplaySettingsActivity")
    screens.tap_where(device, lambda e: e.text == "Screen timeout")
    return device


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_model_alone_finds_radio_buttons_and_which_is_chosen(dark: bool) -> None:
    device = _timeout_dialog(dark=dark)
    truth = screens.nodes_of(device, Role.RADIO)
    assert len(truth) >= 5
    found = _model_alone(device, Role.RADIO)
    for radio in truth:
        # The hierarchy's box is the whole row; the model's hugs the mark inside it.
        marks = [
            e for e in found if e.bounds[1] >= radio.bounds[1] and e.bounds[3] <= radio.bounds[3]
        ]
        assert len(marks) == 1, radio.text
        assert marks[0].checked is radio.checked, radio.text
        assert marks[0].clickable and marks[0].sources == ("detector",)


@pytest.mark.parametrize("wifi_on", [False, True], ids=["off", "on"])
def test_the_model_alone_finds_the_wifi_switch_and_its_state(wifi_on: bool) -> None:
    device = screens.internet(screens.phone(dark=True), wifi_on=wifi_on)
    (truth,) = screens.nodes_of(device, Role.SWITCH)
    found = _model_alone(device, Role.SWITCH)
    matched = [e for e in found if iou(e.bounds, truth.bounds) > 0.5]
    assert len(matched) == 1
    assert matched[0].checked is wifi_on


def test_the_shape_detectors_finds_are_kept_and_the_model_adds_only_new_ones() -> None:
    device = screens.internet(screens.phone(), wifi_on=True)
    frame = screens.frame(device)
    shapes = ShapeDetector().detect(frame)
    both = LearnedDetector().detect(frame)
    assert both[: len(shapes)] == shapes
    added = both[len(shapes) :]
    assert added, "the model sees widgets the shapes miss (buttons and tabs have no outline)"
    for element in added:
        assert all(iou(element.bounds, shape.bounds) <= 0.5 for shape in shapes)


def test_a_landscape_frame_is_left_to_the_shape_detector() -> None:
    """The model learnt portrait screens: squeezed from landscape it would see shapes that
    are not there."""
    device = VirtualPhone(PhoneConfig(width_px=2400, height_px=1080, density_dpi=420))
    device.start_app("com.android.settings")
    frame = screens.frame(device)
    assert LearnedDetector().detect(frame) == ShapeDetector().detect(frame)
