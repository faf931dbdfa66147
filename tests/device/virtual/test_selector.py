"""UiSelector matching: mask bits, string operators, flags, index, instance, child and sibling."""

from __future__ import annotations

import pytest

from device.virtual.hierarchy import Node
from device.virtual.selector import MASKS, SelectorError, find


def sel(**keys: object) -> dict[str, object]:
    """A selector as uiautomator2 builds it."""
    mask = 0
    for key in keys:
        mask |= MASKS[key]
    return {"mask": mask, "childOrSibling": [], "childOrSiblingSelector": [], **keys}


def _row(text: str, top: int, *, checked: bool = False) -> Node:
    return Node(
        cls="android.widget.LinearLayout",
        package="com.android.settings",
        bounds=(0, top, 1080, top + 100),
        clickable=True,
        children=[
            Node(
                cls="android.widget.TextView",
                text=text,
                package="com.android.settings",
                resource_id="android:id/title",
                bounds=(40, top, 600, top + 100),
            ),
            Node(
                cls="android.widget.Switch",
                package="com.android.settings",
                checkable=True,
                checked=checked,
                bounds=(900, top, 1040, top + 100),
            ),
        ],
    )


WINDOWS = [
    Node(
        cls="android.widget.FrameLayout",
        package="com.android.settings",
        bounds=(0, 0, 1080, 2400),
        children=[
            _row("Wi-Fi", 200, checked=True),
            _row("Bluetooth", 300),
            Node(text="Hidden", bounds=(0, 0, 0, 0)),
        ],
    ),
    Node(
        cls="android.widget.FrameLayout",
        package="com.android.systemui",
        bounds=(0, 0, 1080, 60),
        children=[
            Node(
                cls="android.widget.TextView",
                text="12:00",
                content_desc="Clock",
                package="com.android.systemui",
                bounds=(20, 0, 200, 60),
            ),
        ],
    ),
]


def texts(nodes: list[Node]) -> list[str]:
    return [node.text or node.cls.rsplit(".", 1)[-1] for node in nodes]


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        (sel(text="Wi-Fi"), ["Wi-Fi"]),
        (sel(textContains="-F"), ["Wi-Fi"]),
        (sel(textStartsWith="Blue"), ["Bluetooth"]),
        (sel(textMatches="W.*i"), ["Wi-Fi"]),
        (sel(textMatches="Wi"), []),  # a Java regex must match the whole value
        (sel(description="Clock"), ["12:00"]),
        (sel(descriptionContains="loc"), ["12:00"]),
        (sel(className="android.widget.Switch", checked=True), ["Switch"]),
        (sel(className="android.widget.Switch", checked=False), ["Switch"]),
        (sel(packageName="com.android.systemui", className="android.widget.TextView"), ["12:00"]),
        (sel(resourceId="android:id/title"), ["Wi-Fi", "Bluetooth"]),
        (sel(resourceIdMatches=".*title", instance=1), ["Bluetooth"]),
        (sel(resourceId="android:id/title", instance=5), []),
        (sel(className="android.widget.Switch", index=1), ["Switch", "Switch"]),
        (sel(text="Hidden"), []),  # invisible nodes are not on screen
    ],
)
def test_matching(selector: dict[str, object], expected: list[str]) -> None:
    assert texts(find(selector, WINDOWS)) == expected


def test_keys_outside_the_mask_are_ignored() -> None:
    selector = sel(text="Wi-Fi")
    selector["description"] = "not set in the mask"
    assert texts(find(selector, WINDOWS)) == ["Wi-Fi"]


def test_child_and_sibling() -> None:
    child = sel(clickable=True)
    child["childOrSibling"] = ["child"]
    child["childOrSiblingSelector"] = [sel(text="Bluetooth")]
    assert texts(find(child, WINDOWS)) == ["Bluetooth"]

    sibling = sel(text="Wi-Fi")
    sibling["childOrSibling"] = ["sibling"]
    sibling["childOrSiblingSelector"] = [sel(className="android.widget.Switch")]
    nodes = find(sibling, WINDOWS)
    assert len(nodes) == 1 and nodes[0].checked


def test_bad_regex_reports_the_java_exception() -> None:
    with pytest.raises(SelectorError) as caught:
        find(sel(textMatches="("), WINDOWS)
    assert caught.value.java_class == "java.util.regex.PatternSyntaxException"
