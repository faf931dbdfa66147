"""Every app's runtime permissions as Settings sees and changes them.

On Android, Settings (with the permission controller it opens) holds
GRANT_RUNTIME_PERMISSIONS and REVOKE_RUNTIME_PERMISSIONS: it lists what each app asks
for, reads the answer as `PackageManager.checkPermission` gives it to another app
(granted or denied: whether the app may still ask, or was blocked, is the app's own
business), and allowing or refusing there is what `pm grant` / `pm revoke` do, so the
app, `dumpsys package` and the shell see the same answer. An app reads its own
permission through `Scope.permissions` instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from device.virtual.ui.permission_groups import group_of, list_phrase
from device.virtual.ui.schema import AppSpec, PermissionSpec
from device.virtual.ui.store import AppStore, Decision
from device.virtual.ui.values import Record

NONE_REQUESTED = "No permissions requested"
NONE_ALLOWED = "No permissions allowed"
"""App info's summaries (Settings' runtime_permissions_summary_* strings)."""


class Permissions:
    """The `values.PermissionController` of a phone: reads from the app store, writes
    through the phone's `pm grant|revoke`, which validates and redraws."""

    def __init__(
        self,
        apps: Mapping[str, AppSpec],
        store: AppStore,
        decide: Callable[[str, str, Decision], bool],
    ) -> None:
        self._apps = apps
        self._store = store
        self._decide = decide

    def check(self, package: str, name: str) -> str:
        """`granted` or `denied` (never answered and blocked read as denied, as
        `checkPermission` says); "" when the app does not ask for the permission."""
        if name not in {spec.name for spec in self._requested(package)}:
            return ""
        return "granted" if self._store.decision(package) == "granted" else "denied"

    def decide(self, package: str, name: str, decision: str) -> bool:
        """Allow or refuse, as `pm grant` (which unblocks) / `pm revoke` do; False for
        another value, or a permission the app does not ask for."""
        if decision == "granted":
            return self._decide(package, name, "granted")
        if decision == "denied":
            return self._decide(package, name, "denied")
        return False

    def listing(self, package: str, *, summary: bool) -> list[Record]:
        """One record per permission the app asks for: `id` and `name` (the permission),
        `label` and `icon` (its group, see `permission_groups`), `state` (as `check`),
        `allowed` ("1" or "0") and `package`. With `summary`, one record instead: the
        app's `package`, `allowed` (the allowed labels in one line) and `summary`, App
        info's line ("Notifications", "No permissions allowed", ...)."""
        records = [self._record(package, spec) for spec in self._requested(package)]
        if not summary:
            return records
        allowed = list_phrase(sorted(r["label"] for r in records if r["allowed"] == "1"))
        line = allowed or (NONE_ALLOWED if records else NONE_REQUESTED)
        return [{"id": package, "package": package, "allowed": allowed, "summary": line}]

    def _record(self, package: str, spec: PermissionSpec) -> Record:
        group = group_of(spec.name, icon=spec.icon)
        state = self.check(package, spec.name)
        return {
            "id": spec.name,
            "name": spec.name,
            "label": group.label,
            "icon": group.icon,
            "state": state,
            "allowed": "1" if state == "granted" else "0",
            "package": package,
        }

    def _requested(self, package: str) -> list[PermissionSpec]:
        """The runtime permissions the app declares (none for an app not installed)."""
        app = self._apps.get(package)
        return [app.permission] if app is not None and app.permission is not None else []
