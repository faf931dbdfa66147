"""`Command`: one concrete device step, what grounding produces and the device layer executes.

Commands carry pixels and milliseconds, never descriptions; they are the only
part of aci the device layer needs.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal, TypeAlias

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveInt,
    TypeAdapter,
    field_validator,
    model_validator,
)

__all__ = [
    "COMMAND_ADAPTER",
    "ClearTextCommand",
    "Command",
    "Key",
    "KeyCommand",
    "LongPressCommand",
    "StartAppCommand",
    "SwipeCommand",
    "TapCommand",
    "TypeTextCommand",
    "WaitCommand",
]

PACKAGE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+")
"""An Android package name, as the platform accepts one (`com.android.settings`): two or
more dot-separated segments, each a letter then letters, digits or underscores. Match it
with `fullmatch`."""


class Key(StrEnum):
    """Keys a step may press, by the names people use for them."""

    BACK = "back"
    HOME = "home"
    ENTER = "enter"
    RECENTS = "recents"
    DELETE = "delete"
    TAB = "tab"
    SPACE = "space"
    ESCAPE = "escape"
    SEARCH = "search"
    MENU = "menu"
    POWER = "power"
    VOLUME_UP = "volume_up"
    VOLUME_DOWN = "volume_down"


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class TapCommand(_Command):
    """A tap at one pixel of the screen."""

    type: Literal["tap"] = "tap"
    """Always "tap": which command this is."""
    x: NonNegativeInt
    """Pixels from the screen's left edge."""
    y: NonNegativeInt
    """Pixels from the screen's top edge."""


class LongPressCommand(_Command):
    """A finger held down on one pixel of the screen."""

    type: Literal["long_press"] = "long_press"
    """Always "long_press": which command this is."""
    x: NonNegativeInt
    """Pixels from the screen's left edge."""
    y: NonNegativeInt
    """Pixels from the screen's top edge."""
    duration_ms: PositiveInt = 1000
    """How long the finger stays down, in milliseconds (1,000 unless given)."""


class SwipeCommand(_Command):
    """A finger drag from (x1, y1) to (x2, y2)."""

    type: Literal["swipe"] = "swipe"
    """Always "swipe": which command this is."""
    x1: NonNegativeInt
    """Where the finger goes down: pixels from the screen's left edge."""
    y1: NonNegativeInt
    """Where the finger goes down: pixels from the screen's top edge."""
    x2: NonNegativeInt
    """Where the finger lifts: pixels from the screen's left edge."""
    y2: NonNegativeInt
    """Where the finger lifts: pixels from the screen's top edge."""
    duration_ms: PositiveInt = 300
    """How long the drag takes, in milliseconds (300 unless given; shorter is a fling)."""


class TypeTextCommand(_Command):
    """Text typed into a field: the one at (x, y), tapped first to focus it, or else
    the focused one."""

    type: Literal["type_text"] = "type_text"
    """Always "type_text": which command this is."""
    text: str = Field(min_length=1)
    """What to type, at least one character."""
    x: NonNegativeInt | None = None
    """The field to tap first: pixels from the screen's left edge; null types into the
    focused field (give both x and y, or neither)."""
    y: NonNegativeInt | None = None
    """The field to tap first: pixels from the screen's top edge; null types into the
    focused field (give both x and y, or neither)."""

    @model_validator(mode="after")
    def _both_or_neither(self) -> TypeTextCommand:
        if (self.x is None) != (self.y is None):
            raise ValueError("give both x and y (the field to tap first) or neither")
        return self


class ClearTextCommand(_Command):
    """A text field emptied: the one at (x, y), tapped first to focus it, or else the focused
    one."""

    type: Literal["clear_text"] = "clear_text"
    """Always "clear_text": which command this is."""
    x: NonNegativeInt | None = None
    """The field to tap first: pixels from the screen's left edge; null empties the focused
    field (give both x and y, or neither)."""
    y: NonNegativeInt | None = None
    """The field to tap first: pixels from the screen's top edge; null empties the focused
    field (give both x and y, or neither)."""

    @model_validator(mode="after")
    def _both_or_neither(self) -> ClearTextCommand:
        if (self.x is None) != (self.y is None):
            raise ValueError("give both x and y (the field to tap first) or neither")
        return self


class KeyCommand(_Command):
    """A press of one key (back, home, enter...)."""

    type: Literal["key"] = "key"
    """Always "key": which command this is."""
    name: Key
    """Which key to press, by name: back, home, enter, recents, delete, volume_up..."""


class StartAppCommand(_Command):
    """Start an app by package; the launcher activity unless `activity` is given."""

    type: Literal["start_app"] = "start_app"
    """Always "start_app": which command this is."""
    package: str
    """The app's Android package name, e.g. com.android.settings."""
    activity: str | None = None
    """The activity to start, a full class name or one relative to the package (`.Settings`);
    null starts the app's launcher activity."""

    @field_validator("package")
    @classmethod
    def _package_name(cls, package: str) -> str:
        if not PACKAGE_NAME.fullmatch(package):
            raise ValueError(
                f"package {package!r} is not an Android package name, e.g. com.android.settings"
            )
        return package

    @field_validator("activity")
    @classmethod
    def _activity_name(cls, activity: str | None) -> str | None:
        if activity is not None and not activity.strip():
            raise ValueError(f"activity must not be blank, got {activity!r}")
        return activity


class WaitCommand(_Command):
    """A pause: nothing is sent to the phone for a while."""

    type: Literal["wait"] = "wait"
    """Always "wait": which command this is."""
    seconds: float = Field(gt=0, le=3600, allow_inf_nan=False)
    """How long to wait, in seconds: more than 0, at most 3,600."""


Command: TypeAlias = Annotated[
    TapCommand
    | LongPressCommand
    | SwipeCommand
    | TypeTextCommand
    | ClearTextCommand
    | KeyCommand
    | StartAppCommand
    | WaitCommand,
    Field(discriminator="type"),
]
"""Any command; validate one from data with `COMMAND_ADAPTER`."""

COMMAND_ADAPTER: TypeAdapter[Command] = TypeAdapter(Command)
"""Validates and dumps any `Command` from/to dicts and JSON, dispatching on `type`."""
