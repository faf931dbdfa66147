"""droidpilot's own flow format: `app:`, optional `setup:` and `env:`, and `steps:` of ACI text.

    app: com.android.settings
    env: {NETWORK: "Network & internet"}
    setup: {launch: true, clear_state: false}
    steps:
      - tap "${NETWORK}"
      - when: {visible: "Allow", steps: [tap "Allow"]}
      - retry: {times: 2, steps: [assert visible "Internet"]}
      - goal: turn on airplane mode
        max_steps: 8
      - run_flow: common/back_home.yaml

A step is an ACI action as text, or a mapping with one of the keys of `_BLOCKS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

import aci
from service.flows.errors import FlowError
from service.flows.model import (
    ActionStep,
    ClearState,
    Flow,
    GoalStep,
    Launch,
    RepeatBlock,
    RetryBlock,
    RunFlow,
    Screenshot,
    SeedData,
    Step,
    StopApp,
    Visible,
    WhenBlock,
)
from service.flows.source import Mapping, Source

__all__ = ["OWN_KEYS", "parse_own"]

OWN_KEYS = frozenset({"name", "app", "env", "setup", "steps", "tags"})
"""Top-level keys of the own format."""

Include = Callable[[str, int, dict[str, str]], RunFlow]
"""Parses the flow file a step names (relative to this one) into a `RunFlow` step."""

_CONDITION_KEYS = {"visible": False, "not_visible": True}
_REPEAT_KEYS = {"while_visible": False, "until_visible": True}


def parse_own(doc: Mapping, source: Source, include: Include) -> Flow:
    """The flow of one own-format document; problems gather in `source.problems`."""
    source.only_keys(doc, set(OWN_KEYS), "a droidpilot flow")
    for key, value in source.mapping(
        doc.get("env") or _empty(doc), doc.line_of("env"), "env"
    ).items():
        try:
            source.env[key] = source.text(value, doc.line_of("env"), f"env {key}")
        except FlowError as exc:  # recorded, and parsing goes on to find the others
            source.problems.extend(exc.problems)
    app = _optional_text(source, doc, "app")
    setup = _setup(doc, source, app)
    if "steps" not in doc:
        source.problem(doc.line, "missing key 'steps': the list of steps of the flow")
    steps = _steps(doc.get("steps"), doc.line_of("steps"), source, include)
    tags = [str(tag) for tag in doc.get("tags") or []]
    return Flow(
        name=_optional_text(source, doc, "name") or source.path.stem,
        path=source.path,
        format="droidpilot",
        app=app,
        env=dict(source.env),
        tags=tags,
        setup=setup,
        steps=steps,
    )


def _setup(doc: Mapping, source: Source, app: str | None) -> list[Step]:
    """`setup: {seed, launch, clear_state}`; without it a flow with an `app` launches it.
    The data seed comes first: an app launched before its data changed would show the old."""
    line = doc.line_of("setup")
    raw = doc.get("setup")
    setup = source.mapping(raw, line, "setup") if raw is not None else _empty(doc)
    source.only_keys(setup, {"launch", "clear_state", "seed"}, "setup")
    try:
        launch = source.flag(setup.get("launch", app is not None), line, "setup launch")
        clear = source.flag(setup.get("clear_state", False), line, "setup clear_state")
        seeded: list[Step] = []
        if "seed" in setup:
            seeded.append(SeedData(line=line, seed=source.integer(setup["seed"], line, "seed")))
    except FlowError as exc:
        source.problems.extend(exc.problems)
        return []
    if (launch or clear) and app is None:
        source.problem(line, "setup needs 'app:' (the package to launch or clear)")
        return seeded
    if launch and app:
        return [*seeded, Launch(line=line, package=app, clear_state=clear)]
    if clear and app:
        return [*seeded, ClearState(line=line, package=app)]
    return seeded


def _steps(raw: Any, line: int, source: Source, include: Include) -> list[Step]:
    if raw is None:
        return []
    return source.each(raw, line, "steps", lambda item, at: _step(item, at, source, include))


def _step(item: Any, line: int, source: Source, include: Include) -> Step:
    if isinstance(item, str):
        text = source.text(item, line, "a step")
        try:
            return ActionStep(line=line, action=aci.parse_action(text))
        except aci.ActionSyntaxError as exc:
            raise source.error(line, f"not an ACI action: {exc}") from exc
    if not isinstance(item, Mapping):
        raise source.error(
            line, f"expected an ACI action as text or a block ({_KEYS}), got {item!r}"
        )
    key = next((k for k in item if k in _BLOCKS), None)
    if key is None:
        raise source.error(line, f"expected a block key ({_KEYS}), got {', '.join(item)}")
    try:
        return _BLOCKS[key](item, line, source, include)
    except ValidationError as exc:
        raise source.error(line, f"invalid {key}: {_first_error(exc)}") from exc


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where} {error['msg'].lower()}, got {error['input']!r}"


def _goal(item: Mapping, line: int, source: Source, include: Include) -> Step:
    source.only_keys(item, {"goal", "max_steps"}, "a goal step")
    max_steps = source.integer(item.get("max_steps", 15), line, "max_steps", low=1)
    return GoalStep(line=line, goal=source.text(item["goal"], line, "goal"), max_steps=max_steps)


def _retry(item: Mapping, line: int, source: Source, include: Include) -> Step:
    body = _block(item, "retry", {"times", "steps"}, source)
    times = source.integer(body.get("times", 1), line, "retry times", low=1)
    return RetryBlock(line=line, times=times, steps=_body_steps(body, line, source, include))


def _when(item: Mapping, line: int, source: Source, include: Include) -> Step:
    body = _block(item, "when", {*_CONDITION_KEYS, "steps"}, source)
    condition = _condition(body, _CONDITION_KEYS, line, source, "when")
    if condition is None:
        raise source.error(line, "when needs 'visible' or 'not_visible' and the label")
    return WhenBlock(line=line, condition=condition, steps=_body_steps(body, line, source, include))


def _repeat(item: Mapping, line: int, source: Source, include: Include) -> Step:
    body = _block(item, "repeat", {*_REPEAT_KEYS, "times", "steps"}, source)
    condition = _condition(body, _REPEAT_KEYS, line, source, "repeat")
    times = source.integer(body["times"], line, "repeat times", low=1) if "times" in body else None
    if times is None and condition is None:
        raise source.error(line, "repeat needs 'times', 'while_visible' or 'until_visible'")
    steps = _body_steps(body, line, source, include)
    return RepeatBlock(line=line, times=times, condition=condition, steps=steps)


def _run_flow(item: Mapping, line: int, source: Source, include: Include) -> Step:
    source.only_keys(item, {"run_flow"}, "a run_flow step")
    return include(source.text(item["run_flow"], line, "run_flow"), line, dict(source.env))


def _launch(item: Mapping, line: int, source: Source, include: Include) -> Step:
    value = item["launch"]
    if isinstance(value, Mapping):
        source.only_keys(value, {"app", "clear_state"}, "launch")
        clear = source.flag(value.get("clear_state", False), line, "launch clear_state")
        return Launch(
            line=line, package=_package(value.get("app"), line, source), clear_state=clear
        )
    return Launch(line=line, package=_package(value, line, source))


def _stop_app(item: Mapping, line: int, source: Source, include: Include) -> Step:
    return StopApp(line=line, package=_package(item["stop_app"], line, source))


def _clear_state(item: Mapping, line: int, source: Source, include: Include) -> Step:
    return ClearState(line=line, package=_package(item["clear_state"], line, source))


def _screenshot(item: Mapping, line: int, source: Source, include: Include) -> Step:
    return Screenshot(line=line, name=source.text(item["screenshot"], line, "screenshot"))


_BLOCKS: dict[str, Callable[[Mapping, int, Source, Include], Step]] = {
    "goal": _goal,
    "retry": _retry,
    "when": _when,
    "repeat": _repeat,
    "run_flow": _run_flow,
    "launch": _launch,
    "stop_app": _stop_app,
    "clear_state": _clear_state,
    "screenshot": _screenshot,
}
_KEYS = ", ".join(_BLOCKS)


def _block(item: Mapping, key: str, allowed: set[str], source: Source) -> Mapping:
    source.only_keys(item, {key}, f"a {key} block")
    body = source.mapping(item[key], item.line_of(key), key)
    source.only_keys(body, allowed, key)
    return body


def _body_steps(body: Mapping, line: int, source: Source, include: Include) -> list[Step]:
    if "steps" not in body:
        raise source.error(line, "missing key 'steps': the steps of the block")
    return _steps(body["steps"], body.line_of("steps"), source, include)


def _condition(
    body: Mapping, keys: dict[str, bool], line: int, source: Source, what: str
) -> Visible | None:
    given = [key for key in keys if key in body]
    if len(given) > 1:
        raise source.error(line, f"{what} takes one of {', '.join(keys)}, got {', '.join(given)}")
    if not given:
        return None
    text = source.text(body[given[0]], body.line_of(given[0]), given[0])
    return Visible(text=text, negated=keys[given[0]])


def _package(value: Any, line: int, source: Source) -> str:
    if value is None:
        raise source.error(line, "expected the app's package, e.g. com.android.settings")
    return source.text(value, line, "the app's package")


def _optional_text(source: Source, doc: Mapping, key: str) -> str | None:
    if doc.get(key) is None:
        return None
    try:
        return source.text(doc[key], doc.line_of(key), key)
    except FlowError as exc:
        source.problems.extend(exc.problems)
        return None


def _empty(doc: Mapping) -> Mapping:
    empty = Mapping()
    empty.line, empty.lines = doc.line, {}
    return empty
