"""Where a value of an app lives, and tests on it: the base of every schema object.

A `Ref` names one value (a setting, a state or data variable, a record's field, or a
permission's answer); a `Binding` is a two-valued one shown as a switch, and a
`Condition` tests one. Widgets and actions (`schema_widgets`, `schema_actions`) name
values with these; `schema` re-exports them.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from device.virtual.settings import NAMESPACES

StateValue = str | list[dict[str, str]]
IDENT = r"^[A-Za-z_][A-Za-z0-9_]*$"
"""A variable, list, field or screen name: letters, digits and _, not a digit first."""
COLOR = r"^#[0-9A-Fa-f]{6}$"
PERMISSION = r"^[a-z][a-z0-9_.]*\.[A-Z_]+$"
_PERMISSION_REF = r"^(?:[a-z][a-z0-9_.]*\.[A-Z_]+|.*\{\w+\}.*)$"
"""A permission's name, or a template of one ("{name}" of a permission list's item)."""


class Spec(BaseModel):
    """Base of every schema object: unknown fields are errors, objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Ref(Spec):
    """Where a value lives: exactly one of `setting` ("namespace/key"), `state` (a UI
    variable) or `data` (a persistent variable; with `id` and `field`, one field of
    the record of that id in the data list). A condition may instead read `permission`,
    the answer for the app's runtime permission, which only the system changes; with
    `package`, any ref names another app's permission, as Settings reads and sets it."""

    setting: str | None = None
    state: str | None = Field(default=None, pattern=IDENT)
    data: str | None = Field(default=None, pattern=IDENT)
    id: str | None = None
    """Template of the record id (with `data` and `field`)."""
    field: str | None = Field(default=None, pattern=IDENT)
    permission: str | None = Field(default=None, pattern=_PERMISSION_REF)
    """The app's runtime permission (android.permission.RECORD_AUDIO, or a template); it
    reads `granted`, `denied` (the app may ask again), `blocked` (refused twice: Android
    no longer shows the dialog) or "" (never answered). Read-only: conditions only."""
    package: str | None = None
    """With `permission`: the app (a template of its package) whose permission this is,
    as another app sees it (`checkPermission`): `granted` or `denied`, "" when the app
    does not ask for it. Writable: storing `granted` or `denied` is `pm grant|revoke`,
    as choosing Allow or Don't allow in Settings is."""

    reads_permission: ClassVar[bool] = False
    """Whether this kind of ref may name a permission (only a condition reads one)."""

    @field_validator("setting")
    @classmethod
    def _namespaced(cls, value: str | None) -> str | None:
        if value is not None:
            namespace, _, key = value.partition("/")
            if namespace not in NAMESPACES or not key:
                raise ValueError(
                    f"setting {value!r} must be 'namespace/key' with namespace "
                    f"one of {', '.join(NAMESPACES)}"
                )
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> Ref:
        wheres = (self.setting, self.state, self.data, self.permission)
        if self.package is not None and self.permission is None:
            raise ValueError("'package' goes only with 'permission'")
        if self.permission is not None and self.package is None and not self.reads_permission:
            raise ValueError(
                "'permission' is read-only: only a condition can read the app's own "
                "(name another app's 'package' to change it, as Settings does)"
            )
        if sum(where is not None for where in wheres) != 1:
            raise ValueError("give exactly one of 'setting', 'state', 'data' or 'permission'")
        if (self.id is None) != (self.field is None) or (self.id is not None and not self.data):
            raise ValueError("'id' and 'field' go together, and only with 'data'")
        return self


class Binding(Ref):
    """A two-valued value shown as a switch: `on` when checked, `off` otherwise."""

    on: str = "1"
    off: str = "0"


class Condition(Ref):
    """True when the value equals `equals` (or differs from `not_equals`); both are
    templates. `matches` is a regular expression the whole value must match instead,
    for what no fixed value describes (a typed phone number); it is not a template,
    so its braces stay quantifiers. Used by `visible_if` and by an action's `when`."""

    equals: str | None = None
    not_equals: str | None = None
    matches: str | None = None

    reads_permission: ClassVar[bool] = True

    @field_validator("matches")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"matches: bad regular expression {value!r}: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = (self.equals, self.not_equals, self.matches)
        if sum(test is not None for test in tests) != 1:
            raise ValueError("give exactly one of 'equals', 'not_equals' or 'matches'")
        return self


def _one_or_all(value: Any) -> str:
    return "all" if isinstance(value, list) else "one"


Conditions = Annotated[
    Annotated[Condition, Tag("one")] | Annotated[list[Condition], Tag("all")],
    Discriminator(_one_or_all),
]
"""One condition, or a list of them that must all hold."""
