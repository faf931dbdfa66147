"""Maestro's flow format, run as it is: a header (`appId`, `env`, `name`, `tags`), `---`,
then a list of commands, each mapped onto ACI actions and flow steps.

Every command is checked before anything runs; one that droidpilot does not support is a
problem naming its file and line (all of them are gathered, see `FlowError`). Every command
written as a mapping takes Maestro's common arguments `label` (the name reports show) and
`optional` (a failure warns and the flow goes on).

`inputRandom*` values are drawn while parsing, from a generator seeded by the file's name,
so every run of a file types the same values (a `repeat` types the same value each round).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

import aci
from service.flows.errors import FlowError
from service.flows.maestro_random import DEFAULT_LENGTH, RANDOM_INPUTS, SIZED, random_value
from service.flows.maestro_select import parse_point, parse_selector, visible_text
from service.flows.maestro_unsupported import UNSUPPORTED
from service.flows.model import (
    ActionStep,
    ClearState,
    Flow,
    HideKeyboard,
    Launch,
    OptionalBlock,
    RepeatBlock,
    RetryBlock,
    RunFlow,
    Screenshot,
    Settle,
    Step,
    StopApp,
    TapRelative,
    Visible,
    WaitUntil,
    WhenBlock,
)
from service.flows.source import Mapping, Source

__all__ = ["HEADER_KEYS", "MAESTRO_COMMANDS", "UNSUPPORTED", "parse_maestro"]

HEADER_KEYS = frozenset({"appId", "name", "tags", "env", "onFlowStart", "jsEngine", "properties"})
Include = Callable[[str, int, dict[str, str]], RunFlow]
Parse = Callable[[Any, int, Source, "Context"], list[Step]]

_KEYS = {
    "home": "home",
    "back": "back",
    "enter": "enter",
    "backspace": "delete",
    "tab": "tab",
    "volume up": "volume_up",
    "volume down": "volume_down",
    "power": "power",
    "search": "search",
    "escape": "escape",
}


class Context:
    """What commands need besides their own value: the flow's app, the include hook, and
    the generator of the file's random input."""

    def __init__(self, app: str | None, include: Include, draw: random.Random) -> None:
        self.app, self.include, self.draw = app, include, draw


def parse_maestro(
    header: Mapping | None, commands: Any, line: int, source: Source, include: Include
) -> Flow:
    """The flow of a Maestro file (header and command list); problems gather in `source`."""
    header = header if header is not None else _empty(line)
    for key in header:
        if key in UNSUPPORTED:
            source.problem(
                header.line_of(key), f"Maestro {key} is not supported: {UNSUPPORTED[key]}"
            )
    source.only_keys(header, set(HEADER_KEYS) | set(UNSUPPORTED), "the Maestro header")
    env = header.get("env")
    if env is not None:
        try:
            for key, value in source.mapping(env, header.line_of("env"), "env").items():
                source.env.setdefault(key, source.text(value, env.line_of(key), f"env {key}"))
        except FlowError as exc:
            source.problems.extend(exc.problems)
    app = str(header["appId"]) if header.get("appId") is not None else None
    context = Context(app, include, random.Random(source.path.name))
    setup = (
        commands_of(header["onFlowStart"], header.line_of("onFlowStart"), source, context)
        if "onFlowStart" in header
        else []
    )
    return Flow(
        name=str(header.get("name") or source.path.stem),
        path=source.path,
        format="maestro",
        app=app,
        env=dict(source.env),
        tags=[str(tag) for tag in header.get("tags") or []],
        setup=setup,
        steps=commands_of(commands, line, source, context),
    )


def commands_of(raw: Any, line: int, source: Source, context: Context) -> list[Step]:
    """A list of commands as steps; each command that fails is recorded and skipped."""
    parsed = source.each(
        raw, line, "the commands", lambda item, at: _command(item, at, source, context)
    )
    return [step for steps in parsed for step in steps]


