"""`TaskStore`: tasks and their trajectories in one SQLite file, screenshots beside it.

Layout under the data folder::

    tasks.sqlite3                      tasks and steps, as JSON, with the queried fields as columns
    screenshots/<task_id>/<index>.jpg  one file per step that kept a screenshot

Tasks run in threads, so one connection is shared behind a lock (SQLite in WAL mode lets
readers of other processes, e.g. a backup, work alongside). Records survive a restart;
a task the previous process left queued or running is marked interrupted when the store
opens, since nothing will ever finish it. Screenshots are the bulk of the data, so only
those of the newest `keep_screenshots_of` tasks are kept; older steps stay, without them.
Its errors are those of `service.tasks.errors`.
"""

from __future__ import annotations

import builtins
import logging
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from service.tasks.errors import TaskConflictError, TaskInputError, UnknownTaskError
from service.tasks.records import TASK_ID, StepRecord, TaskRecord, TaskStatus

logger = logging.getLogger(__name__)

__all__ = ["INTERRUPTED_FAILURE", "TaskStore"]

INTERRUPTED_FAILURE = "the service stopped while the task ran"
"""The `failure` of a task found queued or running when the store opens."""

_IMAGE_SUFFIX = {"jpg": "jpg", "jpeg": "jpg", "png": "png"}
"""Accepted `image_format` names -> the file suffix kept."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    created_at REAL NOT NULL,
    shots_since REAL,  -- when the task began keeping screenshots; NULL when it keeps none
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tasks_by_age ON tasks (created_at);
CREATE INDEX IF NOT EXISTS tasks_by_status ON tasks (status, created_at);
CREATE TABLE IF NOT EXISTS steps (
    task_id TEXT NOT NULL REFERENCES tasks (id),
    idx INTEGER NOT NULL,
    screenshot TEXT,  -- a column of its own, so that pruning need not rewrite the JSON
    step TEXT NOT NULL,
    PRIMARY KEY (task_id, idx)
);
"""


DATABASE = "tasks.sqlite3"
"""The service's database under its data dir: tasks, their steps, and leases."""


