"""Reading and writing the values widgets bind to: settings keys or app state variables.

Settings are read from the shared store on every use (never cached here), so a
`settings put` from the shell shows on the next frame.
"""

from __future__ import annotations

from device.virtual.settings import Settings
from device.virtual.ui.schema import Binding, Condition, Ref, StateValue

AppState = dict[str, StateValue]


def read(ref: Ref, settings: Settings, state: AppState) -> str:
    """The value as a string; a missing setting or a list variable reads as ""."""
    if ref.setting is not None:
        namespace, _, key = ref.setting.partition("/")
        return settings.get(namespace, key) or ""
    value = state.get(ref.state or "", "")
    return value if isinstance(value, str) else ""


def write(ref: Ref, value: str, settings: Settings, state: AppState) -> None:
    if ref.setting is not None:
        namespace, _, key = ref.setting.partition("/")
        settings.put(namespace, key, value)
    else:
        state[ref.state or ""] = value


def is_on(binding: Binding, settings: Settings, state: AppState) -> bool:
    return read(binding, settings, state) == binding.on


def toggle(binding: Binding, settings: Settings, state: AppState) -> None:
    on = is_on(binding, settings, state)
    write(binding, binding.off if on else binding.on, settings, state)


def holds(condition: Condition | None, settings: Settings, state: AppState) -> bool:
    """Whether a `visible_if` condition is met (no condition: always)."""
    if condition is None:
        return True
    value = read(condition, settings, state)
    if condition.equals is not None:
        return value == condition.equals
    return value != condition.not_equals


def items(name: str, state: AppState) -> list[dict[str, str]]:
    """A list state variable's items (a string variable has none)."""
    value = state.get(name, [])
    return value if isinstance(value, list) else []
