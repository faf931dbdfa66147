"""Running apps: each task keeps its screen stack, its state variables and its focus.

Like Android, launching a running app shows the screen it was left on, and a
force-stop forgets the stack and state so the app starts again at its root.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from device.virtual.ui.schema import AppSpec
from device.virtual.ui.values import AppState


@dataclass
class Page:
    """One screen on a task's back stack and how far it is scrolled."""

    screen: str
    scroll_px: int = 0


@dataclass
class Task:
    """A running app."""

    app: AppSpec
    stack: list[Page]
    state: AppState = field(default_factory=dict)
    focused: str | None = None
    """Node key of the focused text field."""

    @classmethod
    def start(cls, app: AppSpec) -> Task:
        return cls(app=app, stack=[Page(app.root)], state=copy.deepcopy(app.state))

    @property
    def top(self) -> Page:
        return self.stack[-1]

    def open(self, screen: str) -> None:
        self.focused = None
        self.stack.append(Page(screen))

    def pop(self) -> bool:
        """Pop the top screen; False at the root (the caller leaves the app)."""
        self.focused = None
        if len(self.stack) == 1:
            return False
        self.stack.pop()
        return True

    def reset(self) -> None:
        self.focused = None
        del self.stack[1:]
        self.stack[0].scroll_px = 0

    def activity(self) -> str:
        """Full class name of the activity showing the top screen."""
        shown = self.app.screens[self.top.screen].activity or self.app.activity
        return self.app.activity_class(shown)


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
