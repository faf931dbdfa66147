"""The app definition schema: an app is data (screens of widgets, state, actions).

A value lives either in the phone's settings store (`{"setting": "global/wifi_on"}`)
or in the app's own state (`{"state": "query"}`); switches, text fields, conditions
and actions all name values the same way, so the engine never holds a copy of a
bound setting. Widgets and actions are closed sets, discriminated on `type` / `do`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from device.keys import parse_keycode
from device.virtual.settings import NAMESPACES

StateValue = str | list[dict[str, str]]
_IDENT = r"^[A-Za-z_][A-Za-z0-9_]*$"
_COLOR = r"^#[0-9A-Fa-f]{6}$"


class Spec(BaseModel):
    """Base of every schema object: unknown fields are errors, objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Ref(Spec):
    """Where a value lives: exactly one of `setting` ("namespace/key") or `state` (a variable)."""

    setting: str | None = None
    state: str | None = Field(default=None, pattern=_IDENT)

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
        if (self.setting is None) == (self.state is None):
            raise ValueError("give exactly one of 'setting' or 'state'")
        return self


class Binding(Ref):
    """A two-valued value shown as a switch: `on` when checked, `off` otherwise."""

    on: str = "1"
    off: str = "0"


class Condition(Ref):
    """True when the value equals `equals` (or differs from `not_equals`): `visible_if`."""

    equals: str | None = None
    not_equals: str | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        if (self.equals is None) == (self.not_equals is None):
            raise ValueError("give exactly one of 'equals' or 'not_equals'")
        return self


class OpenAction(Spec):
    """Push a screen of this app."""

    do: Literal["open"]
    screen: str


class BackAction(Spec):
    """Pop the top screen, as the Back key does."""

    do: Literal["back"]


class KeyAction(Spec):
    """Press a key, by name as `input keyevent` takes it ("HOME", "APP_SWITCH")."""

    do: Literal["key"]
    key: str

    @field_validator("key")
    @classmethod
    def _known(cls, value: str) -> str:
        if parse_keycode(value) is None:
            raise ValueError(f"unknown key {value!r} (use a KEYCODE_ name such as HOME or 4)")
        return value


class LaunchAction(Spec):
    """Bring another app to the front."""

    do: Literal["launch"]
    package: str
    activity: str | None = None


class SetAction(Ref):
    """Store a value in a setting or state variable."""

    do: Literal["set"]
    value: str


class ToggleAction(Binding):
    """Flip a two-valued setting or state variable."""

    do: Literal["toggle"]


Action = Annotated[
    OpenAction | BackAction | KeyAction | LaunchAction | SetAction | ToggleAction,
    Field(discriminator="do"),
]
ACTION_NAMES = ("open", "back", "key", "launch", "set", "toggle")


def _as_list(value: Any) -> Any:
    """Accept one action object where a list of actions is expected."""
    return [value] if isinstance(value, dict) else value


class WidgetBase(Spec):
    """Fields every widget has: an id (resource-id name and part of the node key) and
    an optional condition for being shown."""

    id: str | None = Field(default=None, pattern=_IDENT)
    visible_if: Condition | None = None


