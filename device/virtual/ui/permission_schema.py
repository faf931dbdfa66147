"""Schema of the permission list a `for_each` can show: the runtime permissions
another installed app asks for, as Settings lists them (see `permissions.py`).

Only the system's Settings may list and change other apps' permissions on Android,
but the engine lets any app's screens do it, so that a Settings-like app is plain
JSON like every other; an app reads its own permission with a `permission` condition.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class PermissionList(BaseModel):
    """`{"package": "{package}"}`: one record per runtime permission that app asks for
    (`name`, `label` and `icon` of its group, `state`: `granted` or `denied`,
    `allowed`: "1" or "0"), as Settings > Apps > App permissions lists them; with
    `summary`, one record for the app instead, whose `summary` is App info's line
    ("Notifications", "No permissions allowed", "No permissions requested")."""

    model_config = ConfigDict(extra="forbid", frozen=True)  # as schema.Spec

    package: str
    """Template of the app's package name (Settings' record field: "{package}")."""
    summary: bool = False
