"""Screens for the grounding tests: the virtual phone's, and hand-written dumps of real apps."""

from __future__ import annotations

from pathlib import Path

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


def look(device: VirtualPhone, form: str = "u2") -> aci.Screen:
    xml = device.hierarchy_xml(form="u2" if form == "u2" else "dump")
    return screen_of(xml, device.foreground()[0])
