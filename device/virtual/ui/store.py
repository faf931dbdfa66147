"""Each app's persistent data and runtime permission decisions, kept per phone.

Data outlives an app's task (a force-stop keeps it); `pm clear` puts back the
app's initial data (its seeded data when the phone has a seed) and forgets its
permission decision. A seed replaces the seeded lists of every app at once, since
lists of one app pick from another's (messages name contacts).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Literal

from device.virtual.seed import seeded_data
from device.virtual.ui.schema import AppSpec
from device.virtual.ui.values import AppState

Decision = Literal["granted", "denied"]


class AppStore:
    """The data of every installed app, and who was granted what."""

    def __init__(self, apps: list[AppSpec], seed: int | None = None) -> None:
        self._apps = {app.package: app for app in apps}
        self.seed = seed
        self._initial = self._initial_data()
        self.data: dict[str, AppState] = copy.deepcopy(self._initial)
        self._decisions: dict[str, Decision] = {}

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
        return self._decisions.get(package)

    def decide(self, package: str, decision: Decision | None) -> None:
        """Record (or, with None, forget) the user's answer for the app's permission."""
        if decision is None:
            self._decisions.pop(package, None)
        else:
            self._decisions[package] = decision

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
