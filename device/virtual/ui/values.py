"""Reading and writing the values widgets bind to, and filling in templates.

A `Scope` is everything a template or a `Ref` can name while one screen is laid out
or one action runs: the settings store, the app's UI state and persistent data, the
record the screen shows and the list item being drawn. Settings are read from the
shared store on every use (never cached here), so a `settings put` from the shell
shows on the next frame.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

from device.virtual.settings import Settings
from device.virtual.ui.schema import Binding, Condition, Ref, StateValue

AppState = dict[str, StateValue]
Record = dict[str, str]

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(\w+)(?::(0\d+))?\}")


class PermissionController(Protocol):
    """The system's view of every installed app's runtime permissions, which Settings
    reads and changes for other apps (implemented by `permissions.Permissions`)."""

    def check(self, package: str, name: str) -> str:
        """`granted` or `denied`; "" when the app does not ask for that permission."""

    def decide(self, package: str, name: str, decision: str) -> bool:
        """Allow (`granted`) or refuse (`denied`) it as `pm grant|revoke` does."""

    def listing(self, package: str, *, summary: bool) -> list[Record]:
        """The app's permissions as records (one summary record with `summary`)."""


@dataclass(frozen=True)
class Scope:
    """What templates and refs resolve against, innermost first: item, record, state,
    data, then the phone's values."""

    settings: Settings
    state: AppState
    """The app's UI variables (the running task's)."""
    data: AppState
    """The app's persistent variables and lists."""
    all_data: Mapping[str, AppState] = field(default_factory=dict)
    """Every app's data by package (lists read with `for_each.app`)."""
    record: Record = field(default_factory=dict)
    item: Record = field(default_factory=dict)
    phone: Mapping[str, str] = field(default_factory=dict)
    """The phone's own values, looked up last: `clock` (`10:42`), `today` (`Sun, Nov 22`)."""
    permissions: Mapping[str, str] = field(default_factory=dict)
    """The app's runtime permissions by name, as the system answers the app: `granted`,
    `denied`, `blocked` (see `store.AppStore.state`); read by `permission` conditions."""
    controller: PermissionController | None = None
    """Every app's permissions as Settings sees them: a `permission` ref that names a
    `package`, and `for_each.permissions` lists (None where nothing may read them)."""

    def with_item(self, item: Record) -> Scope:
        return replace(self, item=item)

    def with_record(self, record: Record) -> Scope:
        return replace(self, record=record)

    def lookup(self, name: str) -> str | None:
        for source in (self.item, self.record):
            if name in source:
                return source[name]
        for variables in (self.state, self.data):
            value = variables.get(name)
            if isinstance(value, str):
                return value
        return self.phone.get(name)

    def text(self, template: str) -> str:
        """The template filled in; an unknown name is left as `{name}` so mistakes show."""

        def fill(match: re.Match[str]) -> str:
            whole = match.group(0)
            if whole in ("{{", "}}"):
                return whole[0]
            value = self.lookup(match.group(1))
            if value is None:
                return whole
            width = match.group(2)
            if width and value.lstrip("-").isdigit():
                return value.zfill(int(width))
            return value

        return _PLACEHOLDER.sub(fill, template)

    def items(self, name: str, package: str | None = None) -> list[Record]:
        """A data list (of another app's data with `package`), else a state list."""
        source = self.all_data.get(package, {}) if package else self.data
        value = source.get(name)
        if value is None and package is None:
            value = self.state.get(name)
        return value if isinstance(value, list) else []

    def permission_records(self, package: str, *, summary: bool = False) -> list[Record]:
        """The runtime permissions an installed app asks for (`for_each.permissions`)."""
        if self.controller is None:
            return []
        return self.controller.listing(package, summary=summary)

    def find(self, name: str, record_id: str) -> Record | None:
        """The record of a data list with this id."""
        for record in self.items(name):
            if record.get("id") == record_id:
                return record
        return None


def read(ref: Ref, scope: Scope) -> str:
    """The value as a string; a missing value or a list variable reads as ""."""
    if ref.permission is not None:
        name = scope.text(ref.permission)
        if ref.package is None:
            return scope.permissions.get(name, "")
        if scope.controller is None:
            return ""
        return scope.controller.check(scope.text(ref.package), name)
    if ref.setting is not None:
        namespace, _, key = ref.setting.partition("/")
        return scope.settings.get(namespace, key) or ""
    if ref.data is not None and ref.id is not None and ref.field is not None:
        record = scope.find(ref.data, scope.text(ref.id))
        return record.get(ref.field, "") if record is not None else ""
    variables = scope.state if ref.state is not None else scope.data
    value = variables.get(ref.state or ref.data or "", "")
    return value if isinstance(value, str) else ""


def write(ref: Ref, value: str, scope: Scope) -> None:
    if ref.permission is not None:
        # an app's own answer is the user's: only another app's, named by `package`, is
        # written, as Settings grants and revokes (the schema allows no other)
        if ref.package is not None and scope.controller is not None:
            scope.controller.decide(scope.text(ref.package), scope.text(ref.permission), value)
        return
    if ref.setting is not None:
        namespace, _, key = ref.setting.partition("/")
        scope.settings.put(namespace, key, value)
    elif ref.data is not None and ref.id is not None and ref.field is not None:
        record = scope.find(ref.data, scope.text(ref.id))
        if record is not None:
            record[ref.field] = value
    elif ref.state is not None:
        scope.state[ref.state] = value
    else:
        scope.data[ref.data or ""] = value


def is_on(binding: Binding, scope: Scope) -> bool:
    return read(binding, scope) == binding.on


def toggle(binding: Binding, scope: Scope) -> None:
    write(binding, binding.off if is_on(binding, scope) else binding.on, scope)


def holds(condition: Condition | list[Condition] | None, scope: Scope) -> bool:
    """Whether a `visible_if` or `when` condition is met (no condition: always; a list:
    when every one is)."""
    if condition is None:
        return True
    if isinstance(condition, list):
        return all(holds(each, scope) for each in condition)
    value = read(condition, scope)
    if condition.matches is not None:
        return re.fullmatch(condition.matches, value) is not None
    if condition.equals is not None:
        return value == scope.text(condition.equals)
    return value != scope.text(condition.not_equals or "")
