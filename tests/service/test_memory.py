"""The app memory a phone gets: kept maps are read, a missing or unreadable one is explored,
and the planners of the service read what is kept under the data directory."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from device import AndroidDevice
from planning.appmap import AppMap, ScreenNode, load_memory, memory_path
from service.explore import app_version
from service.memory import remember
from service.planners import planner_for

_CALCULATOR = "com.google.android.calculator"


def _map(package: str, version: str, *, when: datetime) -> AppMap:
    start = ScreenNode(id="start", package=package)
    return AppMap(
        package=package,
        version=version,
        explored_at=when,
        budget_s=60,
        elapsed_s=1,
        complete=True,
        start="start",
        screens=(start,),
    )


def test_kept_maps_are_read_and_only_missing_or_broken_ones_explored(
    device: AndroidDevice, tmp_path: Path
) -> None:
    when = datetime(2026, 1, 2, tzinfo=UTC)
    packages = [app.package for app in device.launcher_apps()]
    for package in packages:
        if package != _CALCULATOR:
            version = app_version(device, package) or "unknown"
            _map(package, version, when=when).save(memory_path(tmp_path, package, version))
    heard: list[tuple[str, bool]] = []
    maps = remember(device, tmp_path, budget_s=30, on_app=lambda p, _, new: heard.append((p, new)))
    assert sorted(m.package for m in maps) == sorted(packages)
    assert [p for p, new in heard if new] == [_CALCULATOR]  # the one without a map
    explored = next(m for m in maps if m.package == _CALCULATOR)
    assert len(explored.screens) > 1
    path = memory_path(tmp_path, _CALCULATOR, explored.version)
    path.write_text("{not json", encoding="utf-8")
    heard.clear()
    remember(device, tmp_path, budget_s=30, on_app=lambda p, _, new: heard.append((p, new)))
    assert [p for p, new in heard if new] == [_CALCULATOR]  # unreadable: explored again


def test_the_newest_map_of_each_app_is_the_memory(tmp_path: Path) -> None:
    old = _map("com.example.notes", "1", when=datetime(2026, 1, 1, tzinfo=UTC))
    new = _map("com.example.notes", "2", when=datetime(2026, 2, 1, tzinfo=UTC))
    for app_map in (old, new):
        app_map.save(memory_path(tmp_path, app_map.package, app_map.version))
    broken = memory_path(tmp_path, "com.example.broken", "1")
    broken.parent.mkdir(parents=True)
    broken.write_text("[]", encoding="utf-8")
    assert [m.version for m in load_memory(tmp_path)] == ["2"]
    assert load_memory(tmp_path / "nowhere") == []


def test_the_services_planners_read_the_kept_memory(tmp_path: Path) -> None:
    app_map = _map(_CALCULATOR, "8.6", when=datetime(2026, 1, 1, tzinfo=UTC))
    app_map.save(memory_path(tmp_path, app_map.package, app_map.version))
    with planner_for("explorer", data_dir=tmp_path) as planner:
        assert [m.package for m in planner.recall.maps] == [_CALCULATOR]  # type: ignore[attr-defined]
    with planner_for("explorer") as planner:
        assert planner.recall.maps == ()  # type: ignore[attr-defined]
