"""The models: construction-time validation that names the bad value, and the wire form."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from aci import (
    ACTION_ADAPTER,
    COMMAND_ADAPTER,
    Assert,
    ClearText,
    ClearTextCommand,
    Condition,
    Direction,
    Done,
    Element,
    Key,
    KeyCommand,
    LongPressCommand,
    OpenApp,
    Point,
    PressKey,
    Role,
    Screen,
    Scroll,
    SetSlider,
    StartAppCommand,
    SwipeCommand,
    Tap,
    TapCommand,
    TypeText,
    TypeTextCommand,
    Wait,
    WaitCommand,
)


def _error_text(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(exc.value)


# -- actions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "action"),
    [
        ({"type": "tap", "target": "Wi-Fi"}, Tap(target="Wi-Fi")),
        ({"type": "tap", "point": {"x": 540, "y": 1210}}, Tap(point=Point(x=540, y=1210))),
        ({"type": "tap", "point": [540, 1210]}, Tap(point=Point(x=540, y=1210))),
        ({"type": "type", "text": "hello"}, TypeText(text="hello")),
        ({"type": "scroll", "direction": "down"}, Scroll(direction=Direction.DOWN)),
        ({"type": "key", "key": "back"}, PressKey(key=Key.BACK)),
        ({"type": "open_app", "app": "Clock"}, OpenApp(app="Clock")),
        ({"type": "wait", "seconds": 2}, Wait(seconds=2.0)),
        ({"type": "done"}, Done()),
        (
            {"type": "assert", "target": "Wi-Fi", "condition": "checked"},
            Assert(target="Wi-Fi", condition=Condition.CHECKED),
        ),
        (
            {"type": "assert", "target": "Error", "condition": "visible", "negated": True},
            Assert(target="Error", condition=Condition.VISIBLE, negated=True),
        ),
        (
            {"type": "set", "target": "Call volume", "quoted": True, "level": 1},
            SetSlider(target="Call volume", quoted=True, level=1.0),
        ),
        (
            {"type": "set", "target": "Brightness", "level": 0.4},
            SetSlider(target="Brightness", level=0.4),
        ),
        ({"type": "clear"}, ClearText()),
        (
            {"type": "clear", "target": "Title", "quoted": True},
            ClearText(target="Title", quoted=True),
        ),
    ],
)
def test_action_union_validates_from_dicts(data: dict[str, object], action: object) -> None:
    assert ACTION_ADAPTER.validate_python(data) == action


def test_action_round_trips_through_json() -> None:
    action = Scroll(direction=Direction.UP, target="Alarms", quoted=True)
    json = ACTION_ADAPTER.dump_json(action)
    assert json == b'{"type":"scroll","direction":"up","target":"Alarms","quoted":true}'
    assert ACTION_ADAPTER.validate_json(json) == action


def test_new_verbs_round_trip_through_json() -> None:
    slider = SetSlider(target="Call volume", quoted=True, level=0.4)
    json = ACTION_ADAPTER.dump_json(slider)
    assert json == b'{"type":"set","target":"Call volume","quoted":true,"level":0.4}'
    assert ACTION_ADAPTER.validate_json(json) == slider
    clear = ClearText(target="Title", quoted=True)
    assert ACTION_ADAPTER.dump_json(clear) == b'{"type":"clear","target":"Title","quoted":true}'
    assert ACTION_ADAPTER.validate_json(ACTION_ADAPTER.dump_json(clear)) == clear


def test_a_description_must_read_back_unquoted_and_a_label_may_hold_anything() -> None:
    with pytest.raises(ValidationError, match=r"starts with a quote.*quoted label instead"):
        Tap(target='"Wi-Fi"')
    with pytest.raises(ValidationError, match="reads as a point"):
        Tap(target="(540, 1210)")
    with pytest.raises(ValidationError, match="line break"):
        TypeText(text="x", target="the\nfield")
    assert Tap(target='"Wi-Fi"', quoted=True).target == '"Wi-Fi"'
    assert Tap(target="(540, 1210)", quoted=True).quoted


@pytest.mark.parametrize(
    ("data", "names"),
    [
        ({"type": "teleport"}, ["'teleport'", "'tap'"]),
        ({"type": "tap"}, ["exactly one of target or point", "target=None and point=None"]),
        ({"type": "tap", "target": "x", "point": [1, 2]}, ["target='x'", "Point(x=1, y=2)"]),
        ({"type": "tap", "target": "   "}, ["must not be blank, got '   '"]),
        ({"type": "tap", "point": [-3, 2]}, ["point.x", "-3"]),
        ({"type": "tap", "point": [1, 2, 3]}, ["a point is (x, y), got [1, 2, 3]"]),
        ({"type": "scroll", "direction": "sideways"}, ["direction", "'sideways'"]),
        ({"type": "key", "key": "hyperspace"}, ["key", "'hyperspace'"]),
        ({"type": "wait", "seconds": -1}, ["seconds", "-1"]),
        ({"type": "wait", "seconds": float("inf")}, ["seconds", "inf"]),
        ({"type": "done", "why": "x"}, ["why", "Extra inputs are not permitted"]),
        ({"type": "assert", "target": "x", "condition": "pink"}, ["condition", "'pink'"]),
        ({"type": "assert", "condition": "visible"}, ["target", "Field required"]),
        ({"type": "set", "target": "x", "level": 1.4}, ["level", "less than or equal to 1"]),
        ({"type": "set", "target": "x", "level": -0.1}, ["level", "greater than or equal to 0"]),
        ({"type": "set", "target": "x", "level": float("nan")}, ["level", "finite number"]),
        ({"type": "set", "target": "x"}, ["level", "Field required"]),
        ({"type": "set", "level": 1}, ["target", "Field required"]),
        ({"type": "set", "target": " ", "level": 1}, ["must not be blank, got ' '"]),
        ({"type": "clear", "target": '"Title"'}, ["starts with a quote"]),
    ],
)
def test_invalid_action_data_names_the_bad_value(data: dict[str, object], names: list[str]) -> None:
    with pytest.raises(ValidationError) as caught:
        ACTION_ADAPTER.validate_python(data)
    for name in names:
        assert name in _error_text(caught)


def test_actions_are_frozen_and_hashable() -> None:
    action = Tap(target="Wi-Fi")
    with pytest.raises(ValidationError):
        action.target = "Bluetooth"
    assert len({action, Tap(target="Wi-Fi")}) == 1


# -- commands -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "command"),
    [
        ({"type": "tap", "x": 540, "y": 612}, TapCommand(x=540, y=612)),
        (
            {"type": "long_press", "x": 1, "y": 2, "duration_ms": 900},
            LongPressCommand(x=1, y=2, duration_ms=900),
        ),
        (
            {"type": "swipe", "x1": 540, "y1": 1600, "x2": 540, "y2": 400},
            SwipeCommand(x1=540, y1=1600, x2=540, y2=400, duration_ms=300),
        ),
        ({"type": "type_text", "text": "hi"}, TypeTextCommand(text="hi")),
        ({"type": "key", "name": "recents"}, KeyCommand(name=Key.RECENTS)),
        (
            {"type": "start_app", "package": "com.android.deskclock"},
            StartAppCommand(package="com.android.deskclock"),
        ),
        ({"type": "wait", "seconds": 0.5}, WaitCommand(seconds=0.5)),
        ({"type": "clear_text"}, ClearTextCommand()),
        ({"type": "clear_text", "x": 540, "y": 1000}, ClearTextCommand(x=540, y=1000)),
    ],
)
def test_command_union_validates_from_dicts(data: dict[str, object], command: object) -> None:
    assert COMMAND_ADAPTER.validate_python(data) == command


@pytest.mark.parametrize(
    ("data", "names"),
    [
        ({"type": "tap", "x": -1, "y": 0}, ["x", "-1"]),
        ({"type": "long_press", "x": 1, "y": 1, "duration_ms": 0}, ["duration_ms", "0"]),
        ({"type": "type_text", "text": ""}, ["text", "''"]),
        ({"type": "key", "name": "warp"}, ["name", "'warp'"]),
        (
            {"type": "start_app", "package": "Clock"},
            ["package 'Clock' is not an Android package name, e.g. com.android.settings"],
        ),
        ({"type": "start_app", "package": "a.b", "activity": " "}, ["activity", "' '"]),
        ({"type": "clear_text", "x": 5}, ["give both x and y (the field to tap first) or neither"]),
    ],
)
def test_invalid_command_data_names_the_bad_value(
    data: dict[str, object], names: list[str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        COMMAND_ADAPTER.validate_python(data)
    for name in names:
        assert name in _error_text(caught)


# -- screen -------------------------------------------------------------------


def test_element_geometry() -> None:
    element = Element(bounds=(100, 200, 301, 260), text="Wi-Fi", sources=("hierarchy",))
    assert (element.width, element.height, element.area) == (201, 60, 201 * 60)
    assert element.center == Point(x=200, y=230)
    assert element.contains(element.center)
    assert element.contains(Point(x=301, y=260))
    assert not element.contains(Point(x=302, y=230))


def test_element_defaults_and_label() -> None:
    element = Element(bounds=(0, 0, 10, 10), desc="Search", sources=("detector",))
    assert element.role is Role.OTHER
    assert element.enabled and not (element.checked or element.clickable or element.editable)
    assert element.label == "Search"
    assert Element(bounds=(0, 0, 1, 1), text="OK", desc="x", sources=("ocr",)).label == "OK"


def test_element_sources_are_unique_and_best_first() -> None:
    element = Element(bounds=(0, 0, 1, 1), sources=("detector", "ocr", "hierarchy", "ocr"))
    assert element.sources == ("hierarchy", "ocr", "detector")


@pytest.mark.parametrize(
    ("fields", "names"),
    [
        ({"bounds": (50, 0, 10, 10), "sources": ("ocr",)}, ["x1 <= x2", "[50, 0, 10, 10]"]),
        ({"bounds": (0, 0, 10), "sources": ("ocr",)}, ["bounds"]),
        ({"bounds": (0, 0, 1, 1), "sources": ()}, ["sources"]),
        ({"bounds": (0, 0, 1, 1), "sources": ("camera",)}, ["'camera'"]),
        ({"bounds": (0, 0, 1, 1), "sources": ("ocr",), "role": "rocket"}, ["role", "'rocket'"]),
    ],
)
def test_invalid_element_names_the_bad_value(fields: dict[str, object], names: list[str]) -> None:
    with pytest.raises(ValidationError) as caught:
        Element.model_validate(fields)
    for name in names:
        assert name in _error_text(caught)


def test_screen_from_json() -> None:
    screen = Screen.model_validate_json(
        '{"width": 1080, "height": 2400, "package": "com.android.settings",'
        ' "elements": [{"bounds": [0, 100, 1080, 220], "text": "Wi-Fi", "role": "switch",'
        ' "checked": true, "clickable": true, "sources": ["hierarchy", "ocr"]}]}'
    )
    (element,) = screen.elements
    assert element.role is Role.SWITCH and element.checked
    assert screen.activity is None
    assert Screen.model_validate_json(screen.model_dump_json()) == screen


def test_screen_size_must_be_positive() -> None:
    with pytest.raises(ValidationError, match="width"):
        Screen(width=0, height=2400)


def test_screen_reads_an_unknown_foreground_app_as_none() -> None:
    screen = Screen(width=1080, height=2400, package="", activity=" ")
    assert (screen.package, screen.activity) == (None, None)
