"""Loading app definitions (JSON files) into `AppSpec`s, with errors that name the field.

The built-in apps ship in `device/virtual/apps/`; extra folders come after them and
an app there replaces a built-in one with the same package.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from device.virtual import seed
from device.virtual.ui.errors import AppSpecError
from device.virtual.ui.schema import (
    ACTION_NAMES,
    WIDGET_TYPES,
    Action,
    AppSpec,
    ForEachWidget,
    GridWidget,
    OpenAction,
)

BUILTIN_APPS = Path(__file__).resolve().parent.parent / "apps"


@dataclass(frozen=True)
class AppInfo:
    """What the package manager knows about an installed app."""

    package: str
    label: str
    activity: str
    """Full class name of the launch activity."""
    version_name: str
    version_code: int


def app_info(spec: AppSpec) -> AppInfo:
    return AppInfo(
        package=spec.package,
        label=spec.label,
        activity=spec.activity_class(spec.activity),
        version_name=spec.version_name,
        version_code=spec.version_code,
    )


def load_apps(extra_dirs: Sequence[Path]) -> list[AppSpec]:
    """Every built-in app, then those in extra_dirs; a later package replaces an earlier."""
    apps: dict[str, AppSpec] = {}
    for folder in (BUILTIN_APPS, *extra_dirs):
        for path in sorted(Path(folder).glob("*.json")):
            spec = load_app(path)
            apps[spec.package] = spec
    return list(apps.values())


def load_app(path: Path) -> AppSpec:
    """Parse and check one app definition file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise AppSpecError(
            f"{path.name}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc
    try:
        spec = AppSpec.model_validate(raw)
    except ValidationError as exc:
        raise AppSpecError(f"{path.name}: {_describe(exc, raw)}") from exc
    problem = _dangling_screen(spec)
    if problem:
        raise AppSpecError(f"{path.name}: {problem}")
    try:
        seed.check(spec)
    except AppSpecError as exc:
        raise AppSpecError(f"{path.name}: {exc}") from exc
    return spec


def _describe(exc: ValidationError, raw: Any) -> str:
    errors = exc.errors()
    first = errors[0]
    location = _path(first["loc"], raw)
    kind = first["type"]
    if kind == "union_tag_invalid":
        tag = first["ctx"]["tag"]
        names: tuple[str, ...] = WIDGET_TYPES
        what, field = "widget type", "type"
        if first["ctx"]["discriminator"] == "'do'":
            what, field, names = "action", "do", ACTION_NAMES
        message = f"{location}.{field}: unknown {what} {tag!r} (expected one of {', '.join(names)})"
    elif kind == "union_tag_not_found":
        message = f"{location}: missing {first['ctx']['discriminator']}"
    else:
        message = f"{location or '(top level)'}: {first['msg']}"
        if "input" in first and kind not in ("missing", "model_type"):
            message += f" (got {first['input']!r})"
    more = len(errors) - 1
    return message + (f" (and {more} more error{'s' if more > 1 else ''})" if more else "")


def _path(loc: tuple[int | str, ...], raw: Any) -> str:
    """Field path like `screens.wifi.widgets[3].title`, without pydantic's union tags."""
    out = ""
    node = raw
    previous_was_index = False
    for position, part in enumerate(loc):
        # a union member's tag (`one`/`all` of `visible_if`) is not a field written
        union_tag = (
            isinstance(part, str)
            and position < len(loc) - 1
            and (isinstance(node, list) or (isinstance(node, dict) and part not in node))
        )
        is_tag = union_tag or (
            previous_was_index
            and isinstance(node, dict)
            and part in (node.get("type"), node.get("do"))
        )
        if is_tag:
            previous_was_index = False
            continue
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
        previous_was_index = isinstance(part, int)
    return out


def _dangling_screen(spec: AppSpec) -> str | None:
    """The first `open` action or navigation item that names a screen this app does not
    have. A templated name (`"{screen}"`) is checked when it runs (an unknown one is
    ignored then)."""
    screens = ", ".join(sorted(spec.screens))
    for where, target in _targets(spec):
        if "{" not in target and target not in spec.screens:
            return f"{where}: unknown screen {target!r} (screens are {screens})"
    return None


def _targets(spec: AppSpec) -> Iterator[tuple[str, str]]:
    """(field path, screen name) of every screen an app's actions and items open."""
    for name, screen in spec.screens.items():
        at = f"screens.{name}"
        sources: list[tuple[str, Any]] = [
            *(
                (f"{at}.{section}[{i}]", w)
                for section in ("widgets", "footer")
                for i, w in enumerate(getattr(screen, section))
            ),
            *((f"{at}.actions[{i}]", item) for i, item in enumerate(screen.actions)),
            *((f"{at}.menu[{i}]", item) for i, item in enumerate(screen.menu)),
        ]
        if screen.fab is not None:
            sources.append((f"{at}.fab", screen.fab))
        for prefix, source in sources:
            for where, action in _actions(source):
                if isinstance(action, OpenAction):
                    yield f"{prefix}{where}", action.screen
        for index, item in enumerate(screen.bottom_nav):
            yield f"{at}.bottom_nav[{index}].screen", item.screen


def _actions(widget: Any) -> Iterator[tuple[str, Action]]:
    """Every action of a widget, toolbar action, menu item or FAB, with its path."""
    if isinstance(widget, ForEachWidget):
        for where, action in _actions(widget.row):
            yield f".row{where}", action
        return
    if isinstance(widget, GridWidget):
        cells = [(f".cells[{i}]", cell) for i, cell in enumerate(widget.cells)]
        if widget.cell is not None:
            cells.append((".cell", widget.cell))
        for prefix, cell in cells:
            for where, action in _actions(cell):
                yield prefix + where, action
    for field in ("on_click", "on_long_click", "on_submit", "on_trailing_click"):
        for index, action in enumerate(getattr(widget, field, [])):
            yield f".{field}[{index}]", action
