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
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from device.keys import parse_keycode
from device.virtual.settings import NAMESPACES
from device.virtual.ui.permission_schema import PermissionList

StateValue = str | list[dict[str, str]]
_IDENT = r"^[A-Za-z_][A-Za-z0-9_]*$"
_COLOR = r"^#[0-9A-Fa-f]{6}$"
_PERMISSION = r"^[a-z][a-z0-9_.]*\.[A-Z_]+$"
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
    state: str | None = Field(default=None, pattern=_IDENT)
    data: str | None = Field(default=None, pattern=_IDENT)
    id: str | None = None
    """Template of the record id (with `data` and `field`)."""
    field: str | None = Field(default=None, pattern=_IDENT)
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
            if not re.match(_IDENT, name):
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
    list: str = Field(pattern=_IDENT)
    fields: dict[str, str]
    select: str | None = Field(default=None, pattern=_IDENT)


class UpdateAction(ActionBase):
    """Change fields (templates) of the record whose id is `id` (a template)."""

    do: Literal["update"]
    list: str = Field(pattern=_IDENT)
    id: str
    fields: dict[str, str]


class RemoveAction(ActionBase):
    """Delete the record whose id is `id` (a template) from a data list."""

    do: Literal["remove"]
    list: str = Field(pattern=_IDENT)
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


def _as_list(value: Any) -> Any:
    """Accept one action object where a list of actions is expected."""
    return [value] if isinstance(value, dict) else value


class WidgetBase(Spec):
    """Fields every widget has: an id (resource-id name and part of the node key) and
    an optional condition for being shown."""

    id: str | None = Field(default=None, pattern=_IDENT)
    visible_if: Conditions | None = None
    """One condition, or a list of them that must all hold (Wi-Fi off *and* airplane
    mode on)."""


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
    """A paragraph, wrapped to the screen width. `display` is one big line (a clock,
    the calculator's display); `headline` a section title."""

    type: Literal["text"]
    text: str
    style: Literal["body", "caption", "headline", "display"] = "body"
    align: Literal["start", "center", "end"] = "start"


class CategoryWidget(WidgetBase):
    """A section heading above a group of rows."""

    type: Literal["category"]
    text: str


class RowWidget(Clickable):
    """A list item: icon or avatar, title, summary and optionally a switch or a check box
    bound to a value. A row with a switch and no `on_click` toggles the switch."""

    type: Literal["row"]
    title: str
    summary: str = ""
    title_style: Literal["normal", "large"] = "normal"
    """`large`: a big title (the time of an alarm)."""
    icon: str | None = None
    icon_color: str | None = Field(default=None, pattern=_COLOR)
    """When set, the icon is drawn white on a circle of this colour (home pages)."""
    avatar: str | None = None
    """A template; its first letter is drawn on a coloured circle (contacts)."""
    trailing_icon: str | None = None
    trailing_desc: str | None = None
    """Content-desc of the trailing icon; with `on_trailing_click` it is a button."""
    on_trailing_click: list[Action] = []
    switch: Binding | None = None
    checkbox: Binding | None = None
    enabled: bool = True

    @field_validator("on_trailing_click", mode="before")
    @classmethod
    def _one_or_many_trailing(cls, value: Any) -> Any:
        return _as_list(value)


class TextFieldWidget(Clickable):
    """An editable text field (EditText); its text is the value of `bind`
    (default: the state variable named by `id`)."""

    type: Literal["text_field"]
    hint: str = ""
    label: str = ""
    """An outlined field's label, shown above the text once the field has text."""
    bind: Ref | None = None
    style: Literal["search", "outlined", "plain"] = "outlined"
    """`plain`: no outline, a multi-line body (a note's text, a message to send)."""
    keyboard: Literal["text", "number", "phone", "email"] = "text"
    password: bool = False
    max_value: int | None = Field(default=None, ge=0)
    """A whole-number field that keeps only valid values, as the input filters of
    Material's time picker do: an edit (a keystroke, a paste, a set text) that would
    leave anything but a number from 0 to this, of at most as many digits, is refused
    and the text stays as it was (hour 23, minute 59)."""
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


class IconButtonWidget(Clickable):
    """A 48dp icon-only button. Real apps leave `desc` (content-desc) out now and then."""

    type: Literal["icon_button"]
    icon: str
    desc: str | None = None
    align: Literal["start", "center", "end"] = "start"


