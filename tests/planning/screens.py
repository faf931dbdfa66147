"""Screens for planner tests: real ones from the virtual phone, and small hand-made ones."""

from __future__ import annotations

from typing import Any

import aci
from device.virtual import PhoneConfig, VirtualPhone
from grounding.hierarchy import hierarchy_size, parse_hierarchy


def new_phone() -> VirtualPhone:
    return VirtualPhone(PhoneConfig(width_px=1080, height_px=2400, density_dpi=420))


def observe(phone: VirtualPhone) -> aci.Screen:
    """The phone's screen as a planner gets it: the hierarchy, parsed."""
    xml = phone.hierarchy_xml(form="dump")
    size = hierarchy_size(xml)
    assert size is not None
    width, height = size
    return aci.Screen(width=width, height=height, elements=tuple(parse_hierarchy(xml)))


def internet_page() -> tuple[VirtualPhone, aci.Screen]:
    """Settings > Network & internet > Internet, Wi-Fi off."""
    phone = new_phone()
    assert phone.start_app("com.android.settings", ".Settings$WifiSettingsActivity")
    return phone, observe(phone)


def element(bounds: tuple[int, int, int, int], **fields: Any) -> aci.Element:
    return aci.Element(bounds=bounds, sources=("hierarchy",), **fields)


def screen(*elements: aci.Element) -> aci.Screen:
    return aci.Screen(width=1080, height=2400, elements=elements, package="com.example")


SETTINGS_LIST = screen(
    element((0, 0, 1080, 2400), scrollable=True, role=aci.Role.LIST),
    element((0, 300, 1080, 450), clickable=True, role=aci.Role.CONTAINER),
    element((40, 330, 600, 420), text="Wi-Fi", role=aci.Role.TEXT),
    element((900, 340, 1040, 410), role=aci.Role.SWITCH, checked=True, clickable=True),
    element((0, 450, 1080, 600), clickable=True, role=aci.Role.CONTAINER),
    element((40, 480, 600, 570), text="Bluetooth", role=aci.Role.TEXT),
    element((900, 490, 1040, 560), role=aci.Role.SWITCH, checked=False, clickable=True),
    element((40, 620, 600, 700), text="Use   location", role=aci.Role.TEXT),
    element((900, 620, 1040, 700), desc="Use location", role=aci.Role.CHECKBOX, checked=True),
    element((40, 800, 1040, 900), text="Airplane mode", role=aci.Role.TEXT),
    element((0, 0, 120, 120), desc="Navigate up", role=aci.Role.ICON, clickable=True),
    element((960, 0, 1080, 120), role=aci.Role.ICON, clickable=True),
    element((40, 1000, 1040, 1100), text="OK", role=aci.Role.BUTTON, clickable=True),
    element((40, 2200, 1040, 2300), text="OK", role=aci.Role.BUTTON, clickable=True),
    element((40, 1200, 1040, 1300), desc="Search", role=aci.Role.FIELD, editable=True),
)
"""Rows with switches (Wi-Fi on, Bluetooth off), a checkbox, a row without a toggle, two OK
buttons, an unlabelled icon and a search field; the indices are the prompt's."""
