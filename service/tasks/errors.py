"""Errors of tasks and their store.

TaskError                 root
├── TaskInputError        a task id or step index that cannot be one
├── UnknownTaskError      no task has this id
├── TaskConflictError     the task, or that step of it, is stored already
└── TaskFinishedError     the task has finished: there is nothing to cancel
"""

from __future__ import annotations


class TaskError(Exception):
    """Root of the errors of tasks and their store."""


class TaskInputError(TaskError, ValueError):
    """A task id or step index that cannot be one; the message says what is allowed."""


class UnknownTaskError(TaskError, LookupError):
    """No task has this id."""

    def __init__(self, task_id: str) -> None:
        super().__init__(f"no task {task_id!r}")
        self.task_id = task_id


class TaskConflictError(TaskError):
    """The task, or that step of it, is stored already; records are never overwritten."""


class TaskFinishedError(TaskError):
    """The task has finished already: there is nothing to cancel."""
