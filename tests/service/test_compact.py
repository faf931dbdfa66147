"""The compact observation: what a planner or an agent needs to name and reach each element."""

from __future__ import annotations

from aci import Element, Role, Screen
from service.phones import compact


def _screen(*elements: Element) -> Screen:
    return Screen(width=1080, height=2400, elements=elements)


def test_an_unlabelled_icon_is_listed_by_what_its_pixels_show() -> None:
    named = Element(bounds=(40, 120, 136, 216), role=Role.ICON, icon="search", sources=("ocr",))
    blank = Element(bounds=(200, 120, 296, 216), role=Role.ICON, sources=("detector",))
    (shown,) = compact(_screen(named, blank))
    assert (shown.label, shown.role, shown.icon) == ("", "icon", "search")
    assert shown.center == (88, 168)


def test_an_element_with_words_has_no_icon_name() -> None:
    button = Element(
        bounds=(0, 0, 300, 100),
        text="Save",
        role=Role.BUTTON,
        clickable=True,
        sources=("hierarchy",),
    )
    (shown,) = compact(_screen(button))
    assert (shown.label, shown.icon, shown.state) == ("Save", "", [])