class TaskStore:
    """Tasks and their trajectories under `data_dir`; safe to share between threads."""

    interrupted_at_open: int
    """How many tasks the previous process left queued or running, now interrupted."""

    def __init__(self, data_dir: Path, *, keep_screenshots_of: int = 100) -> None:
        if keep_screenshots_of < 0:
            raise ValueError(f"keep_screenshots_of must be 0 or more, got {keep_screenshots_of}")
        self.data_dir = data_dir
        self.keep_screenshots_of = keep_screenshots_of
        data_dir.mkdir(parents=True, exist_ok=True)
        self._screenshots = (data_dir / "screenshots").resolve()
        self._lock = threading.Lock()
        self._db = sqlite3.connect(data_dir / DATABASE, timeout=10.0, check_same_thread=False)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)
            self.interrupted_at_open = self._interrupt_leftovers()
            with self._lock:
                with self._db:
                    old = self._forget_old_screenshots()
                self._delete_screenshots(old)
        except BaseException:
            self._db.close()
            raise

    # -- tasks

    def create(self, record: TaskRecord) -> TaskRecord:
        """Store a new task; its id must be new."""
        with self._transaction() as db:
            try:
                db.execute(
                    "INSERT INTO tasks (id, status, created_at, record) VALUES (?, ?, ?, ?)",
                    (record.id, str(record.status), record.created_at, record.model_dump_json()),
                )
            except sqlite3.IntegrityError as exc:
                raise TaskConflictError(f"task {record.id!r} exists already") from exc
        return record

    def get(self, task_id: str) -> TaskRecord | None:
        """The task, or None when there is none with this id."""
        _check_task_id(task_id)
        with self._lock:
            return self._get(task_id)

    def update(self, task_id: str, **changes: Any) -> TaskRecord:
        """Change fields of a task (status, started_at, finished_at, failure...);
        the result is validated as a whole, and returned."""
        fixed = {"id", "step_count"} & changes.keys()
        unknown = changes.keys() - TaskRecord.model_fields.keys()
        if fixed or unknown:
            raise ValueError(
                f"cannot update {sorted(fixed | unknown)} of a task; "
                f"changeable: {sorted(TaskRecord.model_fields.keys() - {'id', 'step_count'})}"
            )
        _check_task_id(task_id)
        with self._transaction():
            record = self._require(task_id)
            updated = TaskRecord.model_validate(record.model_dump() | changes)
            self._put(updated)
        return updated

    def list(
        self, *, status: TaskStatus | None = None, limit: int = 50
    ) -> builtins.list[TaskRecord]:
        """Tasks newest first, optionally only those with `status`; at most `limit`."""
        if limit < 1:
            raise ValueError(f"limit must be 1 or more, got {limit}")
        where, args = ("WHERE status = ?", (str(status),)) if status is not None else ("", ())
        with self._lock:
            rows = self._db.execute(
                f"SELECT record FROM tasks {where} ORDER BY created_at DESC, rowid DESC LIMIT ?",
                (*args, limit),
            ).fetchall()
        return [TaskRecord.model_validate_json(record) for (record,) in rows]

    def counts(self) -> dict[str, int]:
        """How many tasks have each status (for the metrics)."""
        with self._lock:
            rows = self._db.execute("SELECT status, count(*) FROM tasks GROUP BY status").fetchall()
        return {str(status): int(count) for status, count in rows}

    # -- steps

    def add_step(
        self,
        task_id: str,
        step: StepRecord,
        screenshot: bytes | None = None,
        image_format: str | None = None,
    ) -> StepRecord:
        """Append a step to a task's trajectory, with the screenshot it was planned on when
        given (`image_format` jpg or png; guessed from the bytes when None).

        Returns the step as stored: `screenshot` is the file's name, or None without one.
        """
        _check_task_id(task_id)
        suffix = _image_suffix(screenshot, image_format) if screenshot is not None else None
        keep = suffix is not None and self.keep_screenshots_of > 0
        name = f"{step.index}.{suffix}" if keep else None
        stored = step.model_copy(update={"screenshot": name})
        with self._lock:
            with self._db:
                record = self._require(task_id)
                taken = self._db.execute(
                    "SELECT 1 FROM steps WHERE task_id = ? AND idx = ?", (task_id, step.index)
                ).fetchone()
                if taken:
                    raise TaskConflictError(f"task {task_id!r} has a step {step.index} already")
                self._db.execute(
                    "INSERT INTO steps (task_id, idx, screenshot, step) VALUES (?, ?, ?, ?)",
                    (task_id, step.index, name, stored.model_dump_json(exclude={"screenshot"})),
                )
                self._put(record.model_copy(update={"step_count": record.step_count + 1}))
                old: builtins.list[str] = []
                if name is not None and screenshot is not None:
                    first_shot = self._db.execute(
                        "UPDATE tasks SET shots_since = ? WHERE id = ? AND shots_since IS NULL",
                        (time.time(), task_id),
                    ).rowcount
                    # last, so that a failure before leaves no file and one here rolls back
                    _write_file(self._screenshots / task_id / name, screenshot)
                    if first_shot:
                        # a newer task keeps screenshots: the oldest beyond the limit lose theirs
                        old = self._forget_old_screenshots()
            self._delete_screenshots(old)
        return stored

    def steps(self, task_id: str, *, after: int = -1) -> builtins.list[StepRecord]:
        """The task's steps in order; with `after`, only those whose index is greater (what
        a live stream has not sent yet)."""
        _check_task_id(task_id)
        with self._lock:
            self._require(task_id)
            rows = self._db.execute(
                "SELECT screenshot, step FROM steps WHERE task_id = ? AND idx > ? ORDER BY idx",
                (task_id, after),
            ).fetchall()
        return [
            StepRecord.model_validate_json(step).model_copy(update={"screenshot": screenshot})
            for screenshot, step in rows
        ]

    def screenshot_path(self, task_id: str, index: int) -> Path | None:
        """The screenshot file of a step, or None when the step kept none (or is unknown).

        Never a path outside the data folder: the id and index are checked, and so is the
        resolved path.
        """
        _check_task_id(task_id)
        if isinstance(index, bool) or not isinstance(index, int) or index < 0:
            raise TaskInputError(f"a step index is a whole number from 0, got {index!r}")
        with self._lock:
            row = self._db.execute(
                "SELECT screenshot FROM steps WHERE task_id = ? AND idx = ?", (task_id, index)
            ).fetchone()
        if row is None or row[0] is None:
            return None
        path: Path = (self._screenshots / task_id / str(row[0])).resolve()
        if not path.is_relative_to(self._screenshots / task_id) or not path.is_file():
            return None
        return path

    # -- lifetime

    def close(self) -> None:
        """Close the database; the store cannot be used afterwards."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> TaskStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- inside the lock

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """The lock held and one transaction open: committed at the end, rolled back on error."""
        with self._lock, self._db:
            yield self._db

    def _get(self, task_id: str) -> TaskRecord | None:
        row = self._db.execute("SELECT record FROM tasks WHERE id = ?", (task_id,)).fetchone()
        return None if row is None else TaskRecord.model_validate_json(row[0])

    def _require(self, task_id: str) -> TaskRecord:
        record = self._get(task_id)
        if record is None:
            raise UnknownTaskError(task_id)
        return record

    def _put(self, record: TaskRecord) -> None:
        self._db.execute(
            "UPDATE tasks SET status = ?, created_at = ?, record = ? WHERE id = ?",
            (str(record.status), record.created_at, record.model_dump_json(), record.id),
        )

    def _interrupt_leftovers(self) -> int:
        """Mark the tasks a previous process left live as interrupted; how many there were."""
        live = (TaskStatus.QUEUED, TaskStatus.RUNNING)
        with self._transaction() as db:
            rows = db.execute(
                "SELECT record FROM tasks WHERE status IN (?, ?)", [str(s) for s in live]
            ).fetchall()
            now = time.time()
            for (row,) in rows:
                record = TaskRecord.model_validate_json(row)
                self._put(
                    record.model_copy(
                        update={
                            "status": TaskStatus.INTERRUPTED,
                            "failure": INTERRUPTED_FAILURE,
                            "finished_at": now,
                        }
                    )
                )
        if rows:
            logger.warning("%d tasks were left unfinished by the last run: interrupted", len(rows))
        return len(rows)

    def _forget_old_screenshots(self) -> builtins.list[str]:
        """Within a transaction: drop the references to the screenshots of all but the newest
        `keep_screenshots_of` tasks keeping some; the ids of the tasks whose folders must go.

        References go first (and are committed before the files are deleted), so that no
        step ever names a file that is gone.
        """
        old = [
            task_id
            for (task_id,) in self._db.execute(
                "SELECT id FROM tasks WHERE shots_since IS NOT NULL "
                "ORDER BY shots_since DESC, rowid DESC LIMIT -1 OFFSET ?",
                (self.keep_screenshots_of,),
            ).fetchall()
        ]
        for task_id in old:
            self._db.execute("UPDATE steps SET screenshot = NULL WHERE task_id = ?", (task_id,))
            self._db.execute("UPDATE tasks SET shots_since = NULL WHERE id = ?", (task_id,))
        return old

    def _delete_screenshots(self, task_ids: builtins.list[str]) -> None:
        for task_id in task_ids:
            try:
                shutil.rmtree(self._screenshots / task_id)
            except FileNotFoundError:
                pass
            except OSError as exc:  # the references are gone; a leftover file harms nothing
                logger.warning("could not delete the screenshots of task %s: %s", task_id, exc)
        if task_ids:
            logger.debug("dropped the screenshots of %d older tasks", len(task_ids))


def _check_task_id(task_id: str) -> None:
    if not isinstance(task_id, str) or not TASK_ID.fullmatch(task_id):
        raise TaskInputError(f"a task id is 32 lowercase hex digits, got {task_id!r}")


def _image_suffix(image: bytes, image_format: str | None) -> str:
    """The file suffix for a screenshot: from `image_format`, else from the image's bytes."""
    if image_format is None:
        if image.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if image.startswith(b"\xff\xd8\xff"):
            return "jpg"
        raise ValueError("the screenshot is neither PNG nor JPEG; give its image_format")
    suffix = _IMAGE_SUFFIX.get(image_format.lower())
    if suffix is None:
        raise ValueError(
            f"image_format must be one of {sorted(_IMAGE_SUFFIX)}, got {image_format!r}"
        )
    return suffix


def _write_file(path: Path, data: bytes) -> None:
    """Write whole or not at all: a reader never sees half a screenshot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    os.replace(partial, path)
