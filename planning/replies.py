"""Reading one action out of a model's reply, tolerantly.

Models wrap the action in many ways; all of these read as `tap "Wi-Fi"`::

    tap "Wi-Fi"                        Action: tap "Wi-Fi"
    ```\\ntap "Wi-Fi"\\n```              tap "Wi-Fi" because it opens the page
    {"action": "tap \\"Wi-Fi\\"", "reason": "..."}
    {"action": {"type": "tap", "target": "Wi-Fi"}}
    Thought: ...\\nAction: click(start_box='(500,120)')   (see planning.gui_formats)

Where to look, in order: code fences, JSON objects, the line after an
`Action:` label, then every line. A target written as the prompt's index
(`tap [3]`, `tap #3`, `tap element 3`) is that element. The first candidate
that reads wins; when none does, `UnreadableReplyError` says why, for the
retry message and for the operator.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

import aci
from planning import gui_formats
from planning.errors import UnreadableReplyError

__all__ = ["Reply", "parse_reply"]

_FENCE = re.compile(r"```[\w+-]*[ \t]*\n?(.*?)```", re.DOTALL)
_ACTION_LABEL = re.compile(r"^\W*(?:next\s+)?action\s*[:=]\s*(.*)$", re.IGNORECASE | re.MULTILINE)
_REASON_LABEL = re.compile(
    r"^\W*(?:reason|reasoning|thought|thoughts|explanation)\s*[:=]\s*(.+?)\s*"
    r"(?=^\W*(?:next\s+)?action\s*[:=]|\Z)",
    re.IGNORECASE | re.MULTILINE | re.DOTALL,
)
_BULLET = re.compile(r"^(?:[-*>•]\s+|\d+[.)]\s+)")
_CALL = re.compile(r"^[A-Za-z_][\w.]*\(.*\)$", re.DOTALL)
_INDEX = re.compile(r"^(?:\[(\d+)\]|#(\d+)|(?:element|index)\s+#?(\d+))$", re.IGNORECASE)
_CONNECTORS = ("because", "since", "so ", "to ", "as ", "which", "in order")
_REASON_KEYS = ("reason", "reasoning", "thought", "explanation")
_MAX_REASON = 300


@dataclass(frozen=True)
class Reply:
    """The action read from a reply, and the model's reason for it (may be empty)."""

    action: aci.Action
    reason: str


def parse_reply(text: str, screen: aci.Screen, *, grid: int | None = 1000) -> Reply:
    """The one action in `text`; `grid` is the coordinate grid of GUI-model call forms."""
    if not text.strip():
        raise UnreadableReplyError("the reply is empty")
    problems: list[str] = []
    for candidate in _candidates(text):
        try:
            action, said = _read(candidate, screen, grid=grid)
        except UnreadableReplyError as exc:
            problems.append(f"{_excerpt(candidate)}: {exc}")
            continue
        return Reply(action=action, reason=_clip(said or _reason(text, candidate)))
    tried = problems[0] if problems else _excerpt(text)
    raise UnreadableReplyError(f"no action found in the reply; first try {tried}")


def _candidates(text: str) -> Iterator[str]:
    """Snippets that may hold the action, most deliberate first; each one once."""
    seen: set[str] = set()
    snippets: list[str] = _FENCE.findall(text)
    snippets += _json_objects(text)
    snippets += [label for label in _ACTION_LABEL.findall(text) if label.strip()]
    for match in _ACTION_LABEL.finditer(text):
        if not match.group(1).strip():  # "Action:" alone, the action on the next line
            snippets += text[match.end() :].strip().splitlines()[:1]
    snippets += text.splitlines()
    for snippet in snippets:
        cleaned = _clean(snippet)
        if cleaned and cleaned not in seen:
            seen.add(cleaned)
            yield cleaned


def _clean(snippet: str) -> str:
    line = snippet.strip()
    labelled = _ACTION_LABEL.match(line)
    if labelled and "\n" not in line:
        line = labelled.group(1).strip()
    line = _BULLET.sub("", line).strip()
    if len(line) > 1 and line[0] == line[-1] == "`":
        line = line.strip("`").strip()
    return line


