"""The task schema: a goal in words, how to set the phone up, how to tell it was reached.

A task file (`service/suite/tasks/*.json`) holds a list of tasks. Strings of the goal,
the start state, the check and the solution are templates: `{name}` is a drawn
parameter, `{contact.phone}` one field of a parameter drawn as a record, `{hour:02}`
a number padded with zeros. See docs/tasks.md.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from aci import parse_action
from aci.errors import ActionSyntaxError
from service.suite.template import names

_ID = r"^[a-z][a-z0-9_]*$"
_PACKAGE = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"
_SETTING = r"^(global|secure|system)/[A-Za-z0-9_.]+$"
_PERMISSION = r"^[a-z][a-z0-9_.]*\.[A-Z_]+$"


class Kind(StrEnum):
    """What makes a task hard; a task has one or more."""

    ONE_STEP = "one-step"
    MULTI_SCREEN = "multi-screen"
    SCROLL = "scroll"
    TEXT_ENTRY = "text-entry"
    INTERRUPTION = "interruption"
    ICON_ONLY = "icon-only"
    MULTI_APP = "multi-app"


class Spec(BaseModel):
    """Base of the schema: unknown fields are errors, objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# -- parameters ---------------------------------------------------------------------------


class ChoiceParam(Spec):
    """One of the listed values: strings, or records (`{pair.a}` reads a field)."""

    choice: list[str] | list[dict[str, str]] = Field(min_length=1)


class IntParam(Spec):
    """An integer from `min` to `max` inclusive, in steps of `step` from `min`."""

    bounds: tuple[int, int] = Field(alias="int")
    step: int = Field(default=1, ge=1)

    @field_validator("bounds")
    @classmethod
    def _ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        if value[0] > value[1]:
            raise ValueError(f"min {value[0]} is above max {value[1]}")
        return value


Generator = Literal["first_name", "last_name", "full_name", "phone", "word", "sentence"]


class GenerateParam(Spec):
    """A made-up value: a name, a phone number, a word or a short sentence."""

    generate: Generator


class Pick(Spec):
    """Which record of an app's data list (read with `vphone state`) to take."""

    app: str = Field(pattern=_PACKAGE)
    items: str = Field(alias="list")
    sort_by: str | None = None
    """Sort by this field (case-insensitive) before choosing by position."""
    at: Literal["first", "last", "random", "middle"] = "random"
    where: dict[str, str] = {}
    """Keep only records whose fields equal these templates (case-insensitive)."""
    unlike: list[str] = []
    """Names of earlier record parameters this record must differ from (by `id`)."""


class PickParam(Spec):
    """A record of the phone's data; `{name.field}` reads its fields."""

    pick: Pick


def _keyed(*keys: str) -> Discriminator:
    """Tell the kinds of a union apart by which of these keys the object has."""

    def tag(value: object) -> str | None:
        if isinstance(value, dict):
            return next((key for key in keys if key in value), None)
        for key in keys:
            if hasattr(value, key) or hasattr(value, _FIELD_OF.get(key, key)):
                return key
        return None

    return Discriminator(
        tag,
        custom_error_type="unknown_kind",
        custom_error_message=f"expected an object with one of the keys {', '.join(keys)}",
    )


_FIELD_OF = {"int": "bounds", "list": "items"}
"""Keys whose model field has another name (they shadow builtins)."""

Param = Annotated[
    Annotated[ChoiceParam, Tag("choice")]
    | Annotated[IntParam, Tag("int")]
    | Annotated[GenerateParam, Tag("generate")]
    | Annotated[PickParam, Tag("pick")],
    _keyed("choice", "int", "generate", "pick"),
]


# -- start state --------------------------------------------------------------------------