class SliderWidget(WidgetBase):
    """A SeekBar bound to a number from `min` to `max`; a tap or a drag on the track
    sets it."""

    type: Literal["slider"]
    bind: Ref
    label: str = ""
    min: int = 0
    max: int = 100
    step: int = Field(default=1, ge=1)
    icon: str | None = None


class RadioWidget(Clickable):
    """A radio button row: checked when `bind` holds `value`; a tap stores `value`
    (then runs `on_click`, e.g. to close a dialog)."""

    type: Literal["radio"]
    text: str
    bind: Ref
    value: str


class CheckboxWidget(Clickable):
    """A check box row bound to a two-valued value."""

    type: Literal["checkbox"]
    text: str
    bind: Binding


class TabSpec(Spec):
    """One tab: its label and the value it stores."""

    text: str
    value: str


class TabsWidget(WidgetBase):
    """A row of tabs: the selected one is the one whose value `bind` holds."""

    type: Literal["tabs"]
    bind: Ref
    tabs: list[TabSpec]


class GridCell(Clickable):
    """One cell of a grid: a text, an icon (with or without `desc`), or a generated
    picture (`image`: a template whose value seeds the picture, and no text at all;
    `desc` describes it, as Photos' "Photo taken on ..." does)."""

    text: str | None = None
    icon: str | None = None
    desc: str | None = None
    image: str | None = None
    style: Literal["plain", "accent", "muted"] = "plain"


class GridWidget(WidgetBase):
    """Cells in `columns`: the fixed `cells`, or one `cell` per item of a list
    (`items`, filled as in for_each). Calculator keys, photo thumbnails."""

    type: Literal["grid"]
    columns: int = Field(default=3, ge=1, le=8)
    aspect: float = Field(default=1.0, gt=0)
    """Cell height / width."""
    cells: list[GridCell] = []
    items: str | None = Field(default=None, pattern=_IDENT)
    cell: GridCell | None = None


class BubbleWidget(WidgetBase):
    """A chat bubble: `outgoing` (a template, "1" for sent) puts it on the right."""

    type: Literal["bubble"]
    text: str
    outgoing: str = "0"
    time: str = ""


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


class ListFilter(Spec):
    """Keep the items that match `query` (a template) in `fields`, as an Android app's
    search does (`search.matches`: folded substring, word prefixes in any order, dates
    and phone numbers in any wording); an empty query keeps every item."""

    query: str
    fields: list[str]


class ForEachWidget(WidgetBase):
    """One widget per item of a list (a data list of this app, or of `app`; or the
    runtime permissions of an installed app, `permissions`); `{field}` in the template's
    strings is the item's field (and `{index}` its position)."""

    type: Literal["for_each"]
    items: str | None = Field(default=None, pattern=_IDENT)
    app: str | None = None
    """Read the list from another app's data (Messages lists Contacts' contacts)."""
    permissions: PermissionList | None = None
    """Instead of `items`: the permissions an app asks for (Settings' App permissions)."""
    where: dict[str, str] = {}
    """Keep items whose fields equal these templates."""
    filter: ListFilter | None = None
    sort_by: str | None = None
    descending: bool = False
    sections: str | None = None
    """Insert a section letter (the field's first letter) where it changes."""
    empty_text: str = ""
    """Shown when no item is left."""
    row: RowWidget | BubbleWidget | RadioWidget

    @model_validator(mode="after")
    def _one_source(self) -> ForEachWidget:
        if (self.items is None) == (self.permissions is None):
            raise ValueError("give exactly one of 'items' or 'permissions'")
        if self.app is not None and self.items is None:
            raise ValueError("'app' goes only with 'items'")
        return self


Widget = Annotated[
    HeaderWidget
    | TextWidget
    | CategoryWidget
    | RowWidget
    | TextFieldWidget
    | ButtonWidget
    | IconButtonWidget
    | SliderWidget
    | RadioWidget
    | CheckboxWidget
    | TabsWidget
    | GridWidget
    | BubbleWidget
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
    "icon_button",
    "slider",
    "radio",
    "checkbox",
    "tabs",
    "grid",
    "bubble",
    "divider",
    "spacer",
    "app_grid",
    "for_each",
)


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

    list: str = Field(pattern=_IDENT)
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
    focus: str | None = Field(default=None, pattern=_IDENT)
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
        return _as_list(value)

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
    color: str = Field(default="#5F6368", pattern=_COLOR)


class PermissionSpec(Spec):
    """A runtime permission: "Allow Contacts to access your contacts?"."""

    name: str = Field(pattern=_PERMISSION)
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
            if not re.match(_IDENT, name):
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
