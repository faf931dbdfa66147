"""The app memory of a phone: a map of each of its apps, explored once and kept.

Planners read the maps (`planning.explorer.recall`) so that no goal re-learns an app.
`remember` loads the kept map of every launcher app of the phone, for the version the
phone has, and explores the apps that have none yet (a new app, or a new version).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from device import AndroidDevice
from planning.appmap import AppMap, memory_path
from planning.errors import PlannerInputError
from service.explore import app_version, explore_and_keep

__all__ = ["remember"]

logger = logging.getLogger(__name__)


def remember(
    device: AndroidDevice,
    data_dir: Path,
    *,
    budget_s: float = 120.0,
    on_app: Callable[[str, AppMap, bool], None] | None = None,
) -> list[AppMap]:
    """The map of every launcher app of the phone, exploring those not kept yet under
    `data_dir`; `on_app(package, map, explored)` hears of each as it is ready. A kept map
    that no longer reads is explored again."""
    maps = []
    for app in device.launcher_apps():
        version = app_version(device, app.package) or "unknown"
        path = memory_path(data_dir, app.package, version)
        app_map: AppMap | None = None
        if path.exists():
            try:
                app_map = AppMap.load(path)
            except PlannerInputError as exc:
                logger.warning("%s; exploring %s again", exc, app.package)
        explored = app_map is None
        if app_map is None:
            app_map = explore_and_keep(device, app.package, data_dir, budget_s=budget_s).app_map
        maps.append(app_map)
        if on_app is not None:
            on_app(app.package, app_map, explored)
    return maps
