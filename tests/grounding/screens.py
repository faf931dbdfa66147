"""Screens for the grounding tests: the virtual phone's, and hand-written dumps of real apps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

import aci
from device.virtual.phone import PhoneConfig, VirtualPhone
from grounding import hierarchy_size, parse_hierarchy

DATA = Path(__file__).parent / "data"


def screen_of(xml: str, package: str | None = None) -> aci.Screen:
    """The Screen a hierarchy alone gives."""
    size = hierarchy_size(xml)
    assert size is not None
    return aci.Screen(
        width=size[0], height=size[1], elements=tuple(parse_hierarchy(xml)), package=package
    )


def real(name: str) -> aci.Screen:
    """A hand-written dump of a real app's screen from tests/grounding/data."""
    return screen_of((DATA / name).read_text(encoding="utf-8"))


def phone(width_px: int = 1080, height_px: int = 2400, *, dark: bool = False) -> VirtualPhone:
    """A virtual phone showing Settings."""
    density = 420 if width_px >= 1080 else 320
    device = VirtualPhone(PhoneConfig(width_px=width_px, height_px=height_px, density_dpi=density))
    if dark:
        device.settings.put("secure", "ui_night_mode", "2")
    device.start_app("com.android.settings")
    return device


def internet(device: VirtualPhone, *, wifi_on: bool) -> VirtualPhone:
    """Settings > Network & internet > Internet on a phone showing Settings, Wi-Fi as asked."""
    for label in ("Network & internet", "Internet"):
        tap_where(device, lambda e, label=label: e.text == label)
    if wifi_on:
        tap_where(device, lambda e: e.role is aci.Role.SWITCH)
    return device


def tap_where(device: VirtualPhone, which: Callable[[aci.Element], bool]) -> None:
    """Tap the first element of the phone's hierarchy that `which` accepts."""
    element = next(e for e in parse_hierarchy(device.hierarchy_xml(form="dump")) if which(e))
    device.tap(element.center.x, element.center.y)


def look(device: VirtualPhone, form: str = "u2") -> aci.Screen:
    xml = device.hierarchy_xml(form="u2" if form == "u2" else "dump")
    return screen_of(xml, device.foreground()[0])


def frame(device: VirtualPhone) -> np.ndarray:
    """The phone's screenshot as OpenCV decodes it (H x W x 3 BGR), as perception gets it."""
    return cv2.imdecode(np.frombuffer(device.screenshot_png(), np.uint8), cv2.IMREAD_COLOR)


def nodes_of(device: VirtualPhone, role: aci.Role) -> list[aci.Element]:
    """The elements of the phone's hierarchy with this role: the truth pixels are judged by."""
    return [e for e in parse_hierarchy(device.hierarchy_xml(form="dump")) if e.role is role]
