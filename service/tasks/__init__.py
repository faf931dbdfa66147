"""Where tasks and their trajectories live: the records (`TaskRecord`, `StepRecord`) and the
`TaskStore` that keeps them, and their screenshots, across restarts of the service."""

from service.tasks.errors import (
    TaskConflictError,
    TaskError,
    TaskFinishedError,
    TaskInputError,
    UnknownTaskError,
)
from service.tasks.records import (
    GroundingBrief,
    PlannerName,
    ScreenBrief,
    StepRecord,
    TaskRecord,
    TaskStatus,
    new_task_id,
)
from service.tasks.store import INTERRUPTED_FAILURE, TaskStore

__all__ = [
    "INTERRUPTED_FAILURE",
    "GroundingBrief",
    "PlannerName",
    "ScreenBrief",
    "StepRecord",
    "TaskConflictError",
    "TaskError",
    "TaskFinishedError",
    "TaskInputError",
    "TaskRecord",
    "TaskStatus",
    "TaskStore",
    "UnknownTaskError",
    "new_task_id",
]
