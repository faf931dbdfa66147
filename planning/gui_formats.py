"""The action formats of common GUI models, mapped onto ACI actions.

Function-call forms as UI-TARS, Qwen-VL agents and pyautogui-style models write
them: `click(start_box='(235,512)')`, `long_press(...)`, `type(content='hi')`,
`scroll(direction='down')`, `drag(start_box=..., end_box=...)`, `press_back()`,
`press_home()`, `open_app(app_name='Clock')`, `wait()`, `finished()`,
`tap(540, 1200)`; and the JSON actions of Android agents
(`{"action_type": "click", "index": 3}`). The calls are read with `ast` and
`ast.literal_eval`: model output is parsed, never executed.

Coordinates are on `grid` (0-1000 by default, as those models emit them),
fractions when all are at most 1, or pixels when `grid` is None. A point
becomes a tap on the element it falls in, by its label when the label names
that element alone (`tap "Wi-Fi"`, which grounding can verify), else a tap on
the point itself.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import Any

import aci
from lexicon.text import normalise
from planning.errors import UnreadableReplyError

__all__ = ["element_at_index", "from_call", "from_json_action", "target_at"]

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_POINT_KEYS = ("start_box", "point", "start_point", "box", "coordinate", "coordinates", "position")
_END_KEYS = ("end_box", "end_point", "end_coordinate")
_TEXT_KEYS = ("content", "text", "value", "string")
_APP_KEYS = ("app_name", "app", "name", "package")
_LOOSE_CALL = re.compile(r"^\s*([\w.]+)\(\s*(?:(\w+)\s*=\s*)?(['\"])(.*)\3\s*\)\s*$", re.DOTALL)
_WIDE_SHARE = 0.5  # an element covering more of the screen than this is a backdrop, not a target

_TAP = frozenset({"tap", "click", "left_click", "left_single", "single_click", "touch"})
_LONG = frozenset({"long_press", "longpress", "long_click", "long_tap"})
_TYPE = frozenset({"type", "input", "input_text", "type_text", "write", "typewrite", "enter_text"})
_KEYS = {
    "press_back": aci.Key.BACK,
    "back": aci.Key.BACK,
    "navigate_back": aci.Key.BACK,
    "press_home": aci.Key.HOME,
    "home": aci.Key.HOME,
    "navigate_home": aci.Key.HOME,
    "press_enter": aci.Key.ENTER,
    "enter": aci.Key.ENTER,
    "keyboard_enter": aci.Key.ENTER,
    "press_recents": aci.Key.RECENTS,
    "recents": aci.Key.RECENTS,
}
_DONE = frozenset({"finished", "finish", "done", "complete", "completed", "success"})
_FAIL = frozenset({"fail", "failed", "infeasible", "call_user", "give_up"})


def from_call(text: str, screen: aci.Screen, *, grid: int | None) -> aci.Action:
    """The action a function-call reply names; UnreadableReplyError when it names none."""
    name, args, kwargs = _read_call(text)
    return _action(name, args, kwargs, screen, grid=grid, source=text.strip())


def from_json_action(data: Mapping[str, Any], screen: aci.Screen) -> aci.Action:
    """An Android-agent JSON action (`action_type`, `index` as listed, `x`/`y` in pixels)."""
    name = str(data.get("action_type") or data.get("action") or "").strip().lower()
    kwargs = {
        str(key): value for key, value in data.items() if key not in ("action_type", "action")
    }
    if name == "status":
        name = "finished" if str(kwargs.get("goal_status", "")).lower() == "complete" else "fail"
    if "index" in kwargs and name in _TAP | _LONG | _TYPE:
        element = element_at_index(kwargs["index"], screen)
        if name in _TYPE:
            text = _first_text([], kwargs, _TEXT_KEYS)
            if not text:
                raise UnreadableReplyError(f"{name} without text to type in {dict(data)!r}")
            return aci.TypeText(text=text, target=element.label or None, quoted=True)
        model = aci.Tap if name in _TAP else aci.LongPress
        return _pointing(model, element, element.center, screen)
    return _action(name, [], kwargs, screen, grid=None, source=str(dict(data)))


def element_at_index(value: Any, screen: aci.Screen) -> aci.Element:
    """The element the prompt listed as `[index]`."""
    count = len(screen.elements)
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise UnreadableReplyError(f"element index must be a whole number, got {value!r}")
    index = int(value)
    if index >= count:
        raise UnreadableReplyError(
            f"element index {index} out of range: the screen has {count} elements (0-{count - 1})"
        )
    return screen.elements[index]


def target_at(point: aci.Point, screen: aci.Screen) -> aci.Element | None:
    """The element a point taps, when its label names it alone on the screen; else None.

    The smallest element holding the point decides: labelled, it is the target; an
    unlabelled clickable one (an icon without a description) keeps the tap on the point.
    """
    holding = sorted(
        (element for element in screen.elements if element.contains(point)),
        key=lambda element: element.area,
    )
    for element in holding:
        if element.area > _WIDE_SHARE * screen.width * screen.height:
            return None
        if element.label:
            return element if _unique(element, screen) else None
        if element.clickable:
            return None
    return None


def _pointing(
    model: type[aci.Tap] | type[aci.LongPress],
    element: aci.Element | None,
    point: aci.Point,
    screen: aci.Screen,
) -> aci.Action:
    """A tap by the element's label when that label names it alone, else on the point."""
    if element is not None and element.label and _unique(element, screen):
        return model(target=element.label, quoted=True)
    return model(point=point)


