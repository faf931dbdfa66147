"""The widgets of a screen: a closed set, discriminated on `type`.

Strings shown on screen are templates (see `schema`); a widget names the value it
shows or changes with a `Ref` or `Binding` (`schema_refs`) and runs actions
(`schema_actions`) when tapped.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from device.virtual.ui.permission_schema import PermissionList
from device.virtual.ui.schema_actions import Action, as_action_list
from device.virtual.ui.schema_refs import COLOR, IDENT, Binding, Conditions, Ref, Spec


class WidgetBase(Spec):
    """Fields every widget has: an id (resource-id name and part of the node key) and
    an optional condition for being shown."""

    id: str | None = Field(default=None, pattern=IDENT)
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
        return as_action_list(value)


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
    icon_color: str | None = Field(default=None, pattern=COLOR)
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
        return as_action_list(value)


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
        return as_action_list(value)

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
    items: str | None = Field(default=None, pattern=IDENT)
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
    items: str | None = Field(default=None, pattern=IDENT)
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