def _command(item: Any, line: int, source: Source, context: Context) -> list[Step]:
    if isinstance(item, str):
        name, value = item, None
    elif isinstance(item, Mapping) and len(item) == 1:
        name, value = next(iter(item.items()))
    else:
        raise source.error(line, f'expected a Maestro command (e.g. - tapOn: "Save"), got {item!r}')
    if name in UNSUPPORTED:
        raise source.error(line, f"Maestro command {name} is not supported: {UNSUPPORTED[name]}")
    parse = _COMMANDS.get(name)
    if parse is None:
        raise source.error(line, f"unknown Maestro command {name!r}")
    label, optional = None, False
    if isinstance(value, Mapping) and {"label", "optional"} & set(value):
        label = source.text(value["label"], line, "label") if "label" in value else None
        optional = source.flag(value.get("optional", False), line, "optional")
        value = _without(value, {"label", "optional"})
    try:
        steps = parse(value, line, source, context)
    except ValidationError as exc:
        raise source.error(line, f"invalid {name}: {exc.errors()[0]['msg']}") from exc
    if label is not None:
        steps = [step.model_copy(update={"label": label}) for step in steps]
    return [OptionalBlock(line=line, steps=steps)] if optional else steps


def _without(value: Mapping, keys: set[str]) -> Mapping:
    """The mapping less `keys`, keeping the lines of the rest."""
    rest = Mapping({key: item for key, item in value.items() if key not in keys})
    rest.line, rest.lines = value.line, value.lines
    return rest


def _action(line: int, action: aci.Action) -> list[Step]:
    return [ActionStep(line=line, action=action)]


def _pointing(value: Any, line: int, source: Source, command: str, long: bool) -> list[Step]:
    selector = parse_selector(value, line, source, command)
    model = aci.LongPress if long else aci.Tap
    steps: list[Step]
    if selector.point is not None and selector.point.relative:
        steps = [
            TapRelative(
                line=line, x_share=selector.point.x, y_share=selector.point.y, long_press=long
            )
        ]
    elif selector.point is not None:
        steps = _action(
            line, model(point=aci.Point(x=int(selector.point.x), y=int(selector.point.y)))
        )
    else:
        steps = _action(line, model(target=selector.target, quoted=selector.quoted))
    if isinstance(value, Mapping) and "repeat" in value:
        times = source.integer(value["repeat"], line, "repeat", low=1)
        steps = [RepeatBlock(line=line, times=times, steps=steps)]
    return steps


def _app(value: Any, line: int, source: Source, context: Context, key: str = "appId") -> str:
    if isinstance(value, Mapping):
        value = value.get(key)
    package = source.text(value, line, "appId") if value is not None else context.app
    if package is None:
        raise source.error(line, "no app: give appId here or in the flow's header")
    return package


def _launch(value: Any, line: int, source: Source, context: Context) -> list[Step]:
    """Maestro stops the app before launching it unless `stopApp: false`, so the flow starts
    on the app's first screen; wiping its data (`clearState`) stops it anyway."""
    clear, stop = False, True
    if isinstance(value, Mapping):
        for key in ("permissions", "arguments"):
            if key in value:
                raise source.error(value.line_of(key), f"launchApp {key} is not supported yet")
        source.only_keys(value, {"appId", "clearState", "stopApp", "clearKeychain"}, "launchApp")
        clear = source.flag(value.get("clearState", False), line, "clearState")
        stop = source.flag(value.get("stopApp", True), line, "stopApp")
    package = _app(value, line, source, context)
    return [Launch(line=line, package=package, clear_state=clear, stop_first=stop and not clear)]


def _text(value: Any, line: int, source: Source, key: str) -> str:
    return source.text(value[key] if isinstance(value, Mapping) else value, line, key)


def _swipe(value: Any, line: int, source: Source, context: Context) -> list[Step]:
    body = source.mapping(value, line, "swipe")
    source.only_keys(body, {"direction", "start", "end", "from", "duration"}, "swipe")
    if "direction" in body:
        direction = _direction(body["direction"], line, source)
    elif "start" in body and "end" in body:
        start, end = (parse_point(body[k], body.line_of(k), source) for k in ("start", "end"))
        dx, dy = end.x - start.x, end.y - start.y
        direction = (
            (aci.Direction.RIGHT if dx > 0 else aci.Direction.LEFT)
            if abs(dx) >= abs(dy)
            else (aci.Direction.DOWN if dy > 0 else aci.Direction.UP)
        )
    else:
        raise source.error(line, "swipe needs direction, or start and end")
    target, quoted = None, False
    if "from" in body:
        selector = parse_selector(body["from"], body.line_of("from"), source, "swipe from")
        target, quoted = selector.target, selector.quoted
    return _action(line, aci.Swipe(direction=direction, target=target, quoted=quoted))