class Clickable(WidgetBase):
    """A widget that runs actions when tapped or long-pressed (one action or a list)."""

    on_click: list[Action] = []
    on_long_click: list[Action] = []

    @field_validator("on_click", "on_long_click", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_list(value)


class HeaderWidget(WidgetBase):
    """A large page title that scrolls with the content (Settings' home page)."""

    type: Literal["header"]
    text: str


class TextWidget(WidgetBase):
    """A paragraph, wrapped to the screen width."""

    type: Literal["text"]
    text: str
    style: Literal["body", "caption"] = "body"


class CategoryWidget(WidgetBase):
    """A section heading above a group of rows."""

    type: Literal["category"]
    text: str


class RowWidget(Clickable):
    """A list item: icon, title, summary and optionally a switch bound to a value.
    A row with a switch and no `on_click` toggles the switch."""

    type: Literal["row"]
    title: str
    summary: str = ""
    icon: str | None = None
    icon_color: str | None = Field(default=None, pattern=_COLOR)
    """When set, the icon is drawn white on a circle of this colour (home pages)."""
    trailing_icon: str | None = None
    switch: Binding | None = None
    enabled: bool = True


class TextFieldWidget(Clickable):
    """An editable text field (EditText); its text is the value of `bind`
    (default: the state variable named by `id`)."""

    type: Literal["text_field"]
    hint: str = ""
    bind: Ref | None = None
    style: Literal["search", "outlined"] = "outlined"
    password: bool = False
    on_submit: list[Action] = []

    @field_validator("on_submit", mode="before")
    @classmethod
    def _one_or_many_submit(cls, value: Any) -> Any:
        return _as_list(value)

    @model_validator(mode="after")
    def _has_value(self) -> TextFieldWidget:
        if self.bind is None and self.id is None:
            raise ValueError("a text_field needs an 'id' or a 'bind' to hold its text")
        return self


class ButtonWidget(Clickable):
    """A Material button."""

    type: Literal["button"]
    text: str
    style: Literal["filled", "tonal", "outlined", "text"] = "filled"
    icon: str | None = None


class DividerWidget(WidgetBase):
    """A thin horizontal line."""

    type: Literal["divider"]


class SpacerWidget(WidgetBase):
    """Empty vertical space."""

    type: Literal["spacer"]
    height_dp: float = Field(default=16, ge=0)


class AppGridWidget(WidgetBase):
    """A launcher grid of app icons: every installed app (`installed`, the home screen)
    or the running ones, most recent first (`recent`, the overview)."""

    type: Literal["app_grid"]
    source: Literal["installed", "recent"] = "installed"
    columns: int = Field(default=4, ge=1, le=8)


class ForEachWidget(WidgetBase):
    """One row per item of a list state variable; `{field}` in the row's strings is
    replaced by the item's field (and `{index}` by its position)."""

    type: Literal["for_each"]
    items: str = Field(pattern=_IDENT)
    row: RowWidget


Widget = Annotated[
    HeaderWidget
    | TextWidget
    | CategoryWidget
    | RowWidget
    | TextFieldWidget
    | ButtonWidget
    | DividerWidget
    | SpacerWidget
    | AppGridWidget
    | ForEachWidget,
    Field(discriminator="type"),
]
WIDGET_TYPES = (
    "header",
    "text",
    "category",
    "row",
    "text_field",
    "button",
    "divider",
    "spacer",
    "app_grid",
    "for_each",
)


class Screen(Spec):
    """One page of an app: an optional toolbar, a scrolling body and a fixed footer."""

    title: str = ""
    activity: str | None = None
    """Activity class reported while this screen is on top (default: the app's)."""
    toolbar: Literal["up", "none"] = "up"
    background: Literal["surface", "wallpaper"] = "surface"
    widgets: list[Widget] = []
    footer: list[Widget] = []


class IconSpec(Spec):
    """The launcher icon: a Material icon name drawn white on a circle of `color`."""

    name: str
    color: str = Field(default="#5F6368", pattern=_COLOR)


class AppSpec(Spec):
    """One installed app."""

    package: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
    label: str
    version_name: str = "1.0"
    version_code: int = 1
    role: Literal["app", "home"] = "app"
    """`home` is the launcher: shown at boot and on Home, absent from its own grid."""
    icon: IconSpec = IconSpec(name="android")
    activity: str
    """The launch activity, short (".Settings") or full."""
    root: str
    """The screen the launch activity shows."""
    activities: dict[str, str] = {}
    """Further launchable activities (deep links) -> the screen each opens."""
    state: dict[str, StateValue] = {}
    screens: dict[str, Screen]

    def activity_class(self, name: str) -> str:
        """ ".Settings" -> "com.android.settings.Settings"; full names pass through."""
        name = name.split("/", 1)[-1]
        return self.package + name if name.startswith(".") else name

    @model_validator(mode="after")
    def _screens_exist(self) -> AppSpec:
        for where, screen in [
            ("root", self.root),
            *((f"activities.{a}", s) for a, s in self.activities.items()),
        ]:
            if screen not in self.screens:
                raise ValueError(
                    f"{where}: unknown screen {screen!r} "
                    f"(screens are {', '.join(sorted(self.screens))})"
                )
        for name in self.screens:
            if not re.match(_IDENT, name):
                raise ValueError(f"screens: bad screen name {name!r} (use letters, digits, _)")
        return self