def _read(candidate: str, screen: aci.Screen, *, grid: int | None) -> tuple[aci.Action, str]:
    if candidate.startswith("{"):
        return _from_json(candidate, screen, grid=grid)
    if "\n" in candidate:  # a fence with several lines: its first line that reads
        for line in candidate.splitlines():
            try:
                return _read(_clean(line), screen, grid=grid)
            except UnreadableReplyError:
                continue
        raise UnreadableReplyError("no line of the block reads as an action")
    if _CALL.match(candidate) and not candidate.lower().startswith(("tap (", "long press (")):
        return gui_formats.from_call(candidate, screen, grid=grid), ""
    return _from_text(candidate, screen)


def _from_text(line: str, screen: aci.Screen) -> tuple[aci.Action, str]:
    """ACI text; a trailing explanation after a complete action is cut off and kept."""
    try:
        return _by_index(aci.parse_action(line), screen), ""
    except aci.ActionSyntaxError as exc:
        rest = line[exc.column - 1 :].strip()
        if exc.detail.startswith("expected the end of the action") and _explains(rest):
            try:
                action = aci.parse_action(line[: exc.column - 1])
            except aci.ActionSyntaxError:
                pass
            else:
                return _by_index(action, screen), rest.lstrip(" .,;:-\u2014\u2013(").rstrip(")")
        raise UnreadableReplyError(str(exc)) from exc


def _explains(rest: str) -> bool:
    """Whether text after an action is an explanation rather than part of a malformed one."""
    return not rest or not rest[0].isalnum() or rest.lower().startswith(_CONNECTORS)


def _by_index(action: aci.Action, screen: aci.Screen) -> aci.Action:
    """`tap [3]`: the element listed as 3, by its label, else its centre."""
    target = getattr(action, "target", None)
    match = _INDEX.match(target.strip()) if isinstance(target, str) else None
    if match is None:
        return action
    element = gui_formats.element_at_index(next(g for g in match.groups() if g), screen)
    if isinstance(action, aci.Tap | aci.LongPress):
        if element.label:
            return action.model_copy(update={"target": element.label, "quoted": True})
        return type(action)(point=element.center)
    if isinstance(action, aci.SetSlider) and not element.label:
        raise UnreadableReplyError(
            f"element {match.group()} has no words to name it: set a slider by the label "
            f'beside it (set "Call volume" to max)'
        )
    return action.model_copy(update={"target": element.label or None, "quoted": True})


def _from_json(text: str, screen: aci.Screen, *, grid: int | None) -> tuple[aci.Action, str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableReplyError(f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise UnreadableReplyError('JSON reply must be an object such as {"action": ...}')
    said = next((str(data[key]) for key in _REASON_KEYS if data.get(key)), "")
    inner = data.get("action")
    if isinstance(inner, dict):
        data = inner
    elif isinstance(inner, str) and "action_type" not in data:
        try:
            action, trailing = _read(_clean(inner), screen, grid=grid)
            return action, said or trailing
        except UnreadableReplyError:
            if set(data) - {"action", *_REASON_KEYS}:  # {"action": "click", "index": 3}
                return gui_formats.from_json_action(data, screen), said
            raise
    if "type" in data:
        try:
            return aci.ACTION_ADAPTER.validate_python(_strip_reason(data)), said
        except ValidationError as exc:
            raise UnreadableReplyError(f"structured action invalid: {_first_error(exc)}") from exc
    if "action_type" in data:
        return gui_formats.from_json_action(data, screen), said
    raise UnreadableReplyError('JSON without "action", "type" or "action_type"')


def _json_objects(text: str) -> list[str]:
    """Top-level `{...}` spans of the text that parse as JSON."""
    found = []
    decoder = json.JSONDecoder()
    start = text.find("{")
    while start != -1:
        try:
            _, end = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            start = text.find("{", start + 1)
            continue
        found.append(text[start:end])
        start = text.find("{", end)
    return found


def _strip_reason(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in _REASON_KEYS}


def _first_error(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else str(error["msg"])


def _reason(text: str, action_text: str) -> str:
    labelled = _REASON_LABEL.search(text)
    if labelled:
        return " ".join(labelled.group(1).split())
    rest = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(line for line in rest if _clean(line) != action_text and "```" not in line)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 1] + "…"


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= 60 else flat[:59] + "…")
