"""Typing into fields and tapping after a search: a field answers to its hint and its
caption, and a search box holding the typed words does not steal the result's tap."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

import aci
from grounding import Grounded, ground
from grounding.fusion import fuse
from lexicon.text import words
from tests.grounding.screens import screen_of


def _node(cls: str, bounds: str, children: str = "", **attrs: str) -> str:
    """One uiautomator2 node; `attrs` use underscores for dashes (content_desc)."""
    fields = {"text": "", "resource-id": "", "content-desc": "", "clickable": "false"}
    fields.update({name.replace("_", "-"): value for name, value in attrs.items()})
    shown = " ".join(f"{name}={quoteattr(value)}" for name, value in fields.items())
    return f'<node class="android.widget.{cls}" {shown} bounds="{bounds}">{children}</node>'


def _screen(*children: str) -> aci.Screen:
    window = _node("FrameLayout", "[0,0][1080,2400]", "".join(children))
    return screen_of(f'<?xml version="1.0" ?><hierarchy rotation="0">{window}</hierarchy>')


def _run(screen: aci.Screen, line: str) -> Grounded:
    return ground(aci.parse_action(line), screen)


def _landed(grounded: Grounded) -> aci.Point:
    """Where the step's tap lands (a type step taps its field first)."""
    assert grounded.found, grounded.reason
    command = grounded.command
    assert isinstance(command, aci.TapCommand | aci.TypeTextCommand), grounded
    assert command.x is not None and command.y is not None
    return aci.Point(x=command.x, y=command.y)


_SEARCHED = _screen(
    _node(
        "EditText", "[42,252][1038,399]", text="Battery Saver", hint="Search settings",
        clickable="true", focused="true",
    ),
    _node(
        "LinearLayout", "[0,441][1080,640]",
        _node("TextView", "[199,483][1028,546]", text="Battery Saver")
        + _node("TextView", "[199,546][1028,598]", text="Battery"),
        clickable="true",
    ),
)  # fmt: skip


def test_a_tap_after_searching_opens_the_result_not_the_search_box() -> None:
    grounded = _run(_SEARCHED, 'tap "Battery Saver"')
    assert (grounded.element is not None) and not grounded.element.editable
    assert _landed(grounded).y in range(441, 640)


def test_the_search_box_is_still_found_by_its_hint() -> None:
    grounded = _run(_SEARCHED, 'type "wifi" into "Search settings"')
    assert _landed(grounded).y in range(252, 399)
    assert grounded.confidence >= 0.9


def test_a_field_holding_text_answers_to_its_hint() -> None:
    screen = _screen(
        _node("TextView", "[52,252][1028,420]", text="07:15"),
        _node("EditText", "[42,661][1038,808]", text="Wake up", hint="Add label",
              clickable="true"),
        _node("Button", "[52,1196][352,1301]", text="Delete", clickable="true"),
    )  # fmt: skip
    for line in ('type "Gym" into "Add label"', 'tap "Add label"'):
        grounded = _run(screen, line)
        assert _landed(grounded).y in range(661, 808), line
        assert grounded.confidence >= 0.9, line


def test_a_dialog_title_names_its_only_field() -> None:
    screen = _screen(
        _node("TextView", "[126,402][954,486]", text="Rename device"),
        _node("TextView", "[125,549][955,864]", text="Other devices see this name."),
        _node("EditText", "[115,927][965,1074]", text="Pixel 8", clickable="true"),
        _node("Button", "[874,1116][986,1221]", text="OK", clickable="true"),
    )
    grounded = _run(screen, 'type "Elif" into "Rename device"')
    assert _landed(grounded).y in range(927, 1074)
    assert "caption" in grounded.reason


def test_each_caption_of_a_form_names_the_field_below_it() -> None:
    screen = _screen(
        _node("TextView", "[42,300][1038,360]", text="Email"),
        _node("EditText", "[42,370][1038,500]", clickable="true"),
        _node("TextView", "[42,560][1038,620]", text="Password"),
        _node("EditText", "[42,630][1038,760]", clickable="true", password="true"),
    )
    assert _landed(_run(screen, 'type "a@b.c" into "Email"')).y in range(370, 500)
    assert _landed(_run(screen, 'type "secret" into "Password"')).y in range(630, 760)
    assert _landed(_run(screen, 'type "a@b.c" into the Email field')).y in range(370, 500)


def test_a_text_is_not_typed_into_when_the_hierarchy_has_no_field() -> None:
    screen = _screen(_node("TextView", "[42,300][1038,360]", text="Email"))
    assert not _run(screen, 'type "a@b.c" into "Email"').found


def test_a_key_drawn_with_spaces_is_the_same_key() -> None:
    assert words("( )") == words("()")
    assert words("+/-") == ("plus", "divide", "minus")
    keys = _screen(
        _node("Button", "[296,1239][529,1425]", text="( )", clickable="true"),
        _node("Button", "[550,1239][783,1425]", text="%", clickable="true"),
    )
    assert _landed(_run(keys, 'tap "( )"')).x in range(296, 529)
    assert _landed(_run(keys, 'tap "()"')).x in range(296, 529)


def _pixels(*elements: aci.Element) -> aci.Screen:
    return aci.Screen(width=1080, height=2400, elements=elements)


def test_a_detected_field_takes_the_hint_read_inside_it() -> None:
    box = aci.Element(
        bounds=(42, 378, 1038, 525), role=aci.Role.FIELD, editable=True, sources=("detector",)
    )
    hint = aci.Element(
        bounds=(150, 420, 480, 480), text="Search settings", role=aci.Role.TEXT,
        sources=("ocr",),
    )  # fmt: skip
    title = aci.Element(bounds=(63, 168, 400, 315), text="Settings", sources=("ocr",))
    fused = fuse([], [hint, title], [box])
    assert [(e.text, e.editable) for e in fused] == [("Settings", False), ("Search settings", True)]
    grounded = _run(_pixels(*fused), 'type "wifi" into "Search settings"')
    assert _landed(grounded).y in range(378, 525)


def test_with_pixels_only_a_hint_is_typed_into_where_it_is_read() -> None:
    hint = aci.Element(
        bounds=(150, 1990, 480, 2070), text="Text message", role=aci.Role.TEXT, sources=("ocr",)
    )
    grounded = _run(_pixels(hint), 'type "hi" into "Text message"')
    assert _landed(grounded).y in range(1990, 2070)
    assert grounded.confidence >= 0.8
