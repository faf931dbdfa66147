"""Which app is in front and what each app's task holds, without pixels.

`Navigator` keeps the running tasks (screen stacks and UI state), the apps' data
and permission answers (`AppStore`) and the last toast, and does what Home, Back,
Overview, `am start` and `am force-stop` do. `UiEngine` adds the screen on top:
frames, touch and keys.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from device.virtual.settings import Settings
from device.virtual.ui import edits, values
from device.virtual.ui.apps import AppInfo, app_info
from device.virtual.ui.clock import phone_values
from device.virtual.ui.errors import UiError
from device.virtual.ui.frame import Toast
from device.virtual.ui.overlays import GRANT_ACTIVITY, PERMISSION_CONTROLLER
from device.virtual.ui.permissions import Permissions
from device.virtual.ui.schema import AppSpec, PermissionSpec, ToastAction
from device.virtual.ui.store import AppStore, Decision
from device.virtual.ui.system import SYSTEMUI
from device.virtual.ui.tasks import Page, Task, page, resolve
from device.virtual.ui.values import Scope

TOAST_S = 2.0
"""How long a toast shows (Toast.LENGTH_SHORT)."""


class Navigator:
    """The apps, their tasks and data, and which one is in front."""

    def __init__(
        self,
        apps: list[AppSpec],
        settings: Settings,
        seed: int | None = None,
        *,
        now: Callable[[], float] = time.time,
    ) -> None:
        homes = [app for app in apps if app.role == "home"]
        if not homes:
            raise UiError("no app with role 'home': the phone needs a launcher")
        self._apps = {app.package: app for app in apps}
        self._home = homes[-1].package
        self._settings = settings
        self._now = now
        """The phone's clock (seconds since the epoch): the status bar's and `{clock}`."""
        self.store = AppStore(apps, seed)
        """Each app's persistent data and permission decision; they outlive its task."""
        self._controller = Permissions(self._apps, self.store, self.set_permission)
        """Every app's permissions as Settings reads and changes them."""
        self._tasks: dict[str, Task] = {self._home: Task.start(homes[-1])}
        self._recency: list[str] = []
        """Running apps other than the launcher, least recent first."""
        self._front = self._home
        self._toast: Toast | None = None
        self._last_toast: str | None = None
        self._version = 0
        """Bumped on every change (part of the frame's key)."""

    # -- apps --------------------------------------------------------------------------

    def apps(self) -> list[AppInfo]:
        return [app_info(app) for app in self._apps.values()]

    def app(self, package: str) -> AppSpec | None:
        return self._apps.get(package)

    def launch(self, package: str, activity: str | None = None) -> bool:
        app = self._apps.get(package)
        screen = resolve(app, activity) if app is not None else None
        if app is None or screen is None:
            return False
        task = self._tasks.get(package)
        if task is None:
            task = self._tasks[package] = Task.start(app)
        if package == self._home and activity is None:
            task.reset()
        elif screen != app.root and task.top.screen != screen:
            task.open(page(app, screen))
        self._bring_to_front(package)
        return True

    def stop(self, package: str) -> None:
        if package == self._home:
            self._tasks[package].reset()
        elif self._tasks.pop(package, None) is not None:
            self._recency.remove(package)
        if package == self._front or self._front not in self._tasks:
            self._go_home()
        self._changed()

    def clear(self, package: str) -> None:
        """`pm clear`: initial data back, permission decision forgotten, app stopped."""
        self.store.reset(package)
        self.store.decide(package, None)
        self.stop(package)

    def set_permission(self, package: str, name: str, decision: Decision) -> bool:
        """`pm grant` / `pm revoke`; False when the app does not ask for that permission."""
        app = self._apps.get(package)
        if app is None or app.permission is None or app.permission.name != name:
            return False
        self.store.decide(package, decision)
        self._changed()
        return True

    def foreground(self) -> tuple[str, str]:
        if self._asking() is not None:
            return PERMISSION_CONTROLLER, GRANT_ACTIVITY
        return self._front, self._task.activity()

    def running(self) -> list[str]:
        return [self._home, SYSTEMUI, *self._recency]

    # -- data, toasts ------------------------------------------------------------------

    def reset_data(self, package: str | None = None) -> None:
        self.store.reset(package)
        self._data_changed()

    def reseed(self, seed: int | None) -> None:
        self.store.reseed(seed)
        self._data_changed()

    def load_data(self, package: str, data: Mapping[str, Any]) -> None:
        self.store.load(package, data)
        self._data_changed()

    def show_toast(self, text: str, *, duration_s: float = TOAST_S) -> None:
        self._toast = Toast(text, self._front, time.monotonic() + duration_s)
        self._last_toast = text
        self._changed()

    def last_toast(self) -> str | None:
        return self._last_toast

    def clear_toast(self) -> None:
        self._last_toast = None

    @property
    def _task(self) -> Task:
        return self._tasks[self._front]

    def _scope(self, shown: Page | None = None) -> Scope:
        """The values a page of the front app sees (the top page by default)."""
        return self._page_scope(self._task, shown or self._task.top)

    def _changed(self) -> None:
        self._version += 1

    def _data_changed(self) -> None:
        """Close pages whose record is gone (deleted), then redraw."""
        for task in self._tasks.values():
            kept = [
                shown
                for shown in task.stack[1:]
                if not shown.had_record or self._page_scope(task, shown).record
            ]
            if len(kept) < len(task.stack) - 1:
                task.stack[1:] = kept
                task.uncovered()
        self._changed()

    def _asking(self) -> PermissionSpec | None:
        """The front app's permission while its grant dialog shows (on its first launch,
        and again when the app asks again; see `store`)."""
        permission = self._task.app.permission
        if permission is None or not self.store.asking(self._front):
            return None
        return permission

    def _answer(self, decision: Decision, *, tapped: bool = True) -> None:
        self.store.answer(self._front, decision, tapped=tapped)
        self._changed()

    def _request_permission(self) -> None:
        """The front app asks for its permission again: the dialog shows if Android
        would show it (see `store.AppStore.request`)."""
        if self._task.app.permission is not None and self.store.request(self._front):
            self._changed()

    def _bring_to_front(self, package: str) -> None:
        if package != self._home:
            if package in self._recency:
                self._recency.remove(package)
            self._recency.append(package)
        if package != self._front:
            leaving = self._tasks.get(self._front)
            if leaving is not None:
                leaving.top.focused = None
                leaving.top.menu_open = False
            self._front = package
        self._changed()

    def _go_home(self) -> None:
        self._tasks[self._home].reset()
        self._bring_to_front(self._home)

    def _overview(self) -> None:
        """Recents: the launcher's overview screen, if the launcher defines one."""
        home = self._tasks[self._home]
        self._go_home()
        if "overview" in home.app.screens:
            home.open(page(home.app, "overview"))

    def _back(self, *, key: bool) -> None:
        """The Back key first closes a menu or hides the keyboard; an app's own `back`
        action (a dialog's Save) closes its page at once."""
        task = self._task
        top = task.top
        if self._asking() is not None:  # dismissed: refused, but no "Don't allow" tap
            self._answer("denied", tapped=False)
        elif key and top.menu_open:
            top.menu_open = False
        elif key and top.focused is not None:
            top.focused = None
        else:
            self._on_back(top)
            closed = task.top is not top  # its on_back removed its record
            if not closed and not task.pop() and self._front != self._home:
                self._go_home()
        self._changed()

    def _on_back(self, leaving: Page) -> None:
        """Run the `on_back` actions of the page that back is closing (Keep saves)."""
        for action in self._task.app.screens[leaving.screen].on_back:
            scope = self._scope(leaving)
            if not values.holds(action.when, scope):
                continue
            if isinstance(action, ToastAction):
                self.show_toast(scope.text(action.text))
            elif isinstance(action, edits.EDITS):
                edits.apply(action, scope)
                self._data_changed()

    def _page_scope(self, task: Task, shown: Page) -> Scope:
        """A page's values: its own record (see `Task.record_id`) and the phone's clock."""
        scope = Scope(
            settings=self._settings,
            state=task.state,
            data=self.store.data[task.app.package],
            all_data=self.store.data,
            phone=phone_values(self._now()),
            permissions=self._permissions(task.app),
            controller=self._controller,
        )
        spec = task.app.screens[shown.screen].record
        record_id = task.record_id(shown, scope)
        record = scope.find(spec.list, record_id) if spec and record_id is not None else None
        return scope.with_record(record) if record is not None else scope

    def _permissions(self, app: AppSpec) -> dict[str, str]:
        """What the system answers the app about its runtime permission."""
        if app.permission is None:
            return {}
        return {app.permission.name: self.store.state(app.package)}

    def _page_of(self, key: str) -> Page:
        """The shown page a node key belongs to (the top page when none claims it)."""
        task = self._task
        for shown in reversed(task.shown()):
            if key.startswith(f"{task.app.package}/{shown.screen}/"):
                return shown
        return task.top
