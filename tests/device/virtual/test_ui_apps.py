"""Loading app definitions: the built-in apps, extra folders, and errors that name the field."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from device.virtual.settings import Settings
from device.virtual.ui.apps import load_apps
from device.virtual.ui.engine import UiEngine
from device.virtual.ui.errors import AppSpecError

NOTES: dict[str, Any] = {
    "package": "com.example.notes",
    "label": "Notes",
    "icon": {"name": "edit_note", "color": "#F9AB00"},
    "activity": ".MainActivity",
    "root": "list",
    "state": {"draft": ""},
    "screens": {
        "list": {
            "title": "Notes",
            "toolbar": "none",
            "widgets": [
                {"type": "header", "text": "Notes"},
                {
                    "type": "row",
                    "title": "New note",
                    "icon": "add",
                    "on_click": {"do": "open", "screen": "edit"},
                },
            ],
        },
        "edit": {
            "title": "New note",
            "widgets": [{"type": "text_field", "id": "draft", "hint": "Note"}],
            "footer": [{"type": "button", "text": "Save", "on_click": {"do": "back"}}],
        },
    },
}


def write_app(folder: Path, name: str, spec: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def test_builtin_apps_are_the_launcher_and_settings() -> None:
    packages = {app.package for app in load_apps([])}
    assert {"com.android.launcher3", "com.android.settings"} <= packages


def test_extra_app_loads_and_appears_on_the_launcher(tmp_path: Path) -> None:
    write_app(tmp_path, "notes.json", NOTES)
    engine = UiEngine(
        load_apps([tmp_path]), width_px=1080, height_px=2400, density_dpi=420, settings=Settings()
    )
    icons = [
        node.text
        for node in engine.windows()[0].walk()
        if node.resource_id == "com.android.launcher3:id/icon"
    ]
    assert "Notes" in icons and "Settings" in icons
    assert icons == sorted(icons, key=str.lower)
    assert any(
        app.package == "com.example.notes" and app.activity == "com.example.notes.MainActivity"
        for app in engine.apps()
    )


def test_later_app_with_the_same_package_replaces_the_earlier(tmp_path: Path) -> None:
    write_app(tmp_path / "a", "notes.json", NOTES)
    write_app(tmp_path / "b", "notes.json", {**NOTES, "label": "Notes 2"})
    apps = load_apps([tmp_path / "a", tmp_path / "b"])
    assert [app.label for app in apps if app.package == "com.example.notes"] == ["Notes 2"]


def test_unknown_widget_type_names_file_field_and_choices(tmp_path: Path) -> None:
    spec = json.loads(json.dumps(NOTES))
    spec["screens"]["list"]["widgets"][1]["type"] = "swich"
    write_app(tmp_path, "notes.json", spec)
    with pytest.raises(AppSpecError) as info:
        load_apps([tmp_path])
    message = str(info.value)
    assert message.startswith(
        "notes.json: screens.list.widgets[1].type: unknown widget type "
        "'swich' (expected one of header, text"
    )
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda s: s["screens"]["list"]["widgets"][1].pop("title"),
            "notes.json: screens.list.widgets[1].title: Field required",
        ),
        (
            lambda s: s["screens"]["list"]["widgets"][1].update(on_click={"do": "jump"}),
            "notes.json: screens.list.widgets[1].on_click[0].do: unknown action 'jump'",
        ),
        (
            lambda s: s["screens"]["list"]["widgets"][1].update(
                on_click={"do": "open", "screen": "nowhere"}
            ),
            "notes.json: screens.list.widgets[1].on_click[0]: unknown screen 'nowhere'",
        ),
        (
            lambda s: s["screens"]["edit"]["widgets"][0].update(
                visible_if={"setting": "nope/wifi_on", "equals": "1"}
            ),
            "notes.json: screens.edit.widgets[0].visible_if.setting: Value error, setting "
            "'nope/wifi_on' must be 'namespace/key'",
        ),
        (
            lambda s: s.update(root="missing"),
            "notes.json: (top level): Value error, root: unknown screen 'missing'",
        ),
    ],
)
def test_malformed_field_gives_its_path(tmp_path: Path, change: Any, expected: str) -> None:
    spec = json.loads(json.dumps(NOTES))
    change(spec)
    write_app(tmp_path, "notes.json", spec)
    with pytest.raises(AppSpecError, match="^" + re.escape(expected)):
        load_apps([tmp_path])


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"package": "x",\n  oops}', encoding="utf-8")
    with pytest.raises(AppSpecError, match=r"^broken\.json: invalid JSON at line 2 column 3"):
        load_apps([tmp_path])
