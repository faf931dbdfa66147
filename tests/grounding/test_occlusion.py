"""What a dialog, a sheet or a floating button covers cannot be tapped: never chosen."""

from __future__ import annotations

import pytest

import aci
from device.virtual.phone import PhoneConfig, VirtualPhone
from grounding import ground, parse_hierarchy
from grounding.hierarchy import read_hierarchy
from tests.grounding.screens import screen_of


def _node(bounds: str, *, children: str = "", order: int | None = None, **attrs: str) -> str:
    fields = {"class": "android.view.View", "clickable": "false", **attrs, "bounds": bounds}
    if order is not None:
        fields["drawing-order"] = str(order)
    text = " ".join(f'{key.replace("_", "-")}="{value}"' for key, value in fields.items())
    return f"<node {text}>{children}</node>"


def _row(y: int, title: str) -> str:
    title_node = _node(
        f"[42,{y + 30}][800,{y + 90}]", text=title, **{"class": "android.widget.TextView"}
    )
    return _node(f"[0,{y}][1080,{y + 120}]", children=title_node, clickable="true")


_SENDERS = ("Alice", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Goran", "Hana")


def _inbox(*, dialog: bool, order: bool = False) -> str:
    """A list of eight rows under a toolbar (with its shadow) and a floating add button;
    with `dialog`, an in-window dialog card over the middle of the list."""
    rows = "".join(_row(300 + 120 * i, name) for i, name in enumerate(_SENDERS))
    layers = [
        _node(
            "[0,300][1080,1260]", children=rows, scrollable="true",
            **{"class": "androidx.recyclerview.widget.RecyclerView"},
        ),
        _node("[0,100][1080,300]", text="Inbox", **{"class": "android.widget.TextView"}),
        _node("[0,300][1080,310]"),  # the toolbar's shadow, over the first row's top edge
        _node(
            "[880,1150][1040,1250]", content_desc="Compose", clickable="true",
            **{"class": "android.widget.ImageButton"},
        ),
    ]  # fmt: skip
    if dialog:
        card = "".join(
            [
                _node("[140,620][940,700]", text="Delete 3 messages?",
                      **{"class": "android.widget.TextView"}),
                _node("[140,720][940,820]", text="Keep a copy",
                      **{"class": "android.widget.CheckBox"}, clickable="true"),
                _node("[560,840][740,920]", text="Cancel", clickable="true",
                      **{"class": "android.widget.Button"}),
                _node("[760,840][940,920]", text="Delete", clickable="true",
                      **{"class": "android.widget.Button"}),
            ]
        )  # fmt: skip
        layers.append(_node("[100,560][980,1000]", children=card))
    if order and dialog:  # uiautomator2's form: the dialog listed first but drawn last
        layers = [layers[-1], *layers[:-1]]
        drawn = [len(layers), *range(1, len(layers))]
        layers = [
            layer.replace("<node ", f'<node drawing-order="{n}" ', 1)
            for layer, n in zip(layers, drawn, strict=True)
        ]
    window = _node("[0,0][1080,2400]", children="".join(layers), resource_id="android:id/content")
    return f'<?xml version="1.0"?><hierarchy rotation="0">{window}</hierarchy>'


def _tap(xml: str, target: str) -> aci.Element | None:
    grounded = ground(aci.parse_action(f'tap "{target}"'), screen_of(xml))
    return grounded.element if grounded.found else None


def test_without_a_dialog_every_row_is_reachable_despite_shadow_and_button() -> None:
    labels = {e.label for e in parse_hierarchy(_inbox(dialog=False))}
    assert set(_SENDERS) <= labels
    assert read_hierarchy(_inbox(dialog=False)).hidden == []


@pytest.mark.parametrize("order", [False, True], ids=["document-order", "drawing-order"])
def test_rows_under_a_dialog_are_hidden_and_the_dialog_answers(order: bool) -> None:
    xml = _inbox(dialog=True, order=order)
    dump = read_hierarchy(xml)
    hidden = {e.label for e in dump.hidden}
    # Rows 2-5 (centres y 600-960) lie under the card (y 560-1000); the others stay reachable.
    assert {"Chiara", "Dmitri", "Elif", "Farah"} <= hidden
    assert not {"Alice", "Bruno", "Goran", "Hana", "Delete"} & hidden
    assert _tap(xml, "Dmitri") is None
    chosen = _tap(xml, "Delete")
    assert chosen is not None and chosen.role is aci.Role.BUTTON
    assert _tap(xml, "Hana") is not None


def _open(device: VirtualPhone, *labels: str) -> str:
    for label in labels:
        element = next(e for e in parse_hierarchy(device.hierarchy_xml(form="u2"))
                       if e.label == label)  # fmt: skip
        device.tap(element.center.x, element.center.y)
    return device.hierarchy_xml(form="u2")


@pytest.mark.parametrize("form", ["u2", "dump"])
def test_calculator_theme_dialog_hides_the_keypad(form: str) -> None:
    device = VirtualPhone(PhoneConfig())
    device.start_app("com.google.android.calculator")
    _open(device, "More options", "Choose theme")
    xml = device.hierarchy_xml(form="u2" if form == "u2" else "dump")
    labels = {e.label for e in parse_hierarchy(xml)}
    assert {"Light", "Dark", "System default", "Cancel"} <= labels
    assert not {"7", "AC", "More options"} & labels  # under the dialog or its scrim
    screen = screen_of(xml)
    for hidden in ("7", "AC", "More options"):
        assert not ground(aci.parse_action(f'tap "{hidden}"'), screen).found, hidden
    assert ground(aci.parse_action('tap "Dark"'), screen).found


def test_a_permission_prompt_hides_the_app_then_the_enter_time_dialog_hides_the_alarms() -> None:
    device = VirtualPhone(PhoneConfig())
    device.start_app("com.google.android.deskclock")
    prompt = screen_of(device.hierarchy_xml(form="u2"))
    assert not ground(aci.parse_action('tap "Add alarm"'), prompt).found  # the app is under it
    assert ground(aci.parse_action('tap "Allow"'), prompt).found
    before = {e.label for e in parse_hierarchy(_open(device, "Allow"))}
    xml = _open(device, "Add alarm")
    screen = screen_of(xml)
    assert any(e.editable for e in screen.elements)  # the dialog's fields
    assert "Add alarm" in before and "Add alarm" not in {e.label for e in screen.elements}
    assert not ground(aci.parse_action('tap "Add alarm"'), screen).found
