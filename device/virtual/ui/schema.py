"""The app definition schema: an app is data (screens of widgets, state, actions).

A value lives in the phone's settings store (`{"setting": "global/wifi_on"}`), in
the app's transient UI state (`{"state": "query"}`, reset when the app is
force-stopped), or in its persistent data (`{"data": "device_name"}`, or one field
of one record of a data list: `{"data": "alarms", "id": "{id}", "field": "on"}`).
Switches, fields, conditions and actions all name values the same way, so the
engine never holds a copy of a bound setting. Widgets and actions are closed sets,
discriminated on `type` / `do`.

Strings shown on screen and the values of actions are templates: `{name}` is
replaced by the field of the current list item, then of the screen's record, then
by a state or data variable; `{name:02}` pads a number with zeros; `{{` is a brace.
See docs/virtual-apps.md.

This module holds the app and its screens; the values they name are in `schema_refs`,
the actions in `schema_actions`, the widgets in `schema_widgets`. Every schema name is
importable from here.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from device.virtual.ui.schema_actions import (
    ACTION_NAMES,
    ON_BACK_ACTIONS,
    ON_OPEN_ACTIONS,
    Action,
    ActionBase,
    AppendAction,
    BackAction,
    EvaluateAction,
    KeyAction,
    LaunchAction,
    MenuAction,
    OpenAction,
    RemoveAction,
    RequestPermissionAction,
    SetAction,
    ToastAction,
    ToggleAction,
    UpdateAction,
    as_action_list,
)
from device.virtual.ui.schema_refs import (
    COLOR,
    IDENT,
    PERMISSION,
    Binding,
    Condition,
    Conditions,
    Ref,
    Spec,
    StateValue,
)
from device.virtual.ui.schema_widgets import (
    WIDGET_TYPES,
    AppGridWidget,
    BubbleWidget,
    ButtonWidget,
    CategoryWidget,
    CheckboxWidget,
    Clickable,
    DividerWidget,
    ForEachWidget,
    GridCell,
    GridWidget,
    HeaderWidget,
    IconButtonWidget,
    ListFilter,
    RadioWidget,
    RowWidget,
    SliderWidget,
    SpacerWidget,
    TabSpec,
    TabsWidget,
    TextFieldWidget,
    TextWidget,
    Widget,
    WidgetBase,
)

__all__ = [
    "ACTION_NAMES",
    "ON_BACK_ACTIONS",
    "ON_OPEN_ACTIONS",
    "WIDGET_TYPES",
    "Action",
    "ActionBase",
    "AppGridWidget",
    "AppSpec",
    "AppendAction",
    "BackAction",
    "Binding",
    "BubbleWidget",
    "ButtonWidget",
    "CategoryWidget",
    "CheckboxWidget",
    "Clickable",
    "Condition",
    "Conditions",
    "DividerWidget",
    "EvaluateAction",
    "Fab",
    "ForEachWidget",
    "GridCell",
    "GridWidget",
    "HeaderWidget",
    "IconButtonWidget",
    "IconSpec",
    "KeyAction",
    "LaunchAction",
    "ListFilter",
    "MenuAction",
    "MenuItem",
    "NavItem",
    "OpenAction",
    "PermissionSpec",
    "RadioWidget",
    "RecordSpec",
    "Ref",
    "RemoveAction",
    "RequestPermissionAction",
    "RowWidget",
    "Screen",
    "SeedList",
    "SetAction",
    "SliderWidget",
    "SpacerWidget",
    "Spec",
    "StateValue",
    "TabSpec",
    "TabsWidget",
    "TextFieldWidget",
    "TextWidget",
    "ToastAction",
    "ToggleAction",
    "ToolbarAction",
    "UpdateAction",
    "Widget",
    "WidgetBase",
]


class ToolbarAction(Clickable):
    """An icon button in the top app bar (search, star, delete)."""

    icon: str
    desc: str | None = None


class MenuItem(Clickable):
    """An entry of the overflow menu."""

    text: str


class NavItem(Spec):
    """A destination of the bottom navigation bar: a screen shown in place of the top one."""

    icon: str
    label: str
    screen: str


class Fab(Clickable):
    """The floating action button, bottom right; extended when it has `text`."""

    icon: str
    desc: str | None = None
    text: str | None = None


class RecordSpec(Spec):
    """The record a screen shows: `{field}` on the screen is that record's field."""

    list: str = Field(pattern=IDENT)
    id: str
    """Template of the id, usually a state variable set before `open`: "{contact}"."""