def _direction(value: Any, line: int, source: Source) -> aci.Direction:
    text = source.text(value, line, "direction").lower()
    if text not in {d.value for d in aci.Direction}:
        raise source.error(line, f"expected direction UP, DOWN, LEFT or RIGHT, got {value!r}")
    return aci.Direction(text)


def _scroll_until(value: Any, line: int, source: Source, context: Context) -> list[Step]:
    body = source.mapping(value, line, "scrollUntilVisible")
    source.only_keys(
        body,
        {"element", "direction", "timeout", "speed", "visibilityPercentage", "centerElement"},
        "scrollUntilVisible",
    )
    if "element" not in body:
        raise source.error(line, "scrollUntilVisible needs element: the label to scroll to")
    text = visible_text(body["element"], body.line_of("element"), source, "scrollUntilVisible")
    direction = _direction(body.get("direction", "DOWN"), line, source)
    timeout_s = source.integer(body.get("timeout", 20000), line, "timeout", low=1) / 1000
    scroll = ActionStep(line=line, action=aci.Scroll(direction=direction))
    return [
        RepeatBlock(
            line=line,
            condition=Visible(text=text, negated=True),
            timeout_s=timeout_s,
            steps=[scroll],
        )
    ]


def _press_key(value: Any, line: int, source: Source, context: Context) -> list[Step]:
    name = " ".join(source.text(value, line, "pressKey").lower().split())
    if name not in _KEYS:
        raise source.error(
            line, f"pressKey {value!r} is not supported; supported: {', '.join(_KEYS)}"
        )
    return _action(line, aci.PressKey(key=aci.Key(_KEYS[name])))


def _wait_until(value: Any, line: int, source: Source, context: Context) -> list[Step]:
    body = source.mapping(value, line, "extendedWaitUntil")
    source.only_keys(body, {"visible", "notVisible", "timeout"}, "extendedWaitUntil")
    given = [key for key in ("visible", "notVisible") if key in body]
    if len(given) != 1:
        raise source.error(line, "extendedWaitUntil needs one of visible or notVisible")
    text = visible_text(body[given[0]], body.line_of(given[0]), source, "extendedWaitUntil")
    timeout_s = source.integer(body.get("timeout", 10000), line, "timeout", low=1) / 1000
    condition = Visible(text=text, negated=given[0] == "notVisible")
    return [WaitUntil(line=line, condition=condition, timeout_s=timeout_s)]


def _condition(value: Any, line: int, source: Source) -> list[Visible] | None:
    """Maestro's `when`/`while`: visible and notVisible; None when the platform is not Android."""
    body = source.mapping(value, line, "when")
    source.only_keys(
        body, {"visible", "notVisible", "platform"}, "when (true: is JavaScript and not supported)"
    )
    if "platform" in body and source.text(body["platform"], line, "platform").lower() != "android":
        return None
    return [
        Visible(
            text=visible_text(body[key], body.line_of(key), source, key),
            negated=key == "notVisible",
        )
        for key in ("visible", "notVisible")
        if key in body
    ]


def _nested(body: Mapping, line: int, source: Source, context: Context, command: str) -> list[Step]:
    if "commands" in body:
        return commands_of(body["commands"], body.line_of("commands"), source, context)
    if "file" in body:
        env = (
            {
                k: source.text(v, body.line_of("env"), k)
                for k, v in source.mapping(body.get("env") or Mapping(), line, "env").items()
            }
            if body.get("env") is not None
            else {}
        )
        return [
            context.include(
                source.text(body["file"], body.line_of("file"), "file"), line, {**source.env, **env}
            )
        ]
    raise source.error(line, f"{command} needs file or commands")


def _run_flow(value: Any, line: int, source: Source, context: Context) -> list[Step]:
    if not isinstance(value, Mapping):
        return [context.include(source.text(value, line, "runFlow"), line, dict(source.env))]
    source.only_keys(value, {"file", "commands", "when", "env"}, "runFlow")
    conditions = _condition(value["when"], value.line_of("when"), source) if "when" in value else []
    if conditions is None:
        return []
    steps = _nested(value, line, source, context, "runFlow")
    for condition in reversed(conditions):
        steps = [WhenBlock(line=line, condition=condition, steps=steps)]
    return steps