def _unique(element: aci.Element, screen: aci.Screen) -> bool:
    """Whether no element elsewhere (outside its row) reads the same: the label then names it."""
    label = normalise(element.label)
    centre = element.center
    return all(
        other.bounds[1] <= centre.y <= other.bounds[3] or element.contains(other.center)
        for other in screen.elements
        if normalise(other.label) == label
    )


def _read_call(text: str) -> tuple[str, list[Any], dict[str, Any]]:
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError):  # ValueError: a NUL byte in the text
        return _read_loose_call(text)
    if not isinstance(tree, ast.Call):
        raise UnreadableReplyError(f"{text.strip()[:80]!r} is not a function call")
    func = tree.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    try:
        args = [ast.literal_eval(arg) for arg in tree.args]
        kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in tree.keywords if kw.arg}
    except (ValueError, TypeError, SyntaxError) as exc:
        raise UnreadableReplyError(
            f"arguments of {name}(...) must be plain values (strings, numbers): {exc}"
        ) from exc
    return name.lower(), args, kwargs


def _read_loose_call(text: str) -> tuple[str, list[Any], dict[str, Any]]:
    """`type(content='it's')`: one string argument whose quotes Python would reject."""
    match = _LOOSE_CALL.match(text)
    if match is None:
        raise UnreadableReplyError(f"{text.strip()[:80]!r} is not a function call")
    name, key, _, value = match.groups()
    name = name.rsplit(".", 1)[-1].lower()
    return (name, [], {key: value}) if key else (name, [value], {})


def _action(
    name: str,
    args: list[Any],
    kwargs: dict[str, Any],
    screen: aci.Screen,
    *,
    grid: int | None,
    source: str,
) -> aci.Action:
    if name in _TAP or name in _LONG:
        point = _point(args, kwargs, screen, grid=grid, keys=_POINT_KEYS)
        if point is None:
            raise UnreadableReplyError(f"{name} without a point in {source[:80]!r}")
        model = aci.Tap if name in _TAP else aci.LongPress
        return _pointing(model, target_at(point, screen), point, screen)
    if name in _TYPE:
        text = _first_text(args, kwargs, _TEXT_KEYS)
        if not text:
            raise UnreadableReplyError(f"{name} without text to type in {source[:80]!r}")
        point = _point([], kwargs, screen, grid=grid, keys=_POINT_KEYS)
        element = target_at(point, screen) if point else None
        return aci.TypeText(text=text, target=element.label if element else None, quoted=True)
    if name in ("scroll", "swipe", "drag", "fling"):
        return _drag(name, args, kwargs, screen, grid=grid, source=source)
    if name in _KEYS:
        return aci.PressKey(key=_KEYS[name])
    if name in ("press", "key", "hotkey", "press_key", "keypress"):
        key = _first_text(args, kwargs, ("key", "keys", "name", "button")).strip().lower()
        try:
            return aci.PressKey(key=aci.Key(key.removeprefix("key_").replace("return", "enter")))
        except ValueError as exc:
            keys = ", ".join(k.value for k in aci.Key)
            raise UnreadableReplyError(f"key {key!r} is not one of {keys}") from exc
    if name in ("open_app", "open", "launch", "launch_app", "start_app"):
        app = _first_text(args, kwargs, _APP_KEYS)
        if not app.strip():
            raise UnreadableReplyError(f"{name} without an app name in {source[:80]!r}")
        return aci.OpenApp(app=app)
    if name in ("wait", "sleep"):
        seconds = _first_number(args, kwargs, ("seconds", "time", "duration"))
        return aci.Wait(seconds=min(max(seconds or 5.0, 0.1), 3600))
    if name in _DONE:
        return aci.Done()
    if name == "terminate":
        status = _first_text(args, kwargs, ("status",)).lower()
        return (
            aci.Done()
            if status in ("success", "complete")
            else aci.Fail(reason="the model gave up")
        )
    if name in _FAIL:
        said = _first_text(args, kwargs, ("content", "reason", "text", "message")).strip()
        return aci.Fail(reason=said or f"the model answered {name}()")
    raise UnreadableReplyError(f"unknown action {name}(...) in {source[:80]!r}")


