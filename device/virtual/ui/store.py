"""Each app's persistent data and runtime permission decisions, kept per phone.

Data outlives an app's task (a force-stop keeps it); `pm clear` puts back the
app's initial data (its seeded data when the phone has a seed) and forgets its
permission decision. A seed replaces the seeded lists of every app at once, since
lists of one app pick from another's (messages name contacts).

A permission decision follows Android's permission controller: the app asks, the user
allows or refuses in the system dialog, and the app may ask again. From Android 11 a
second "Don't allow" for the same permission means "don't ask again": the system marks
the permission USER_FIXED, a request is refused without a dialog, and only Settings (or
`pm grant`) can allow it. Dismissing the dialog with Back refuses this one request but
is no "Don't allow" tap, so it does not count toward that.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from device.virtual.seed import seeded_data
from device.virtual.ui.schema import AppSpec
from device.virtual.ui.values import AppState

Decision = Literal["granted", "denied"]

PermissionState = Literal["granted", "denied", "blocked", ""]
"""What an app can learn of one of its permissions (see `AppStore.state`)."""

FIXED_AFTER_DENIALS = 2
""""Don't allow" taps after which Android 11+ stops showing the dialog (USER_FIXED)."""


@dataclass
class Grant:
    """One app's answer for its runtime permission."""

    decision: Decision | None = None
    """None until the user (or `pm grant|revoke`) answered."""
    denials: int = 0
    """"Don't allow" taps in the dialog since the app was installed or cleared."""
    asking: bool = False
    """The app asked again and the dialog shows."""

    @property
    def fixed(self) -> bool:
        return self.decision == "denied" and self.denials >= FIXED_AFTER_DENIALS


class AppStore:
    """The data of every installed app, and who was granted what."""

    def __init__(self, apps: list[AppSpec], seed: int | None = None) -> None:
        self._apps = {app.package: app for app in apps}
        self.seed = seed
        self._initial = self._initial_data()
        self.data: dict[str, AppState] = copy.deepcopy(self._initial)
        self._grants: dict[str, Grant] = {}

    def reset(self, package: str | None = None) -> None:
        """Put back the initial data of one app (every app without a package)."""
        for name in [package] if package else list(self._apps):
            current = self.data[name]
            current.clear()
            current.update(copy.deepcopy(self._initial[name]))

    def reseed(self, seed: int | None) -> None:
        """Generate every app's seeded lists for another seed and start from them."""
        self.seed = seed
        self._initial = self._initial_data()
        self.reset()

    def load(self, package: str, values: Mapping[str, Any]) -> None:
        """Merge top-level keys into an app's data; each value must be a string or a
        list of records (objects of strings). Raises ValueError naming the bad key."""
        checked: AppState = {}
        for key, value in values.items():
            if isinstance(value, str):
                checked[key] = value
            elif isinstance(value, list) and all(
                isinstance(item, dict) and all(isinstance(v, str) for v in item.values())
                for item in value
            ):
                checked[key] = [dict(item) for item in value]
            else:
                raise ValueError(
                    f"{key}: expected a string or a list of objects of strings, "
                    f"got {type(value).__name__}"
                )
        self.data[package].update(checked)

    # -- permissions --------------------------------------------------------------------

    def decision(self, package: str) -> Decision | None:
        return self._grant(package).decision

    def state(self, package: str) -> PermissionState:
        """What `checkSelfPermission` and `shouldShowRequestPermissionRationale` tell the
        app: `granted`; `denied` (it may ask again); `blocked` (refused twice: Android
        no longer shows the dialog); "" (never answered)."""
        grant = self._grant(package)
        if grant.decision is None:
            return ""
        return "blocked" if grant.fixed else grant.decision

    def fixed(self, package: str) -> bool:
        """Whether the user refused twice (the USER_FIXED flag of `dumpsys package`)."""
        return self._grant(package).fixed

    def asking(self, package: str) -> bool:
        """Whether the app's permission dialog shows: never answered, or asked again."""
        grant = self._grant(package)
        return grant.decision is None or grant.asking

    def decide(self, package: str, decision: Decision | None) -> None:
        """`pm grant` / `pm revoke` (with None, `pm clear`: forget everything). Granting
        clears the refusals, as allowing it in Settings does; revoking keeps them."""
        if decision is None:
            self._grants.pop(package, None)
            return
        grant = self._grant(package)
        grant.decision, grant.asking = decision, False
        if decision == "granted":
            grant.denials = 0

    def answer(self, package: str, decision: Decision, *, tapped: bool = True) -> None:
        """The user's answer in the dialog; `tapped=False` for Back, which refuses this
        request without counting as a "Don't allow"."""
        grant = self._grant(package)
        grant.decision, grant.asking = decision, False
        if decision == "denied" and tapped:
            grant.denials += 1
        elif decision == "granted":
            grant.denials = 0

    def request(self, package: str) -> bool:
        """The app asks again (`requestPermissions`); whether the dialog shows. It does
        not when the permission is granted or the user refused it twice."""
        grant = self._grant(package)
        if grant.decision == "granted" or grant.fixed:
            return False
        grant.asking = True
        return True

    def _grant(self, package: str) -> Grant:
        return self._grants.setdefault(package, Grant())

    def report(self, package: str) -> dict[str, Any]:
        """The app's data, and its permission's state when it asks for one."""
        out: dict[str, Any] = copy.deepcopy(self.data[package])
        permission = self._apps[package].permission
        if permission is not None:
            out["permissions"] = {permission.name: self.decision(package) or "not asked"}
        return out

    def _initial_data(self) -> dict[str, AppState]:
        apps = list(self._apps.values())
        if self.seed is None:
            return {app.package: copy.deepcopy(app.data) for app in apps}
        return seeded_data(apps, self.seed)
