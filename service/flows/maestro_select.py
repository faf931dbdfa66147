"""Maestro's element selectors, as far as an ACI target can say them.

`"Save"` and `text:` become a quoted label; `id:` becomes the words of the resource id,
which the grounder matches at lower weight; `index:` becomes an ordinal ("the 2nd element
labelled ..."), and `below`/`above`/`leftOf`/`rightOf`/`childOf` a relation to an anchor
label ("... below "Email""). `point:` is a pixel `(x, y)` or a share of the screen
(`50%,50%`). State filters (`enabled`, `checked`, ...) and size matching have no ACI form
and are named as unsupported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from service.flows.source import Mapping, Source

__all__ = ["Point", "Selector", "parse_point", "parse_selector", "visible_text"]

_RELATIONS = {"below": "below", "above": "above", "leftOf": "left of", "rightOf": "right of",
              "childOf": "in"}  # fmt: skip
_TAP_OPTIONS = {"repeat", "delay", "retryTapIfNoChange", "waitToSettleTimeoutMs",
                "waitUntilVisible"}  # fmt: skip
_UNSUPPORTED = {
    "enabled": "element state filters have no ACI form",
    "checked": "element state filters have no ACI form (use assert checked in droidpilot's format)",
    "focused": "element state filters have no ACI form",
    "selected": "element state filters have no ACI form",
    "containsChild": "matching by a child has no ACI form",
    "containsDescendants": "matching by descendants has no ACI form",
    "width": "matching by size has no ACI form",
    "height": "matching by size has no ACI form",
    "tolerance": "matching by size has no ACI form",
    "traits": "traits are iOS only",
    "css": "CSS selectors are for web flows",
}
_ORDINALS = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th"]
_REGEX = re.compile(r"[\\^$*+?{}\[\]|()]")
_POINT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%?)\s*,\s*(\d+(?:\.\d+)?)\s*(%?)\s*$")


@dataclass(frozen=True)
class Point:
    """A tap position: pixels, or shares of the screen when `relative`."""

    x: float
    y: float
    relative: bool


@dataclass(frozen=True)
class Selector:
    """What a Maestro selector becomes: an ACI target (text and whether it is a quoted
    label) or a point."""

    target: str | None = None
    quoted: bool = False
    point: Point | None = None


def parse_selector(value: Any, line: int, source: Source, command: str) -> Selector:
    """A selector (text, or a mapping of selector keys) as an ACI target; raises `FlowError`."""
    if not isinstance(value, Mapping):
        return Selector(target=_label(source.text(value, line, command), line, source), quoted=True)
    for key in value:
        if key in _UNSUPPORTED:
            raise source.error(
                value.line_of(key),
                f"{command} selector {key!r} is not supported: {_UNSUPPORTED[key]}",
            )
    known = {"text", "id", "index", "point", *_RELATIONS, *_TAP_OPTIONS}
    source.only_keys(value, known, f"the {command} selector")
    if "point" in value:
        if len(set(value) & ({"text", "id", "index"} | set(_RELATIONS))) > 0:
            raise source.error(line, f"{command}: give point alone, not with a text or id selector")
        point = parse_point(value["point"], value.line_of("point"), source)
        return Selector(point=point)
    if "text" in value:
        head = _label(source.text(value["text"], value.line_of("text"), "text"), line, source)
        words, quoted = head, True
    elif "id" in value:
        words, quoted = (
            _id_words(source.text(value["id"], value.line_of("id"), "id"), line, source),
            False,
        )
    else:
        raise source.error(line, f"{command} needs a selector: text, id or point")
    relations = [key for key in _RELATIONS if key in value]
    index = (
        source.integer(value["index"], value.line_of("index"), "index")
        if "index" in value
        else None
    )
    if not relations and index is None:
        return Selector(target=words, quoted=quoted)
    named = f'element labelled "{words}"' if quoted else f"{words}"
    if index is not None:
        if index >= len(_ORDINALS):
            raise source.error(
                line, f"index {index} is not supported: the ACI counts to the 10th (index 9)"
            )
        named = f"{_ORDINALS[index]} {named}"
    if len(relations) > 1:
        raise source.error(
            line, f"{command}: one relative selector at a time, got {', '.join(relations)}"
        )
    if relations:
        key = relations[0]
        anchor = value[key]
        if isinstance(anchor, Mapping) and set(anchor) != {"text"}:
            raise source.error(
                value.line_of(key),
                f'{key} is supported with a text anchor only, e.g. {key}: "Email"',
            )
        anchor_text = anchor["text"] if isinstance(anchor, Mapping) else anchor
        label = _label(source.text(anchor_text, value.line_of(key), key), line, source)
        named = f'{named} {_RELATIONS[key]} "{label}"'
    return Selector(target=f"the {named}", quoted=False)


def visible_text(value: Any, line: int, source: Source, command: str) -> str:
    """A selector that must be a plain label: what visibility checks in the ACI compare."""
    if isinstance(value, Mapping):
        extra = set(value) - {"text"}
        if extra or "text" not in value:
            raise source.error(
                line,
                f"{command} supports a text selector only (a label to look for); "
                f"got {', '.join(sorted(extra or set(value)))}",
            )
        value = value["text"]
    return _label(source.text(value, line, command), line, source)


def parse_point(value: Any, line: int, source: Source) -> Point:
    """`"50%,50%"` (shares of the screen) or `"540,1200"` (pixels)."""
    match = _POINT.match(source.text(value, line, "point"))
    if match is None or bool(match.group(2)) != bool(match.group(4)):
        raise source.error(line, f'expected a point as "x,y" or "x%,y%", got {value!r}')
    x, y = float(match.group(1)), float(match.group(3))
    if match.group(2):
        if x > 100 or y > 100:
            raise source.error(line, f"a point in percent must be 0-100%, got {value!r}")
        return Point(x / 100, y / 100, relative=True)
    return Point(x, y, relative=False)


def _label(text: str, line: int, source: Source) -> str:
    """Maestro matches text as a regular expression; the ACI matches words. Plain text (and
    `.*` padding) is kept, other patterns are rejected rather than read as words."""
    stripped = text.removeprefix(".*").removesuffix(".*")
    if _REGEX.search(stripped.replace("\\.", "").replace(".", "")) or not stripped.strip():
        raise source.error(
            line, f"text {text!r} is a regular expression; only plain labels are supported"
        )
    return stripped.replace("\\.", ".")


def _id_words(resource_id: str, line: int, source: Source) -> str:
    name = resource_id.removeprefix(".*").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    words = " ".join(part for part in re.split(r"[_\W]+", name) if part)
    if not words or _REGEX.search(name):
        raise source.error(line, f"id {resource_id!r} is not a plain resource id")
    return words
