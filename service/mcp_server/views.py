"""What the MCP tools answer besides the API's own models: a plan, a task in brief."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from service.planners import PlannerKind
from service.tasks.records import StepRecord, TaskRecord

__all__ = ["PlanAnswer", "StepView", "TaskView"]


class PlanAnswer(BaseModel):
    """The next action a planner proposes on the phone's current screen."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    action: str
    """The action in ACI text; pass it to `act` as it is."""
    reason: str
    """Why the planner chose it."""
    done: bool
    """Whether the planner believes the goal is reached already."""
    planner: PlannerKind


class StepView(BaseModel):
    """One step of a task, in brief."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    index: int
    action: str
    outcome: str
    """succeeded, target_not_found, screen_unchanged, error or assertion_failed."""
    detail: str
    reason: str
    """Why the planner chose the action."""


class TaskView(BaseModel):
    """Where a task stands, and its steps so far."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    task_id: str
    status: str
    """queued or running (live); done, failed, cancelled or interrupted (final)."""
    failure: str | None
    """Why the task failed, when it did."""
    device: str | None
    goal: str | None
    planner: str
    steps: list[StepView]

    @classmethod
    def of(cls, record: TaskRecord, steps: list[StepRecord]) -> TaskView:
        return cls(
            task_id=record.id,
            status=record.status.value,
            failure=record.failure,
            device=record.device,
            goal=record.goal,
            planner=record.planner,
            steps=[
                StepView(
                    index=step.index,
                    action=step.action,
                    outcome=step.outcome,
                    detail=step.detail,
                    reason=step.reason,
                )
                for step in steps
            ],
        )