def _drag(
    name: str,
    args: list[Any],
    kwargs: dict[str, Any],
    screen: aci.Screen,
    *,
    grid: int | None,
    source: str,
) -> aci.Action:
    model = aci.Scroll if name == "scroll" else aci.Swipe
    direction = _first_text([a for a in args if isinstance(a, str)], kwargs, ("direction",))
    if direction.strip().lower() in {d.value for d in aci.Direction}:
        return model(direction=aci.Direction(direction.strip().lower()))
    numbers = [value for value in args if isinstance(value, int | float)]
    start = _point([], kwargs, screen, grid=grid, keys=_POINT_KEYS) or (
        _scale(numbers[0], numbers[1], screen, grid) if len(numbers) >= 4 else None
    )
    end = _point([], kwargs, screen, grid=grid, keys=_END_KEYS, xy=False) or (
        _scale(numbers[2], numbers[3], screen, grid) if len(numbers) >= 4 else None
    )
    if start is None or end is None:
        raise UnreadableReplyError(f"{name} needs a direction or start and end in {source[:80]!r}")
    dx, dy = end.x - start.x, end.y - start.y
    if abs(dy) >= abs(dx):
        finger = aci.Direction.DOWN if dy > 0 else aci.Direction.UP
    else:
        finger = aci.Direction.RIGHT if dx > 0 else aci.Direction.LEFT
    if model is aci.Swipe:
        return aci.Swipe(direction=finger)
    # A finger moving up scrolls the content down.
    opposite = {"up": "down", "down": "up", "left": "right", "right": "left"}
    return aci.Scroll(direction=aci.Direction(opposite[finger.value]))


def _point(
    args: list[Any],
    kwargs: dict[str, Any],
    screen: aci.Screen,
    *,
    grid: int | None,
    keys: tuple[str, ...],
    xy: bool = True,
) -> aci.Point | None:
    """The point named by one of `keys`, by `x=` and `y=` (when `xy`), or by the arguments."""
    for key in keys:
        numbers = _numbers(kwargs.get(key))
        if len(numbers) in (2, 4):
            return _centre(numbers, screen, grid)
    x, y = kwargs.get("x"), kwargs.get("y")
    if xy and isinstance(x, int | float) and isinstance(y, int | float):
        return _scale(x, y, screen, grid)
    numbers = [n for arg in args for n in _numbers(arg)]
    if len(numbers) in (2, 4):
        return _centre(numbers, screen, grid)
    return None


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    if isinstance(value, list | tuple):
        return [n for item in value for n in _numbers(item)]
    if isinstance(value, str):
        return [float(n) for n in _NUMBER.findall(value)]
    return []


def _centre(numbers: list[float], screen: aci.Screen, grid: int | None) -> aci.Point:
    if len(numbers) == 4:
        x1, y1, x2, y2 = numbers
        return _scale((x1 + x2) / 2, (y1 + y2) / 2, screen, grid)
    return _scale(numbers[0], numbers[1], screen, grid)


def _scale(x: float, y: float, screen: aci.Screen, grid: int | None) -> aci.Point:
    """Model coordinates to screen pixels: fractions, the grid, or pixels as they are."""
    if 0 <= x <= 1 and 0 <= y <= 1 and not (float(x).is_integer() and float(y).is_integer()):
        x, y = x * screen.width, y * screen.height
    elif grid is not None:
        x, y = x * screen.width / grid, y * screen.height / grid
    return aci.Point(
        x=min(max(round(x), 0), screen.width - 1), y=min(max(round(y), 0), screen.height - 1)
    )


def _first_text(args: list[Any], kwargs: dict[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        if isinstance(kwargs.get(key), str):
            return str(kwargs[key])
    return next((arg for arg in args if isinstance(arg, str)), "")


def _first_number(args: list[Any], kwargs: dict[str, Any], keys: tuple[str, ...]) -> float | None:
    for key in keys:
        value = kwargs.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return next(
        (float(a) for a in args if isinstance(a, int | float) and not isinstance(a, bool)), None
    )