class Start(Spec):
    """How to put the phone before the first step, applied in this order."""

    seed: bool = False
    """Run `vphone seed N` (the task's seed) so apps hold generated data."""
    clear: list[str] = []
    """Packages to `pm clear` (their data is reset and they ask for permissions again)."""
    grant: dict[str, str] = {}
    """Package -> runtime permission to `pm grant`, so no dialog asks for it."""
    settings: dict[str, str] = {}
    """`namespace/key` -> value, written with `settings put`."""
    data: dict[str, dict[str, object]] = {}
    """Package -> keys merged into its data with `vphone load` (values are templates)."""
    stop: list[str] = []
    """Packages to force-stop, so they open on their first screen."""
    launch: str = "home"
    """`home`, a package to start, or `package/activity` (`am start -n`) once the rest is
    done."""

    @field_validator("settings")
    @classmethod
    def _setting_keys(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if not _matches(_SETTING, key):
                raise ValueError(f"setting {key!r} must be 'global|secure|system/key'")
        return value


# -- success checks -----------------------------------------------------------------------


class Has(Spec):
    """The field contains this text (case-insensitive)."""

    has: str


class Digits(Spec):
    """The field's digits contain these digits (phone numbers however formatted)."""

    digits: str


FieldMatch = str | Has | Digits
"""A plain string matches when equal ignoring case and surrounding spaces."""


class SettingCheck(Spec):
    """`settings get` returns `equals` (or, with `not_equals`, anything else)."""

    setting: str = Field(pattern=_SETTING)
    equals: str | None = None
    not_equals: str | None = None

    @model_validator(mode="after")
    def _one_test(self) -> SettingCheck:
        if (self.equals is None) == (self.not_equals is None):
            raise ValueError("give exactly one of 'equals' or 'not_equals'")
        return self


class ValueCheck(Spec):
    """A data variable of an app (`vphone state`) matches."""

    app: str = Field(pattern=_PACKAGE)
    value: str
    equals: FieldMatch


class ListCheck(Spec):
    """A data list of an app holds (`contains`) or does not hold (`lacks`) a record whose
    fields match all of the given ones."""

    app: str = Field(pattern=_PACKAGE)
    items: str = Field(alias="list")
    contains: dict[str, FieldMatch] | None = None
    lacks: dict[str, FieldMatch] | None = None

    @model_validator(mode="after")
    def _one_test(self) -> ListCheck:
        if (self.contains is None) == (self.lacks is None):
            raise ValueError("give exactly one of 'contains' or 'lacks'")
        return self


class PermissionCheck(Spec):
    """An app's runtime permission, as `dumpsys package` reports it on any phone:
    `granted`, `denied` (refused in the dialog or by `pm revoke`) or `not asked` (never
    answered: the app asks on its next launch)."""

    app: str = Field(pattern=_PACKAGE)
    permission: str = Field(pattern=_PERMISSION)
    """As on Android: android.permission.POST_NOTIFICATIONS."""
    equals: Literal["granted", "denied", "not asked"]


class AllCheck(Spec):
    all: list[Check] = Field(min_length=1)


class AnyCheck(Spec):
    any: list[Check] = Field(min_length=1)


Check = Annotated[
    Annotated[SettingCheck, Tag("setting")]
    | Annotated[ValueCheck, Tag("value")]
    | Annotated[ListCheck, Tag("list")]
    | Annotated[PermissionCheck, Tag("permission")]
    | Annotated[AllCheck, Tag("all")]
    | Annotated[AnyCheck, Tag("any")],
    _keyed("setting", "value", "list", "permission", "all", "any"),
]


# -- the task -----------------------------------------------------------------------------


def _step(value: str) -> str:
    """A solution step must parse as an ACI action (with parameters still in braces)."""
    try:
        parse_action(value)
    except ActionSyntaxError as exc:
        raise ValueError(f"step {value!r} is not an ACI action: {exc}") from exc
    return value


class Task(Spec):
    """One benchmark task."""

    id: str = Field(pattern=_ID)
    goal: str = Field(min_length=1)
    """The instruction in plain language (a template)."""
    apps: list[str] = Field(min_length=1)
    """Packages the task involves."""
    kinds: list[Kind] = Field(min_length=1)
    difficulty: Literal["easy", "medium", "hard"] = "easy"
    params: dict[str, Param] = {}
    """Drawn in order, so a pick may refer to earlier parameters."""
    start: Start = Start()
    check: Check
    solution: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    """The reference steps, ACI text (templates)."""

    @field_validator("apps")
    @classmethod
    def _packages(cls, value: list[str]) -> list[str]:
        for package in value:
            if not _matches(_PACKAGE, package):
                raise ValueError(f"apps: {package!r} is not a package name")
        return value

    @field_validator("solution")
    @classmethod
    def _steps(cls, value: list[str]) -> list[str]:
        return [_step(step) for step in value]

    @model_validator(mode="after")
    def _known_names(self) -> Task:
        """Every `{name}` of the goal, start, check and steps is a parameter."""
        parts: dict[str, object] = {
            "goal": self.goal,
            "start": self.start.model_dump(by_alias=True),
            "check": self.check.model_dump(by_alias=True),
            "solution": self.solution,
        }
        for part, value in parts.items():
            unknown = sorted(_template_names(value) - set(self.params))
            if unknown:
                known = ", ".join(self.params) or "none"
                raise ValueError(
                    f"{part} uses {{{unknown[0]}}} but no parameter has that name "
                    f"(parameters: {known})"
                )
        return self


class TaskFile(Spec):
    """What one task file holds."""

    tasks: list[Task] = Field(min_length=1)


def _template_names(value: object) -> set[str]:
    if isinstance(value, str):
        return names(value)
    if isinstance(value, dict):
        return set().union(*(_template_names(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_template_names(item) for item in value))
    return set()


def _matches(pattern: str, value: str) -> bool:
    return re.match(pattern, value) is not None


AllCheck.model_rebuild()
AnyCheck.model_rebuild()
