"""What the task store keeps: `TaskRecord` (one task and how it stands) and `StepRecord`
(one step of its trajectory, with a brief of the screen and of the grounding behind it).

These models are also the API's answers, so their attribute docstrings are written for a
client reading the OpenAPI document. Times are unix seconds (floats) throughout.
"""

from __future__ import annotations

import re
import time
import uuid
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, field_validator, model_validator

import aci
from grounding.grounded import Candidate, Grounded
from service.hosts import DeviceQuery

__all__ = [
    "TASK_ID",
    "GroundingBrief",
    "PlannerName",
    "ScreenBrief",
    "StepRecord",
    "TaskRecord",
    "TaskStatus",
    "new_task_id",
]

_RECORD = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

TASK_ID = re.compile(r"[0-9a-f]{32}")
"""A task id: a uuid4 as 32 lowercase hex digits. Match it with `fullmatch`; anything else
is refused before it can reach a file path."""

PlannerName = Literal["script", "explorer", "llm"]
"""Which planner drives a task: `script` (the given ACI steps), `explorer`, `llm`."""

MAX_SCREEN_TEXTS = 30
"""A `ScreenBrief` keeps this many labels: enough to see what the planner saw."""


def new_task_id() -> str:
    """A fresh task id; random, so that ids reveal nothing and cannot be guessed."""
    return uuid.uuid4().hex


class TaskStatus(StrEnum):
    """Where a task stands. `queued` and `running` are live; the others are final."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"

    @property
    def finished(self) -> bool:
        """Whether the task has stopped for good (done, failed, cancelled, interrupted)."""
        return self not in (TaskStatus.QUEUED, TaskStatus.RUNNING)


class TaskRecord(BaseModel):
    """One task: what it was asked to do, on which phone, and how it stands."""

    model_config = _RECORD

    id: str = Field(default_factory=new_task_id)
    """The task's id: 32 lowercase hex digits."""
    status: TaskStatus = TaskStatus.QUEUED
    """`queued`, `running`, then one of `done`, `failed`, `cancelled`, `interrupted`
    (the service stopped while the task ran)."""
    goal: str | None = None
    """What the planner pursues, in words; None for a script without one."""
    steps: list[str] | None = None
    """The ACI steps a script runs, one action each (`tap "Wi-Fi"`); None for a goal."""
    planner: PlannerName
    """Which planner drives the task: `script`, `explorer` or `llm`."""
    device: str | None = Field(default=None, min_length=1)
    """The serial of the phone the task runs on; None while a task by `device_query` waits
    for a matching phone."""
    device_query: DeviceQuery | None = None
    """What phone the task asked for, when it asked by attributes rather than by serial."""
    host: str | None = None
    """The host the phone is attached to (`local`: the service's own adb servers); None
    until the task runs."""
    attempts: NonNegativeInt = 0
    """How many times the task began to run: more than 1 when a host died under it and the
    task was allowed to run again elsewhere."""
    own_lease: bool = False
    """Whether the task leased the phone itself (its lease ends with it); false when it
    runs under its client's lease. Lease ids are never shown: they are their holders'."""
    max_steps: int = Field(ge=1)
    """The most steps the task may take before it stops as failed."""
    time_budget_s: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    """The most seconds the task may run before it stops as failed; None for no limit."""
    created_at: float = Field(default_factory=time.time)
    """When the task was submitted (unix seconds)."""
    started_at: float | None = None
    """When the task began to run (unix seconds); None while queued."""
    finished_at: float | None = None
    """When the task stopped (unix seconds); None while queued or running."""
    failure: str | None = None
    """Why the task stopped short of its goal; None unless failed, cancelled or interrupted."""
    step_count: NonNegativeInt = 0
    """How many steps the trajectory holds so far."""

    @field_validator("id")
    @classmethod
    def _task_id(cls, task_id: str) -> str:
        if not TASK_ID.fullmatch(task_id):
            raise ValueError(f"task id must be 32 lowercase hex digits, got {task_id!r}")
        return task_id

    @model_validator(mode="after")
    def _something_to_do(self) -> TaskRecord:
        if self.goal is None and not self.steps:
            raise ValueError("a task needs a goal or a list of steps; it has neither")
        if self.device is None and self.device_query is None:
            raise ValueError("a task needs a device or a device query; it has neither")
        return self