def _repeat(value: Any, line: int, source: Source, context: Context) -> list[Step]:
    body = source.mapping(value, line, "repeat")
    source.only_keys(body, {"times", "while", "commands"}, "repeat")
    times = source.integer(body["times"], line, "times", low=1) if "times" in body else None
    conditions = _condition(body["while"], body.line_of("while"), source) if "while" in body else []
    if conditions is None or len(conditions) > 1:
        raise source.error(line, "repeat while takes one of visible or notVisible")
    condition = conditions[0] if conditions else None
    steps = _nested(body, line, source, context, "repeat")
    return [RepeatBlock(line=line, times=times, condition=condition, steps=steps)]


def _retry(value: Any, line: int, source: Source, context: Context) -> list[Step]:
    body = source.mapping(value, line, "retry")
    source.only_keys(body, {"maxRetries", "commands", "file"}, "retry")
    times = source.integer(body.get("maxRetries", 1), line, "maxRetries", low=1)
    return [RetryBlock(line=line, times=times, steps=_nested(body, line, source, context, "retry"))]


def _settle(value: Any, line: int, source: Source, context: Context) -> list[Step]:
    timeout = (
        source.integer(value["timeout"], line, "timeout", low=1) / 1000
        if isinstance(value, Mapping) and "timeout" in value
        else None
    )
    return [Settle(line=line, timeout_s=timeout)]


def _random_input(command: str) -> Parse:
    """`inputRandom<kind>`: a value from the file's generator, typed as inputText types it."""

    def parse(value: Any, line: int, source: Source, context: Context) -> list[Step]:
        body = source.mapping(value, line, command) if value is not None else _empty(line)
        source.only_keys(body, {"length"} if command in SIZED else set(), command)
        length = source.integer(body.get("length", DEFAULT_LENGTH), line, "length", low=1)
        return _action(line, aci.TypeText(text=random_value(command, context.draw, length)))

    return parse


_COMMANDS: dict[str, Parse] = {
    "launchApp": _launch,
    "tapOn": lambda v, ln, s, c: _pointing(v, ln, s, "tapOn", long=False),
    "longPressOn": lambda v, ln, s, c: _pointing(v, ln, s, "longPressOn", long=True),
    "inputText": lambda v, ln, s, c: _action(ln, aci.TypeText(text=_text(v, ln, s, "text"))),
    "eraseText": lambda v, ln, s, c: _action(ln, aci.ClearText()),
    "assertVisible": lambda v, ln, s, c: _action(
        ln,
        aci.Assert(target=visible_text(v, ln, s, "assertVisible"), condition=aci.Condition.VISIBLE),
    ),
    "assertNotVisible": lambda v, ln, s, c: _action(
        ln,
        aci.Assert(
            target=visible_text(v, ln, s, "assertNotVisible"),
            condition=aci.Condition.VISIBLE,
            negated=True,
        ),
    ),
    "scrollUntilVisible": _scroll_until,
    "scroll": lambda v, ln, s, c: _action(ln, aci.Scroll(direction=aci.Direction.DOWN)),
    "swipe": _swipe,
    "back": lambda v, ln, s, c: _action(ln, aci.PressKey(key=aci.Key.BACK)),
    "pressKey": _press_key,
    "hideKeyboard": lambda v, ln, s, c: [HideKeyboard(line=ln)],
    "waitForAnimationToEnd": _settle,
    "extendedWaitUntil": _wait_until,
    "runFlow": _run_flow,
    "repeat": _repeat,
    "retry": _retry,
    "takeScreenshot": lambda v, ln, s, c: [Screenshot(line=ln, name=_text(v, ln, s, "path"))],
    "stopApp": lambda v, ln, s, c: [StopApp(line=ln, package=_app(v, ln, s, c))],
    "clearState": lambda v, ln, s, c: [ClearState(line=ln, package=_app(v, ln, s, c))],
    **{command: _random_input(command) for command in RANDOM_INPUTS},
}
MAESTRO_COMMANDS = frozenset(_COMMANDS) | frozenset(UNSUPPORTED)
"""Every command name recognised as Maestro's, supported or not (used to detect the format)."""


def _empty(line: int) -> Mapping:
    empty = Mapping()
    empty.line, empty.lines = line, {}
    return empty