class Screen(Spec):
    """One page of an app: an optional toolbar, a scrolling body and a fixed footer.

    `kind` dialog: a centred card over the screen below (title, widgets, footer
    buttons), closed by Back or a tap outside it."""

    title: str = ""
    kind: Literal["page", "dialog"] = "page"
    activity: str | None = None
    """Activity class reported while this screen is on top (default: the app's)."""
    toolbar: Literal["up", "none", "title"] = "up"
    """`up`: back arrow and title; `title`: the title alone (a root screen)."""
    background: Literal["surface", "wallpaper"] = "surface"
    record: RecordSpec | None = None
    actions: list[ToolbarAction] = []
    menu: list[MenuItem] = []
    """Overflow (three-dot, "More options") menu items."""
    fab: Fab | None = None
    bottom_nav: list[NavItem] = []
    focus: str | None = Field(default=None, pattern=IDENT)
    """Id of the text field focused when the screen opens (the keyboard shows)."""
    loading_ms: int = Field(default=0, ge=0, le=10000)
    """A spinner shows instead of the content for this long after the screen opens."""
    widgets: list[Widget] = []
    footer: list[Widget] = []
    on_back: list[Action] = []
    """Run when the screen is closed by back (the Back key, Navigate up, a tap outside a
    dialog, a `back` action), before it closes: Keep saves the note being written.
    Only actions that change values or show a toast (see `ON_BACK_ACTIONS`)."""
    on_open: list[Action] = []
    """Run when an `open` or `launch` action has opened the screen, with its values: a
    trampoline, as Messages' LaunchConversationActivity is, reads what it was started
    with and opens the screen that fits in its place (`"replace": true`). Only the
    actions of `ON_OPEN_ACTIONS`; the screens it opens must have no `on_open`."""

    @field_validator("on_back", "on_open", mode="before")
    @classmethod
    def _one_or_many_back(cls, value: Any) -> Any:
        return as_action_list(value)

    @field_validator("on_back")
    @classmethod
    def _no_navigation(cls, value: list[Action]) -> list[Action]:
        for index, action in enumerate(value):
            if action.do not in ON_BACK_ACTIONS:
                raise ValueError(
                    f"on_back[{index}]: {action.do!r} cannot run while the screen closes "
                    f"(use one of {', '.join(ON_BACK_ACTIONS)})"
                )
        return value

    @field_validator("on_open")
    @classmethod
    def _stays_in_app(cls, value: list[Action]) -> list[Action]:
        for index, action in enumerate(value):
            if action.do not in ON_OPEN_ACTIONS:
                raise ValueError(
                    f"on_open[{index}]: {action.do!r} cannot run as the screen opens "
                    f"(use one of {', '.join(ON_OPEN_ACTIONS)})"
                )
        return value


class IconSpec(Spec):
    """The launcher icon: a Material icon name drawn white on a circle of `color`."""

    name: str
    color: str = Field(default="#5F6368", pattern=COLOR)


class PermissionSpec(Spec):
    """A runtime permission: "Allow Contacts to access your contacts?"."""

    name: str = Field(pattern=PERMISSION)
    """As on Android: android.permission.READ_CONTACTS."""
    message: str
    icon: str = "info"


class SeedList(Spec):
    """How to generate a data list for a seed: `count` records whose fields are
    generator templates (see device/virtual/seed.py: `{first_name}`, `{phone}`...)."""

    count: int = Field(ge=0, le=500)
    fields: dict[str, str]


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
    permission: PermissionSpec | None = None
    """Asked for in a system dialog on the first launch."""
    state: dict[str, StateValue] = {}
    """UI variables, reset when the app is force-stopped."""
    data: dict[str, StateValue] = {}
    """Persistent variables and record lists (what `vphone state` prints)."""
    seed: dict[str, SeedList] = {}
    """Generated records that replace a data list with `--seed N`."""
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
            if not re.match(IDENT, name):
                raise ValueError(f"screens: bad screen name {name!r} (use letters, digits, _)")
        self._no_chained_on_open()
        return self

    def _no_chained_on_open(self) -> None:
        """A screen opened by an `on_open` runs no `on_open` of its own, so opening one
        page runs a bounded number of actions (no chains, no loops)."""
        for name, screen in self.screens.items():
            for index, action in enumerate(screen.on_open):
                if not isinstance(action, OpenAction):
                    continue
                target = self.screens.get(action.screen)
                if target is None or target.on_open:
                    raise ValueError(
                        f"screens.{name}.on_open[{index}]: opens {action.screen!r}, which must "
                        "be a screen of this app (no template) without an on_open of its own"
                    )
