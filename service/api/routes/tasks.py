"""`/v1/tasks`: run a goal (with a planner) or a list of ACI steps on a phone, in the
background; follow it step by step as server-sent events; read its trajectory.

`POST /v1/tasks` answers 202 at once with the task's record. The task takes the phone with
a lease of its own (409 while someone else holds it) unless the request carries the
client's lease; the lease is released when the task ends, however it ends. A task may ask
for any phone that matches `device_query` instead of a serial: it waits in the queue
(`GET /v1/queue`) until one is free, at most `queue_timeout_s`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial
from typing import Annotated

import anyio
from fastapi import APIRouter, Path, Query
from fastapi.responses import FileResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from aci import Source, parse_action
from service.api.deps import SettingsDep, TasksDep
from service.api.limits import (
    MAX_SOURCES,
    MAX_STEPS,
    GoalText,
    check_action_input,
)
from service.api.llm_input import LlmInput
from service.api.phone_choice import PhoneChoice
from service.errors import ScreenshotNotFoundError, error_responses
from service.planners import PlannerKind
from service.tasks.manager import TaskManager, TaskSpec, choose_planner
from service.tasks.records import StepRecord, TaskRecord, TaskStatus

router = APIRouter(prefix="/tasks", tags=["tasks"])

TaskId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="The task's id.")]

_KEEPALIVE_S = 15.0
"""An event stream with nothing new sends a comment this often, so proxies keep it open."""
_FOLLOWERS = anyio.CapacityLimiter(1024)
"""Threads event streams wait in: their own, so that clients following tasks never take the
threads every other route runs in (anyio's default pool has 40)."""


class TaskRequest(PhoneChoice):
    """A goal for a planner, or steps to carry out, on one phone (`PhoneChoice`'s fields)."""

    model_config = PhoneChoice.model_config | {
        "json_schema_extra": {
            "examples": [
                {"device": "127.0.0.1:5555", "goal": "turn on Wi-Fi", "planner": "explorer"},
                {
                    "device": "127.0.0.1:5555",
                    "steps": ['open app "Settings"', 'tap "Network & internet"'],
                },
            ]
        }
    }

    goal: GoalText | None = None
    """What should happen, in words: `turn on Wi-Fi`. Needs the explorer or llm planner."""
    steps: list[GoalText] | None = Field(default=None, min_length=1, max_length=MAX_STEPS)
    """ACI steps to carry out in order (the script planner): `tap "Wi-Fi"`, `press back`."""
    planner: PlannerKind | None = None
    """`script` for steps (the default with steps), `explorer` (the default with a goal, no
    model needed) or `llm` (an OpenAI-compatible endpoint)."""
    max_steps: int = Field(default=30, ge=1, le=MAX_STEPS)
    """The step budget: the task fails when it is spent."""
    time_budget_s: float | None = Field(default=None, gt=0, le=24 * 3600)
    """The time budget in seconds: the task fails when it is spent."""
    sources: list[Source] = Field(default=["hierarchy"], min_length=1, max_length=MAX_SOURCES)
    """Where elements come from: `hierarchy`, `ocr`, `detector`."""
    llm: LlmInput | None = None
    """The llm planner's endpoint and model; unset fields come from the server's settings."""

    @model_validator(mode="after")
    def _goal_or_steps(self) -> TaskRequest:
        planner = choose_planner(self.goal, self.steps, self.planner)
        if self.llm is not None and planner != "llm":
            raise ValueError(f"llm settings are for the llm planner, not '{planner}'")
        for index, step in enumerate(self.steps or ()):
            check_action_input(step)
            try:
                parse_action(step)
            except ValueError as exc:
                raise ValueError(f"steps[{index}]: {exc}") from exc
        self.planner = planner
        return self


class Trajectory(BaseModel):
    """A task and every step it took: what the planner saw and said, where it landed."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    task: TaskRecord
    """The task: its goal, planner, phone, state and result."""
    steps: list[StepRecord]
    """Each step's `screenshot` is fetched from `/v1/tasks/{id}/steps/{index}/screenshot`."""


TASK_ERRORS = ("invalid_input", "task_not_found")


@router.post(
    "",
    response_model=TaskRecord,
    status_code=202,
    responses=error_responses(
        "invalid_input", "invalid_plan_input", "lease_conflict", "lease_not_found",
        "device_not_found", "device_offline", "device_timeout",
    ),
)  # fmt: skip
def create_task(request: TaskRequest, tasks: TasksDep, settings: SettingsDep) -> TaskRecord:
    """Start the task and answer at once; follow it at `/v1/tasks/{id}/events`."""
    planner = request.planner or "explorer"
    llm = None
    if planner == "llm":
        overrides = request.llm.overrides() if request.llm is not None else None
        llm = settings.llm.resolve(overrides)
    spec = TaskSpec(
        device=request.device,
        planner=planner,
        goal=request.goal,
        steps=tuple(request.steps or ()),
        lease_id=request.lease_id,
        max_steps=request.max_steps,
        time_budget_s=request.time_budget_s,
        sources=tuple(dict.fromkeys(request.sources)),
        llm=llm,
        device_query=request.device_query,
        queue_timeout_s=request.queue_timeout_s,
        retry_on_host_loss=request.retry_on_host_loss,
    )
    return tasks.submit(spec)


@router.get("", response_model=list[TaskRecord], responses=error_responses("invalid_input"))
def list_tasks(
    tasks: TasksDep,
    status: TaskStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[TaskRecord]:
    """The newest tasks first, of one status if asked."""
    return tasks.store.list(status=status, limit=limit)


@router.get("/{task_id}", response_model=TaskRecord, responses=error_responses(*TASK_ERRORS))
def get_task(task_id: TaskId, tasks: TasksDep) -> TaskRecord:
    """How the task stands: queued, running, done, failed, cancelled or interrupted."""
    return tasks.get(task_id)


@router.post(
    "/{task_id}/cancel",
    response_model=TaskRecord,
    status_code=202,
    responses=error_responses(*TASK_ERRORS, "task_finished"),
)
def cancel_task(task_id: TaskId, tasks: TasksDep) -> TaskRecord:
    """Stop the task before its next step; it ends `cancelled` and frees its phone."""
    return tasks.cancel(task_id)


@router.get(
    "/{task_id}/trajectory", response_model=Trajectory, responses=error_responses(*TASK_ERRORS)
)
def trajectory(task_id: TaskId, tasks: TasksDep) -> Trajectory:
    """Every step so far: screen, plan and reason, grounding and runners-up, commands, timings."""
    return Trajectory(
        task=tasks.get(task_id), steps=[_linked(task_id, s) for s in tasks.store.steps(task_id)]
    )


@router.get(
    "/{task_id}/steps/{index}/screenshot",
    response_class=FileResponse,
    responses={
        200: {"content": {"image/jpeg": {}, "image/png": {}}, "description": "The screen."},
        **error_responses(*TASK_ERRORS, "screenshot_not_found"),
    },
)
def step_screenshot(
    task_id: TaskId, index: Annotated[int, Path(ge=0, le=MAX_STEPS)], tasks: TasksDep
) -> FileResponse:
    """The screen the planner saw at this step (kept for the newest tasks only)."""
    tasks.get(task_id)
    path = tasks.store.screenshot_path(task_id, index)
    if path is None:
        raise ScreenshotNotFoundError(f"task {task_id} keeps no screenshot of step {index}")
    return FileResponse(path)


@router.get(
    "/{task_id}/events",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "The task's events."},
        **error_responses(*TASK_ERRORS),
    },
)
async def events(task_id: TaskId, tasks: TasksDep) -> StreamingResponse:
    """Server-sent events: `step` for each step as it happens (the earlier ones first; the
    data is the step's record), then `end` with the task's final record. Follow them with
    `curl -N`."""
    await anyio.to_thread.run_sync(tasks.get, task_id)  # 404 before the stream starts
    return StreamingResponse(
        _stream(task_id, tasks),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _stream(task_id: str, tasks: TaskManager) -> AsyncIterator[str]:
    after = -1
    while True:
        record, steps = await anyio.to_thread.run_sync(
            partial(tasks.wait, task_id, after=after, timeout_s=_KEEPALIVE_S),
            limiter=_FOLLOWERS,
            abandon_on_cancel=True,
        )
        for step in steps:
            after = step.index
            yield _event("step", _linked(task_id, step).model_dump_json(), event_id=str(step.index))
        if record.status.finished and not steps:
            yield _event("end", record.model_dump_json())
            return
        if not steps:
            yield ": keep-alive\n\n"


def _linked(task_id: str, step: StepRecord) -> StepRecord:
    """The step with its screenshot as the link to fetch it, not the store's file name."""
    if step.screenshot is None:
        return step
    link = f"/v1/tasks/{task_id}/steps/{step.index}/screenshot"
    return step.model_copy(update={"screenshot": link})


def _event(name: str, data: str, *, event_id: str | None = None) -> str:
    """One event in the text/event-stream format (JSON data is one line)."""
    head = f"event: {name}\n" + (f"id: {event_id}\n" if event_id is not None else "")
    return f"{head}data: {data}\n\n"
