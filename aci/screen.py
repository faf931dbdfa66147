"""What is on a screen, in words and boxes: `Element`, `Screen`, and the `Point` both sides use.

Grounding builds these from a `RawObservation` (the hierarchy and the pixels);
planners read them as text. Coordinates are pixels of the device screen,
origin top left.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, field_validator, model_validator

__all__ = ["Element", "Point", "Role", "Screen", "Source"]

_FROZEN = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


def _blank_to_none(value: Any) -> Any:
    # Devices report an unknown foreground app as ""; on a Screen unknown is None.
    return None if isinstance(value, str) and not value.strip() else value


class Point(BaseModel):
    """A pixel on the screen. Also accepts `(x, y)` / `[x, y]`, the shape people write."""

    model_config = _FROZEN

    x: NonNegativeInt
    """Pixels from the screen's left edge."""
    y: NonNegativeInt
    """Pixels from the screen's top edge."""

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, data: Any) -> Any:
        if isinstance(data, tuple | list):
            if len(data) != 2:
                raise ValueError(f"a point is (x, y), got {list(data)!r}")
            return {"x": data[0], "y": data[1]}
        return data


class Role(StrEnum):
    """What kind of widget an element is, in the words planners and targets use."""

    BUTTON = "button"
    SWITCH = "switch"
    CHECKBOX = "checkbox"
    RADIO = "radio"
    FIELD = "field"
    ICON = "icon"
    TEXT = "text"
    LIST = "list"
    TAB = "tab"
    IMAGE = "image"
    SLIDER = "slider"
    MENU = "menu"
    CONTAINER = "container"
    OTHER = "other"


Source = Literal["hierarchy", "ocr", "detector"]
"""Which perception source saw an element: the accessibility hierarchy, OCR, an ONNX detector."""

_SOURCE_ORDER: tuple[Source, ...] = ("hierarchy", "ocr", "detector")


class Element(BaseModel):
    """One thing on the screen: its box, its words, its role and state, and who saw it."""

    model_config = _FROZEN

    bounds: tuple[NonNegativeInt, NonNegativeInt, NonNegativeInt, NonNegativeInt]
    """[x1, y1, x2, y2] in pixels, x2 >= x1 and y2 >= y1."""
    text: str = ""
    """The words it shows, from the hierarchy or as OCR read them; empty when none."""
    desc: str = ""
    """The accessibility content-desc."""
    resource_id: str = ""
    """The Android view id, e.g. com.android.settings:id/switch_widget; empty when none."""
    class_name: str = ""
    """The Android widget class when the hierarchy gave one, e.g. android.widget.Switch."""
    icon: str = ""
    """What its pixels show when it has no words: the icon recogniser's name for the glyph, a
    `lexicon.icons` key (`search`, `back`) or a Material icon's name (`shopping cart`);
    empty when nothing was recognised."""
    role: Role = Role.OTHER
    """What kind of widget it is: button, switch, checkbox, field, icon, text, list..."""
    checked: bool = False
    """Whether its switch, checkbox or radio button is on."""
    selected: bool = False
    """Whether it is selected, as the current tab or a chosen item is."""
    enabled: bool = True
    """Whether it takes input; false when it is greyed out."""
    focused: bool = False
    """Whether it has the input focus."""
    editable: bool = False
    """Whether text can be typed into it."""
    scrollable: bool = False
    """Whether its content scrolls."""
    clickable: bool = False
    """Whether it reacts to a tap."""
    sources: tuple[Source, ...] = Field(min_length=1)
    """Kept unique, best source first, so equal elements compare equal."""

    @field_validator("bounds")
    @classmethod
    def _ordered(cls, bounds: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        x1, y1, x2, y2 = bounds
        if x2 < x1 or y2 < y1:
            raise ValueError(
                f"bounds [x1, y1, x2, y2] need x1 <= x2 and y1 <= y2, got {list(bounds)}"
            )
        return bounds

    @field_validator("sources")
    @classmethod
    def _canonical_sources(cls, sources: tuple[Source, ...]) -> tuple[Source, ...]:
        return tuple(source for source in _SOURCE_ORDER if source in sources)

    @property
    def width(self) -> int:
        return self.bounds[2] - self.bounds[0]

    @property
    def height(self) -> int:
        return self.bounds[3] - self.bounds[1]

    @property
    def area(self) -> int:
        return self.width * self.height

    @property
    def center(self) -> Point:
        """Where a tap on this element lands (rounded down to a pixel)."""
        x1, y1, x2, y2 = self.bounds
        return Point(x=(x1 + x2) // 2, y=(y1 + y2) // 2)

    @property
    def label(self) -> str:
        """The words a person would call it by: its text, else its content-desc."""
        return self.text or self.desc

    def contains(self, point: Point) -> bool:
        """Whether the point falls inside the box (edges included)."""
        x1, y1, x2, y2 = self.bounds
        return x1 <= point.x <= x2 and y1 <= point.y <= y2


class Screen(BaseModel):
    """One observed screen: its size, its elements, and the app in front when known."""

    model_config = _FROZEN

    width: int = Field(gt=0)
    """Pixels."""
    height: int = Field(gt=0)
    """Pixels."""
    elements: tuple[Element, ...] = ()
    """Everything perception found on it."""
    package: str | None = None
    """The package of the app in front, e.g. com.android.settings; null when unknown."""
    activity: str | None = None
    """The activity in front, as the phone names it; null when unknown."""

    _unknown_is_none = field_validator("package", "activity", mode="before")(_blank_to_none)
