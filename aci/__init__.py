"""The ACI (agent-computer interface): the language seam between planning and grounding.

Planners emit an `Action` (`tap "Wi-Fi"`), grounders resolve it against a
`Screen` into a `Command` (`tap(540, 612)`) the device layer executes. Pure
data and text; nothing here performs I/O or imports the rest of droidpilot.
"""

from aci.actions import (
    ACTION_ADAPTER,
    Action,
    Assert,
    ClearText,
    Condition,
    Direction,
    Done,
    Fail,
    LongPress,
    OpenApp,
    PressKey,
    Scroll,
    SetSlider,
    Swipe,
    Tap,
    TypeText,
    Wait,
)
from aci.command import (
    COMMAND_ADAPTER,
    ClearTextCommand,
    Command,
    Key,
    KeyCommand,
    LongPressCommand,
    StartAppCommand,
    SwipeCommand,
    TapCommand,
    TypeTextCommand,
    WaitCommand,
)
from aci.errors import AciError, ActionSyntaxError
from aci.observation import RawObservation
from aci.screen import Element, Point, Role, Screen, Source
from aci.text import format_action, parse_action

__all__ = [
    "ACTION_ADAPTER",
    "COMMAND_ADAPTER",
    "AciError",
    "Action",
    "ActionSyntaxError",
    "Assert",
    "ClearText",
    "ClearTextCommand",
    "Command",
    "Condition",
    "Direction",
    "Done",
    "Element",
    "Fail",
    "Key",
    "KeyCommand",
    "LongPress",
    "LongPressCommand",
    "OpenApp",
    "Point",
    "PressKey",
    "RawObservation",
    "Role",
    "Screen",
    "Scroll",
    "SetSlider",
    "Source",
    "StartAppCommand",
    "Swipe",
    "SwipeCommand",
    "Tap",
    "TapCommand",
    "TypeText",
    "TypeTextCommand",
    "Wait",
    "WaitCommand",
    "format_action",
    "parse_action",
]