class ScreenBrief(BaseModel):
    """The screen a step was planned on, in short: the app, the size and the words shown."""

    model_config = _RECORD

    package: str | None
    """The app in front, e.g. com.android.settings; None when the phone did not say."""
    activity: str | None
    """The activity in front; None when the phone did not say."""
    width: int
    """Pixels."""
    height: int
    """Pixels."""
    elements: NonNegativeInt
    """How many elements perception found on the screen."""
    texts: list[str] = Field(max_length=MAX_SCREEN_TEXTS)
    """The labels on the screen (text, else content-desc), top to bottom, each once; at
    most 30, so that a reader sees what the planner saw."""

    @classmethod
    def of(cls, screen: aci.Screen) -> ScreenBrief:
        """The brief of a perceived screen."""
        labels = (element.label.strip() for element in screen.elements)
        texts = list(dict.fromkeys(label for label in labels if label))
        return cls(
            package=screen.package,
            activity=screen.activity,
            width=screen.width,
            height=screen.height,
            elements=len(screen.elements),
            texts=texts[:MAX_SCREEN_TEXTS],
        )


class GroundingBrief(BaseModel):
    """How the step's target was found on the screen, or why it was not."""

    model_config = _RECORD

    found: bool
    """Whether an element matched well enough to act on."""
    confidence: float = Field(ge=0, le=1)
    """How sure grounding was of the chosen element (0-1)."""
    reason: str
    """Why grounding chose that element, or found none."""
    command: aci.Command | None
    """The device command grounding produced; None when nothing was found."""
    element: aci.Element | None
    """The element chosen; None when nothing was found."""
    candidates: list[Candidate]
    """The runners-up, best first, with their scores and why."""

    @classmethod
    def of(cls, grounded: Grounded) -> GroundingBrief:
        """The brief of a grounding answer."""
        return cls(
            found=grounded.found,
            confidence=grounded.confidence,
            reason=grounded.reason,
            command=grounded.command,
            element=grounded.element,
            candidates=list(grounded.candidates),
        )


class StepRecord(BaseModel):
    """One step of a task's trajectory: what was planned and why, where it landed, what the
    phone did, and the screen it was planned on."""

    model_config = _RECORD

    index: NonNegativeInt
    """The step's place in the trajectory, from 0."""
    action: str
    """The planned action in ACI text, e.g. `tap "Wi-Fi"`."""
    outcome: str
    """What came of it: `succeeded`, `target_not_found`, `screen_unchanged`, `error`,
    `assertion_failed`."""
    detail: str = ""
    """More about the outcome, e.g. which target was not found."""
    reason: str = ""
    """Why the planner chose this action."""
    screen: ScreenBrief
    """The screen the action was planned on."""
    grounding: GroundingBrief | None = None
    """How the action's target was found; None for actions without one (`press back`)."""
    commands: list[aci.Command] = Field(default_factory=list)
    """The device commands run for this step, in order."""
    timing_ms: dict[str, float] = Field(default_factory=dict)
    """Milliseconds spent per stage, e.g. `observe`, `plan`, `ground`, `act`."""
    screenshot: str | None = None
    """The screen the step was planned on: in the API, its link
    (`/v1/tasks/{id}/steps/{index}/screenshot`); in the store, its file name within the task's
    folder. None when none was kept (screenshots of older tasks are pruned)."""
    at: float = Field(default_factory=time.time)
    """When the step was recorded (unix seconds)."""
