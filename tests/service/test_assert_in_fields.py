"""`assert visible` reads what a text field holds: the text typed into it counts as shown,
its hint (the placeholder of an empty field, the name of a filled one) does not."""

from __future__ import annotations

import pytest

import aci
from device import AndroidDevice
from device.virtual import VirtualPhoneServer
from grounding import ground
from service.field_words import as_read, shows_hint
from service.runner import Runner, StepError
from service.ui_nodes import parse_nodes
from tests.grounding.screens import screen_of

KEEP = "com.google.android.keep"


def _dump(*fields: tuple[str, str], label: str = "") -> str:
    """A screen of EditTexts given as (text, hint), under a TextView reading `label`."""
    node = (
        '<node index="0" text="{text}" hint="{hint}" resource-id="com.x:id/f{i}" '
        'class="android.widget.EditText" package="com.x" content-desc="" checkable="false" '
        'checked="false" clickable="true" enabled="true" focusable="true" focused="false" '
        'scrollable="false" long-clickable="true" password="false" selected="false" '
        'bounds="[40,{top}][1040,{bottom}]" />'
    )
    rows = [
        node.format(text=text, hint=hint, i=i, top=300 + 200 * i, bottom=420 + 200 * i)
        for i, (text, hint) in enumerate(fields)
    ]
    if label:
        rows.append(
            f'<node index="9" text="{label}" resource-id="" class="android.widget.TextView" '
            'package="com.x" content-desc="" checkable="false" checked="false" '
            'clickable="false" enabled="true" focusable="false" focused="false" '
            'scrollable="false" long-clickable="false" password="false" selected="false" '
            'bounds="[40,1800][1040,1900]" />'
        )
    return (
        '<?xml version="1.0"?><hierarchy rotation="0" width="1080" height="2400">'
        '<node index="0" text="" resource-id="" class="android.widget.FrameLayout" '
        'package="com.x" content-desc="" checkable="false" checked="false" clickable="false" '
        'enabled="true" focusable="false" focused="false" scrollable="false" '
        'long-clickable="false" password="false" selected="false" bounds="[0,0][1080,2400]">'
        f"{''.join(rows)}</node></hierarchy>"
    )


def _visible(xml: str, target: str) -> bool:
    """Whether grounding finds the target on the screen as an assertion reads it."""
    read = as_read(screen_of(xml), parse_nodes(xml))
    grounded = ground(aci.parse_action(f'assert visible "{target}"'), read)
    return grounded.found and grounded.confidence >= 0.5


def test_an_empty_field_shows_its_hint_which_is_no_content() -> None:
    (node,) = [n for n in parse_nodes(_dump(("Title", "Title"))) if n.editable]
    assert shows_hint(node)  # Android reports an empty field's hint as its text
    (empty,) = [n for n in parse_nodes(_dump(("", "Title"))) if n.editable]
    assert shows_hint(empty)
    (typed,) = [n for n in parse_nodes(_dump(("Saved", "Title"))) if n.editable]
    assert not shows_hint(typed)


@pytest.mark.parametrize(
    ("fields", "target", "visible"),
    [
        ((("Saved", "Title"),), "Saved", True),
        ((("Buy milk and eggs", "Note"),), "milk", True),  # as words of what was typed
        ((("Title", "Title"),), "Title", False),  # the placeholder of an empty field
        ((("", "Title"),), "Title", False),
        ((("Saved", "Title"),), "Title", False),  # the hint of a filled field
        ((("Title", "Title"), ("Groceries", "Note")), "Groceries", True),
    ],
)
def test_typed_text_is_read_and_a_hint_is_not(
    fields: tuple[tuple[str, str], ...], target: str, visible: bool
) -> None:
    assert _visible(_dump(*fields), target) is visible


def test_a_label_elsewhere_is_still_seen_beside_a_field_hinting_the_same_words() -> None:
    assert _visible(_dump(("Search settings", "Search settings"), label="Search settings"),
                    "Search settings")  # fmt: skip


def test_a_field_still_answers_to_its_hint_for_typing() -> None:
    xml = _dump(("Title", "Title"))
    grounded = ground(aci.parse_action('type "Groceries" into "Title"'), screen_of(xml))
    assert grounded.found and grounded.element is not None and grounded.element.editable


@pytest.fixture
def editor(device: AndroidDevice, phone: VirtualPhoneServer) -> Runner:
    """Keep's editor for a new note, both fields empty, through the real adb server."""
    runner = Runner(device)
    runner.perform(aci.parse_action(f'open app "{KEEP}"'))
    runner.perform(aci.parse_action('tap "Create a note"'))
    assert phone.phone.foreground()[0] == KEEP
    return runner


def test_on_a_phone_typed_text_is_visible_and_hints_are_not(editor: Runner) -> None:
    editor.perform(aci.parse_action('assert not visible "Title"'))
    editor.perform(aci.parse_action('assert not visible "Note"'))
    editor.perform(aci.parse_action('type "Buy milk and eggs" into "Note"'))
    report = editor.perform(aci.parse_action('assert visible "milk"'))
    element = report.grounding.element if report.grounding is not None else None
    assert element is not None and element.editable and element.text == "Buy milk and eggs"
    editor.perform(aci.parse_action('assert not visible "Note"'))  # now its name, not content
    with pytest.raises(StepError, match=r"assertion failed: 'Title' is not visible"):
        editor.perform(aci.parse_action('assert visible "Title"'))


def test_words_of_a_long_label_are_visible_but_parts_of_words_are_not(editor: Runner) -> None:
    """A date in a row's summary shows, as whole words, however long the summary."""
    text = "Nov 18 · 7:15 AM · Golden Gate Park · 1:12"
    editor.perform(aci.parse_action(f'type "{text}" into "Note"'))
    for shown in ("Nov 18", "Golden Gate", "7:15 AM"):
        editor.perform(aci.parse_action(f'assert visible "{shown}"'))
    editor.perform(aci.parse_action('assert not visible "Nov 1"'))
    editor.perform(aci.parse_action('assert not visible "Gate Parks"'))
