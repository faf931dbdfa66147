"""Reading task files: JSON validated against `model.TaskFile`, ids unique across files.

Errors name the file, the task and the field (`contacts.json: tasks.2 (add_contact).check:
...`), so a bad task file says where to look.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from service.suite.errors import TaskFileError
from service.suite.model import Task, TaskFile

TASKS_DIR = Path(__file__).parent / "tasks"
"""The built-in tasks."""


def load_tasks(paths: Iterable[Path] | None = None) -> list[Task]:
    """Tasks of the given files or folders (default: the built-in ones), sorted by id."""
    files: list[Path] = []
    for path in [TASKS_DIR] if paths is None else paths:
        files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    tasks: dict[str, tuple[Task, Path]] = {}
    for file in files:
        for task in load_file(file):
            if task.id in tasks:
                raise TaskFileError(
                    f"{file.name}: task id {task.id!r} is also in {tasks[task.id][1].name}"
                )
            tasks[task.id] = (task, file)
    return [task for task, _ in sorted(tasks.values(), key=lambda pair: pair[0].id)]


def load_file(path: Path) -> list[Task]:
    """The tasks of one file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TaskFileError(f"{path}: cannot read: {exc.strerror}") from exc
    except ValueError as exc:
        raise TaskFileError(f"{path.name}: not JSON: {exc}") from exc
    try:
        return TaskFile.model_validate(raw).tasks
    except ValidationError as exc:
        raise TaskFileError(f"{path.name}: {_describe(exc, raw)}") from exc


def select(tasks: list[Task], ids: Iterable[str]) -> list[Task]:
    """The tasks with these ids, in the order given; an unknown id is an error."""
    by_id = {task.id: task for task in tasks}
    chosen = []
    for task_id in ids:
        if task_id not in by_id:
            raise TaskFileError(f"unknown task {task_id!r}: the suite has {', '.join(by_id)}")
        chosen.append(by_id[task_id])
    return chosen


def _describe(exc: ValidationError, raw: object) -> str:
    """The first few errors, each as `path.to.field (task id): message`."""
    lines = []
    for error in exc.errors()[:3]:
        # a tagged union repeats its tag in the path ("check.all.all.0"): drop the echo
        location = [
            part for n, part in enumerate(error["loc"]) if n == 0 or part != error["loc"][n - 1]
        ]
        where = ".".join(str(part) for part in location) or "(top level)"
        if len(location) >= 2 and location[0] == "tasks" and isinstance(location[1], int):
            task_id = _task_id(raw, location[1])
            if task_id:
                where = f"tasks.{location[1]} ({task_id})." + ".".join(
                    str(part) for part in location[2:]
                )
        lines.append(f"{where}: {error['msg']}")
    more = len(exc.errors()) - len(lines)
    return "; ".join(lines) + (f" (and {more} more)" if more > 0 else "")


def _task_id(raw: object, index: int) -> str | None:
    if isinstance(raw, dict) and isinstance(raw.get("tasks"), list):
        tasks = raw["tasks"]
        if index < len(tasks) and isinstance(tasks[index], dict):
            task_id = tasks[index].get("id")
            return task_id if isinstance(task_id, str) else None
    return None
