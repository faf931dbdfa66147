"""Exploring apps on a virtual phone through the real adb server: the map finds the pages,
its paths lead back to them, nothing destructive is tapped, and the CLI keeps the map."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import aci
from device import AdbServer, AndroidDevice
from grounding.perceive import perceive
from lexicon.dialogs import changes_data, is_destructive
from planning.appmap import AppMap, fingerprint
from service import cli
from service.config import get_settings
from service.explore import ExploreError, explore_app
from service.runner import Runner

SETTINGS = "com.android.settings"
CONTACTS = "com.google.android.contacts"
NOTES = "com.google.android.keep"
APPS = {
    "Settings": SETTINGS,
    "Contacts": CONTACTS,
    "Clock": "com.google.android.deskclock",
    "Calculator": "com.google.android.calculator",
    "Keep Notes": NOTES,
    "Messages": "com.google.android.apps.messaging",
    "Photos": "com.google.android.apps.photos",
}


def _state(device: AndroidDevice, package: str) -> str:
    return device.adb().shell(["vphone", "state", package])


def _screen(device: AndroidDevice) -> aci.Screen:
    return perceive(device.observe(), ["hierarchy"])


def _tapped(app_map: AppMap) -> list[str]:
    return [edge.action.removeprefix("tap ").strip('"') for edge in app_map.edges]


def test_exploring_settings_maps_its_pages_and_their_paths(device: AndroidDevice) -> None:
    found: list[str] = []
    started = time.monotonic()
    app_map = explore_app(
        device, SETTINGS, budget_s=8, version="15", on_screen=lambda node: found.append(node.id)
    )
    assert time.monotonic() - started < 8 + 6, "the budget is kept (a step may finish)"
    assert not app_map.complete  # Settings takes longer than that: stopped, kept what it had
    assert found == [screen.id for screen in app_map.screens]
    assert len(app_map.screens) >= 5
    main = app_map.screen(app_map.start)
    assert main.title == "Settings"
    network = next(s for s in app_map.screens if s.title == "Network & internet")
    assert app_map.path_to(network.id) == ['tap "Network & internet"']
    assert any(label.text == "Internet" for label in network.labels)
    airplane = next(label for label in network.labels if label.text == "Airplane mode")
    assert (airplane.role, airplane.checked) == ("switch", False)
    assert device.adb().current_app()[0] != SETTINGS, "the app is left stopped"

    # the path, run through the runner from a fresh start, reaches the page again
    deepest = max(app_map.screens, key=lambda s: len(app_map.path_to(s.id)))
    for target in (network, deepest):
        device.stop_app(SETTINGS)
        runner = Runner(device)
        runner.perform(aci.OpenApp(app=SETTINGS))
        for step in app_map.path_to(target.id):
            runner.perform(aci.parse_action(step))
        assert fingerprint(_screen(device)) == target.id, app_map.path_to(target.id)


@pytest.mark.parametrize("package", [CONTACTS, NOTES])
def test_exploring_changes_nothing_in_the_app(device: AndroidDevice, package: str) -> None:
    before = _state(device, package)
    app_map = explore_app(device, package, budget_s=7)
    assert _state(device, package) == before
    assert len(app_map.screens) >= 3
    tapped = _tapped(app_map)
    assert tapped and not [t for t in tapped if is_destructive(t) or changes_data(t)]


def test_destructive_labels_are_told_apart_from_page_names() -> None:
    for label in ("Delete contact", "Sign out", "Send feedback", "Video call", "Clear all"):
        assert is_destructive(label), label
    for label in ("Calls", "Deleted items", "Display", "Network & internet", "Sort order"):
        assert not is_destructive(label), label
    assert changes_data("Add to favorites") and changes_data("Mark all as read")
    assert not changes_data("Favorites")


def test_an_app_that_does_not_open_is_an_error(device: AndroidDevice) -> None:
    with pytest.raises(ExploreError, match=r"com.example.absent (cannot be started|did not)"):
        explore_app(device, "com.example.absent", budget_s=5)


def _explore_cli(adb_server: AdbServer, *argv: str) -> int:
    return cli.main(["explore", "--adb-port", str(adb_server.port), *argv])


def test_the_cli_keeps_the_map_in_the_data_dir(
    adb_server: AdbServer,
    serial: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DROIDPILOT_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        argv = ["--device", serial, "--budget-s", "4", "--max-screens", "3", "--json", "Settings"]
        assert _explore_cli(adb_server, *argv) == 0
    finally:
        get_settings.cache_clear()
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    path = tmp_path / "memory" / SETTINGS / "15.json"
    assert summary["path"] == str(path) and summary["version"] == "15"
    app_map = AppMap.load(path)
    assert summary["screens"] == len(app_map.screens) == 3 and not summary["complete"]
    assert "page: Settings" in captured.err  # one progress line a screen


def test_the_cli_says_in_one_line_which_app_is_unknown(
    adb_server: AdbServer, serial: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _explore_cli(adb_server, "--device", serial, "Teleporter") == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("droidpilot explore: no app called 'Teleporter'") and "\n" not in err


@pytest.mark.slow
def test_every_app_is_explored_within_the_default_budget(
    device: AndroidDevice, capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> None:
    """The measure of the whole phone (about two minutes): run with -m slow."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("slow: select with -m slow")
    figures = {}
    for name, package in APPS.items():
        before = _state(device, package)
        app_map = explore_app(device, package)
        figures[name] = {
            "screens": len(app_map.screens),
            "edges": len(app_map.edges),
            "seconds": app_map.elapsed_s,
            "complete": app_map.complete,
            "state_unchanged": _state(device, package) == before,
        }
        assert app_map.elapsed_s < 120 + 10
        assert len(app_map.screens) >= 3, name
    with capsys.disabled():
        print(json.dumps(figures, indent=1))
    for name in ("Settings", "Contacts", "Keep Notes", "Messages", "Photos"):
        assert figures[name]["state_unchanged"], name
