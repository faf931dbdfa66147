"""`Action`: one step in words, what planners emit and grounders resolve.

A closed set of pydantic models, a discriminated union on `type`. Targets are
descriptions ("Wi-Fi", "the search icon"), never pixels, except for the
`(x, y)` escape hatch of tap and long press. `SetSlider` moves a slider to a
level of its range, `ClearText` empties a field. `Assert` is a check rather
than a move: it states what the screen must show (scripted flows verify with
it). `str(action)` gives the one-line text form (see `aci.text`).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Literal, TypeAlias, cast

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from aci.command import Key
from aci.screen import Point

__all__ = [
    "ACTION_ADAPTER",
    "Action",
    "Assert",
    "ClearText",
    "Condition",
    "Direction",
    "Done",
    "Fail",
    "LongPress",
    "OpenApp",
    "PressKey",
    "Scroll",
    "SetSlider",
    "Swipe",
    "Tap",
    "TypeText",
    "Wait",
]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError(f"must not be blank, got {value!r}")
    return value


Words = Annotated[str, AfterValidator(_not_blank)]
"""A description or name: any text with at least one non-space character."""

_POINT_LIKE = re.compile(r"^\(\s*\d")


def _unquoted_ok(target: str | None, quoted: bool, action: str) -> None:
    """A description is written unquoted in the text form, so it must read back as one."""
    if target is None or quoted:
        return
    problem = ""
    if target != target.strip():
        problem = "starts or ends with white space"
    elif target.startswith('"'):
        problem = "starts with a quote"
    elif _POINT_LIKE.match(target):
        problem = "reads as a point (x, y)"
    elif any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in target):
        problem = "holds a control character or a line break"
    if problem:
        raise ValueError(
            f"{action} target {target!r} {problem}: a description is written unquoted; give "
            "the very words on the screen as a quoted label instead (quoted: true)"
        )


class Direction(StrEnum):
    """Which way a scroll or swipe goes.

    Scroll down reveals what is further down (the finger moves up); swipe left
    moves the finger left.
    """

    UP = "up"
    DOWN = "down"
    LEFT = "left"
    RIGHT = "right"


class _Action(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    def __str__(self) -> str:
        # aci.text builds actions, so it imports this module; import it back lazily.
        from aci.text import format_action

        return format_action(cast("Action", self))


class _Pointing(_Action):
    """Tap and long press: a described target or, as an escape hatch, a point; exactly one."""

    type: str  # narrowed to a Literal by each subclass; declared here so it stays the first field
    target: Words | None = None
    """What to press, in words ("Wi-Fi", "the search icon"), or a label's very words when
    `quoted`; give this or `point`, not both."""
    quoted: bool = False
    """Whether `target` is quoted text: the very words of a label on the screen, never read
    as a description (`"Top"` is a button labelled Top, `the top button` is a position)."""
    point: Point | None = None
    """The pixel to press instead of a described target (the escape hatch); give this or
    `target`, not both."""

    @model_validator(mode="after")
    def _exactly_one(self) -> _Pointing:
        if (self.target is None) == (self.point is None):
            raise ValueError(
                f"{self.type} needs exactly one of target or point, "
                f"got target={self.target!r} and point={self.point!r}"
            )
        _unquoted_ok(self.target, self.quoted, self.type)
        return self


class Tap(_Pointing):
    """Tap what `target` describes, or `point`."""

    type: Literal["tap"] = "tap"
    """Always "tap": which action this is."""


class LongPress(_Pointing):
    """Press and hold what `target` describes, or `point`."""

    type: Literal["long_press"] = "long_press"
    """Always "long_press": which action this is."""


class TypeText(_Action):
    """Type `text` into the field `target` describes, or into the focused field when None."""

    type: Literal["type"] = "type"
    """Always "type": which action this is."""
    text: str = Field(min_length=1)
    """What to type, at least one character."""
    target: Words | None = None
    """The field to type into, in words ("the search field"); null types into the focused
    field."""
    quoted: bool = False
    """Whether `target` is quoted text (a label as written) rather than a description."""

    @model_validator(mode="after")
    def _writable(self) -> TypeText:
        _unquoted_ok(self.target, self.quoted, self.type)
        return self


class Scroll(_Action):
    """Scroll the content of `target` (a list, a page), or of the screen when None."""

    type: Literal["scroll"] = "scroll"
    """Always "scroll": which action this is."""
    direction: Direction
    """Which way to go through the content: down reveals what is further down (the finger
    moves up); up, down, left or right."""
    target: Words | None = None
    """The list or page to scroll, in words; null scrolls the largest scrollable container,
    else the middle of the screen."""
    quoted: bool = False
    """Whether `target` is quoted text (a label as written) rather than a description."""

    @model_validator(mode="after")
    def _writable(self) -> Scroll:
        _unquoted_ok(self.target, self.quoted, self.type)
        return self


class Swipe(_Action):
    """A fling in `direction` across `target` (a carousel, a card), or the screen when None."""

    type: Literal["swipe"] = "swipe"
    """Always "swipe": which action this is."""
    direction: Direction
    """Which way the finger moves: up, down, left or right."""
    target: Words | None = None
    """What to swipe across (a carousel, a card), in words; null swipes across the largest
    scrollable container, else the middle of the screen."""
    quoted: bool = False
    """Whether `target` is quoted text (a label as written) rather than a description."""

    @model_validator(mode="after")
    def _writable(self) -> Swipe:
        _unquoted_ok(self.target, self.quoted, self.type)
        return self


class SetSlider(_Action):
    """Move the slider `target` names (or the one next to that label) to `level` of its range."""

    type: Literal["set"] = "set"
    """Always "set": which action this is."""
    target: Words
    """The slider, in words: usually the label beside or above it ("Call volume"), or a
    description ("the brightness slider")."""
    quoted: bool = False
    """Whether `target` is quoted text (a label as written) rather than a description."""
    level: float = Field(ge=0, le=1, allow_inf_nan=False)
    """Where to put the slider, as a share of its range from 0 (its minimum, `min`) to 1 (its
    maximum, `max`); 0.4 is 40%."""

    @model_validator(mode="after")
    def _writable(self) -> SetSlider:
        _unquoted_ok(self.target, self.quoted, self.type)
        return self


class ClearText(_Action):
    """Empty the field `target` describes, or the focused field when None."""

    type: Literal["clear"] = "clear"
    """Always "clear": which action this is."""
    target: Words | None = None
    """The field to empty, in words ("Title", "the search field"); null empties the focused
    field."""
    quoted: bool = False
    """Whether `target` is quoted text (a label as written) rather than a description."""

    @model_validator(mode="after")
    def _writable(self) -> ClearText:
        _unquoted_ok(self.target, self.quoted, self.type)
        return self


class PressKey(_Action):
    """Press one key (back, home, enter...)."""

    type: Literal["key"] = "key"
    """Always "key": which action this is."""
    key: Key
    """Which key to press, by name: back, home, enter, recents, delete, volume_up..."""


class OpenApp(_Action):
    """Open an app by the name on its launcher icon (or its package name)."""

    type: Literal["open_app"] = "open_app"
    """Always "open_app": which action this is."""
    app: Words
    """The app's name as its launcher icon shows it ("Clock"), or its package name
    (com.android.settings)."""


class Wait(_Action):
    """Let the phone be for a while (a page loading, an animation ending)."""

    type: Literal["wait"] = "wait"
    """Always "wait": which action this is."""
    seconds: float = Field(gt=0, le=3600, allow_inf_nan=False)
    """How long to wait, in seconds: more than 0, at most 3,600."""


class Done(_Action):
    """The goal is reached."""

    type: Literal["done"] = "done"
    """Always "done": which action this is."""


class Fail(_Action):
    """The goal cannot be reached; `reason` says why, for the operator."""

    type: Literal["fail"] = "fail"
    """Always "fail": which action this is."""
    reason: Words
    """Why the goal cannot be reached, in words for the operator."""


class Condition(StrEnum):
    """What an assertion checks about its target."""

    VISIBLE = "visible"
    """An element reads the target (its text or content-desc)."""
    CHECKED = "checked"
    """The target's switch, checkbox or radio button is on."""


class Assert(_Action):
    """A check, not a move: the screen must show `target` in `condition` (or not, when negated)."""

    type: Literal["assert"] = "assert"
    """Always "assert": which action this is."""
    target: Words
    """The words of the label the check is about, matched as written (as quoted text)."""
    condition: Condition
    """What must hold: `visible` (an element reads the target) or `checked` (its switch,
    checkbox or radio button is on)."""
    negated: bool = False
    """Whether the check is turned round: the condition must not hold."""


Action: TypeAlias = Annotated[
    Tap
    | LongPress
    | TypeText
    | Scroll
    | Swipe
    | SetSlider
    | ClearText
    | PressKey
    | OpenApp
    | Wait
    | Done
    | Fail
    | Assert,
    Field(discriminator="type"),
]
"""Any action; validate one from data with `ACTION_ADAPTER`, from text with `parse_action`."""

ACTION_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)
"""Validates and dumps any `Action` from/to dicts and JSON, dispatching on `type`."""
