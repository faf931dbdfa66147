"""What a tap can do: the `on_click` actions of the app format, discriminated on `do`.

Values of actions are templates (see `schema`); an action's `when` holds one
condition or a list that must all hold.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from device.keys import parse_keycode
from device.virtual.ui.schema_refs import IDENT, Binding, Conditions, Ref, Spec


class ActionBase(Spec):
    """Fields every action has: an optional condition (or a list that must all hold),
    checked when the action runs."""

    when: Conditions | None = None


class OpenAction(ActionBase):
    """Push a screen of this app (a template); `replace` swaps the top screen instead
    (bottom navigation). A screen of kind dialog or menu opens over the current one."""

    do: Literal["open"]
    screen: str
    replace: bool = False


class BackAction(ActionBase):
    """Pop the top screen, as the Back key does."""

    do: Literal["back"]


class KeyAction(ActionBase):
    """Press a key, by name as `input keyevent` takes it ("HOME", "APP_SWITCH")."""

    do: Literal["key"]
    key: str

    @field_validator("key")
    @classmethod
    def _known(cls, value: str) -> str:
        if parse_keycode(value) is None:
            raise ValueError(f"unknown key {value!r} (use a KEYCODE_ name such as HOME or 4)")
        return value


class LaunchAction(ActionBase):
    """Bring another app to the front, as an intent does. `extras` (templates, filled in
    with the values of the screen that launches) are stored in that app's state
    variables, and then its `screen` (a template) opens on top of its task: Contacts'
    Text button opens Messages at the conversation with that contact. `screen` and
    `activity` are two ways to name where the app opens, so give at most one."""

    do: Literal["launch"]
    package: str
    activity: str | None = None
    screen: str | None = None
    extras: dict[str, str] = {}

    @field_validator("extras")
    @classmethod
    def _named(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            if not re.match(IDENT, name):
                raise ValueError(
                    f"extras: bad state variable name {name!r} (use letters, digits, _)"
                )
        return value

    @model_validator(mode="after")
    def _one_target(self) -> LaunchAction:
        if self.activity is not None and self.screen is not None:
            raise ValueError("give 'activity' or 'screen', not both")
        return self


class SetAction(Ref):
    """Store a value (a template) in a setting, state or data variable, or a record field."""

    do: Literal["set"]
    value: str
    when: Conditions | None = None


class ToggleAction(Binding):
    """Flip a two-valued value."""

    do: Literal["toggle"]
    when: Conditions | None = None


class AppendAction(ActionBase):
    """Add a record to a data list. Field values are templates; the record gets a new
    `id` (the next integer) unless `fields` gives one. `select` names a state variable
    that receives the new id."""

    do: Literal["append"]
    list: str = Field(pattern=IDENT)
    fields: dict[str, str]
    select: str | None = Field(default=None, pattern=IDENT)


class UpdateAction(ActionBase):
    """Change fields (templates) of the record whose id is `id` (a template)."""

    do: Literal["update"]
    list: str = Field(pattern=IDENT)
    id: str
    fields: dict[str, str]


class RemoveAction(ActionBase):
    """Delete the record whose id is `id` (a template) from a data list."""

    do: Literal["remove"]
    list: str = Field(pattern=IDENT)
    id: str


class ToastAction(ActionBase):
    """Show a toast (a template) near the bottom of the screen for about two seconds."""

    do: Literal["toast"]
    text: str


class EvaluateAction(ActionBase):
    """Compute an arithmetic expression (a template of numbers, the four operators as
    ASCII or as the calculator shows them (times, divide and minus signs), % and
    parentheses) and store the result, or "Error", in `into`."""

    do: Literal["evaluate"]
    expression: str
    into: Ref


class MenuAction(ActionBase):
    """Open the current screen's overflow menu (`Screen.menu`) as a popup."""

    do: Literal["menu"]


class RequestPermissionAction(ActionBase):
    """Ask for the app's runtime permission again (`requestPermissions`): the system
    dialog shows, unless the permission is granted or the user refused it twice (from
    Android 11 the request is then refused without a dialog, and apps send the user to
    Settings instead: test the `blocked` state of a `permission` condition)."""

    do: Literal["request_permission"]


Action = Annotated[
    OpenAction
    | BackAction
    | KeyAction
    | LaunchAction
    | SetAction
    | ToggleAction
    | AppendAction
    | UpdateAction
    | RemoveAction
    | ToastAction
    | EvaluateAction
    | MenuAction
    | RequestPermissionAction,
    Field(discriminator="do"),
]
ACTION_NAMES = (
    "open",
    "back",
    "key",
    "launch",
    "set",
    "toggle",
    "append",
    "update",
    "remove",
    "toast",
    "evaluate",
    "menu",
    "request_permission",
)

ON_BACK_ACTIONS = ("set", "toggle", "append", "update", "remove", "toast", "evaluate")
"""What `Screen.on_back` may do: change values and show a toast, never navigate."""

ON_OPEN_ACTIONS = (*ON_BACK_ACTIONS, "open", "back")
"""What `Screen.on_open` may do: change values and open or close screens of its own
app, never launch another app or press keys, so opening a page cannot start a loop."""


def as_action_list(value: Any) -> Any:
    """Accept one action object where a list of actions is expected."""
    return [value] if isinstance(value, dict) else value
