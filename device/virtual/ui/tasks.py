"""Running apps: each task keeps its screen stack and its state variables.

Like Android, launching a running app shows the screen it was left on, and a
force-stop forgets the stack and state so the app starts again at its root. Each
page remembers its own scroll offset, focused field and open menu, and its own
record: like an activity's intent extras, the record id is fixed when the page
opens, and the state variables it was read from get their values back when the
page is uncovered, so a page above that opened another record does not change it.
"""

from __future__ import annotations

import copy
import re
import time
from dataclasses import dataclass, field

from device.virtual.ui.schema import AppSpec, Screen
from device.virtual.ui.values import AppState, Scope

_NAME = re.compile(r"\{(\w+)(?::0\d+)?\}")


@dataclass
class Page:
    """One screen on a task's back stack."""

    screen: str
    had_record: bool = False
    """The screen showed a record when it opened (it closes once that record is gone)."""
    scroll_px: int = 0
    focused: str | None = None
    """Node key of the focused text field (the keyboard shows)."""
    menu_open: bool = False
    opened_at: float = field(default_factory=time.monotonic)
    record_id: str | None = None
    """Id of the record the page shows, resolved from `Screen.record` when it opens."""
    restores: dict[str, str] = field(default_factory=dict)
    """The state variables the record id was read from, as they were then."""


@dataclass
class Task:
    """A running app."""

    app: AppSpec
    stack: list[Page]
    state: AppState = field(default_factory=dict)

    @classmethod
    def start(cls, app: AppSpec) -> Task:
        return cls(app=app, stack=[page(app, app.root)], state=copy.deepcopy(app.state))

    @property
    def top(self) -> Page:
        return self.stack[-1]

    def shown(self) -> list[Page]:
        """The pages on screen: the topmost full page and the dialogs over it."""
        for index in range(len(self.stack) - 1, -1, -1):
            if self.app.screens[self.stack[index].screen].kind != "dialog":
                return self.stack[index:]
        return self.stack[:]

    def open(self, new: Page, *, replace: bool = False) -> None:
        self.top.focused = None
        self.top.menu_open = False
        if replace:
            self.stack.pop()
        self.stack.append(new)

    def pop(self) -> bool:
        """Pop the top screen; False at the root (the caller leaves the app)."""
        if len(self.stack) == 1:
            return False
        self.stack.pop()
        self.uncovered()
        return True

    def uncovered(self) -> None:
        """The top page shows again: its record's id variables get back their values."""
        self.state.update(self.top.restores)

    def record_id(self, shown: Page, scope: Scope) -> str | None:
        """The id of the record a page shows (None for a page without one), resolved
        with the app's variables the first time it is asked for: when the page opens."""
        spec = self.app.screens[shown.screen].record
        if spec is None:
            return None
        if shown.record_id is None:
            shown.record_id = scope.text(spec.id)
            names = (match.group(1) for match in _NAME.finditer(spec.id))
            shown.restores = {
                name: value for name in names if isinstance(value := self.state.get(name), str)
            }
        return shown.record_id

    def reset(self) -> None:
        del self.stack[1:]
        root = self.stack[0]
        root.scroll_px, root.focused, root.menu_open = 0, None, False

    def activity(self) -> str:
        """Full class name of the activity showing the top screen (a dialog keeps the
        activity of the page below unless it names its own)."""
        shown = self.shown()
        named = [self.app.screens[p.screen].activity for p in shown]
        activity = next((name for name in reversed(named) if name), None)
        return self.app.activity_class(activity or self.app.activity)


def page(app: AppSpec, screen: str, *, had_record: bool = False) -> Page:
    """A freshly opened page, its `focus` field focused."""
    spec: Screen = app.screens[screen]
    focused = f"{app.package}/{screen}/{spec.focus}" if spec.focus else None
    return Page(screen=screen, had_record=had_record, focused=focused)


def resolve(app: AppSpec, activity: str | None) -> str | None:
    """The screen an activity name (short, full or pkg/.Act) opens; None if unknown."""
    if activity is None:
        return app.root
    wanted = app.activity_class(activity)
    if wanted == app.activity_class(app.activity):
        return app.root
    for name, screen in app.activities.items():
        if app.activity_class(name) == wanted:
            return screen
    return None
