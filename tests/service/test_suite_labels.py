"""The exact-label grounder on small hand-written dumps."""

from __future__ import annotations

from service.suite.labels import actionable, find
from service.ui_nodes import largest_scrollable, parse_nodes, uncovered


def _node(bounds: str, children: str = "", **attrs: str) -> str:
    fields = " ".join(f'{key.replace("_", "-")}="{value}"' for key, value in attrs.items())
    return f'<node bounds="{bounds}" {fields}>{children}</node>'


PAGE = _node(
    "[0,0][1080,2400]",
    _node(
        "[0,200][1080,2000]",
        _node(
            "[0,300][1080,450]",
            _node("[40,320][600,380]", text="Wi-Fi", clickable="false")
            + _node("[900,320][1040,380]", checked="true", **{"class": "android.widget.Switch"}),
            clickable="true",
        )
        + _node("[0,100][1080,180]", text="Internet", clickable="false")
        + _node(
            "[40,500][1040,600]",
            text="Battery",
            hint="Search settings",
            clickable="true",
            **{"class": "android.widget.EditText"},
        )
        + _node("[0,700][1080,800]", text="battery", clickable="true")
        + _node("[0,900][1080,1000]", content_desc="Delete", clickable="true")
        + _node("[300,1000][800,1200]", text="Delete", clickable="true"),
        scrollable="true",
        resource_id="com.android.settings:id/recycler_view",
    ),
)
KEYBOARD = _node("[0,1500][1080,2274]", package="com.google.android.inputmethod.latin")
DUMP = f'<?xml version="1.0"?><hierarchy rotation="0">{PAGE}{KEYBOARD}</hierarchy>'


def test_a_label_finds_the_row_a_person_would_tap() -> None:
    nodes = parse_nodes(DUMP)
    wifi = find(nodes, "  wi-fi ")
    assert wifi is not None and wifi.text == "Wi-Fi"
    assert actionable(nodes, wifi).bounds == (0, 300, 1080, 450)
    assert [node.cls for node in nodes if node.checked] == ["android.widget.Switch"]
    assert find(nodes, "Bluetooth") is None


def test_a_field_is_found_by_its_hint_and_its_text_only_when_typing() -> None:
    nodes = parse_nodes(DUMP)
    tapped = find(nodes, "Battery")
    assert tapped is not None and tapped.bounds == (0, 700, 1080, 800)
    typed = find(nodes, "Battery", editable=True)
    assert typed is not None and typed.editable
    field = find(nodes, "Search settings", editable=True)
    assert field is not None and field.editable


def test_the_node_drawn_last_wins_a_tie_like_a_dialog_over_its_page() -> None:
    nodes = parse_nodes(DUMP)
    delete = find(nodes, "Delete")
    assert delete is not None and delete.text == "Delete"


def test_a_list_is_scrolled_where_the_keyboard_leaves_it_visible() -> None:
    nodes = parse_nodes(DUMP)
    container = largest_scrollable(nodes)
    assert container is not None and container.resource_name == "recycler_view"
    assert uncovered(nodes, container) == (0, 200, 1080, 1500)
