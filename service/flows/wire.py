"""A flow run as JSON: what `POST /v1/flows/run` answers, and how a client turns the answer
back into a `FlowResult` for its own JUnit and HTML reports.

The pictures of the steps (when asked for) travel as base64 JPEGs inside the steps, since
the service's files are not the client's.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from service.flows.capture import GroundingNote, RunShots
from service.flows.execute import FailedStep, FlowResult, StepRecord

__all__ = ["FlowRun"]


class _Out(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True, frozen=True)


class FlowDecision(_Out):
    """Why grounding chose the element a step acted on."""

    reason: str
    """The grounder's reason, in words."""
    element: str | None = None
    """The chosen element's label (its words, else its description or id)."""
    bounds: tuple[int, int, int, int] | None = None
    """[x1, y1, x2, y2] of the chosen element, in pixels."""
    confidence: float | None = None
    """How sure grounding was, 0 to 1."""


class FlowStepRun(_Out):
    """One step as it ran."""

    line: int
    """The line of the flow file the step was written on (1-based)."""
    text: str
    """The step in words, as the report shows it."""
    outcome: Literal["passed", "failed", "skipped"]
    """How the step ended."""
    detail: str = ""
    """Why it failed or was skipped, or what it did."""
    duration_s: float = 0.0
    """Seconds the step took."""
    grounding: str | None = None
    """Why grounding chose the element it acted on, when the step had a target."""
    file: str | None = None
    """The file of an included flow's step (the flow's own steps: null)."""
    depth: int = 0
    """0 for the flow's own steps, 1 inside a block or an included flow, and so on."""
    decision: FlowDecision | None = None
    """The whole grounding decision, for a report."""
    picture: str | None = None
    """The screen after the step, a base64 JPEG 360 pixels wide, when pictures were asked
    for."""


class FlowFailure(_Out):
    """Where the flow stopped."""

    index: int
    """The top-level step it stopped at, 1-based."""
    line: int
    """The line of the innermost step that failed."""
    text: str
    """That step in words."""
    file: str
    """The file that step was written in."""
    reason: str
    """Why it failed."""


class FlowRun(_Out):
    """How a flow went on the service's phone."""

    name: str
    """The flow's name."""
    file: str
    """The flow file's path, as the client gave it."""
    device: str
    """The phone's adb serial."""
    passed: bool
    """Whether every step passed."""
    message: str | None = None
    """The failure in one line, naming the step and its line; null when the flow passed."""
    reason: str | None = None
    """Why the flow failed (the failing step's reason, or a device error)."""
    failed: FlowFailure | None = None
    """The step the flow stopped at; null when it passed or stopped on a device error."""
    wall_s: float
    """Seconds the run took on the service."""
    replayed: int = 0
    """Steps the service's replay cache carried out without grounding."""
    saved_s: float = 0.0
    """Seconds of grounding the replay cache saved."""
    steps: list[FlowStepRun]
    """Every step as it ran, blocks' and included flows' steps within."""

    @classmethod
    def of(cls, result: FlowResult, *, pictures: bool) -> FlowRun:
        """The answer for a run, the steps' pictures read into it when asked for."""
        failed = result.failed
        where = None if failed is None else str(failed.file)
        return cls(
            name=result.name,
            file=str(result.file),
            device=result.serial,
            passed=result.passed,
            message=result.message,
            reason=result.reason,
            failed=None if failed is None else FlowFailure(**{**vars(failed), "file": where}),
            wall_s=result.wall_s,
            replayed=result.replayed,
            saved_s=result.saved_s,
            steps=[_step_out(step, pictures) for step in result.steps],
        )

    def into(self, shots: RunShots | None) -> FlowResult:
        """The result as the client keeps it, each picture saved through `shots`."""
        failed = self.failed
        result = FlowResult(name=self.name, file=Path(self.file), serial=self.device)
        result.passed, result.reason = self.passed, self.reason
        if failed is not None:
            result.failed = FailedStep(**{**failed.model_dump(), "file": Path(failed.file)})
        result.wall_s, result.replayed, result.saved_s = self.wall_s, self.replayed, self.saved_s
        result.steps = [_step_in(step, shots) for step in self.steps]
        return result


def _step_out(step: StepRecord, pictures: bool) -> FlowStepRun:
    decision = step.decision
    return FlowStepRun(
        line=step.line,
        text=step.text,
        outcome=step.outcome,
        detail=step.detail,
        duration_s=step.duration_s,
        grounding=step.grounding,
        file=None if step.file is None else str(step.file),
        depth=step.depth,
        decision=None if decision is None else FlowDecision(**vars(decision)),
        picture=_read(step.screenshot) if pictures else None,
    )


def _step_in(step: FlowStepRun, shots: RunShots | None) -> StepRecord:
    picture = None if shots is None or step.picture is None else _decode(step.picture)
    decision = step.decision
    return StepRecord(
        line=step.line,
        text=step.text,
        outcome=step.outcome,
        detail=step.detail,
        duration_s=step.duration_s,
        grounding=step.grounding,
        file=None if step.file is None else Path(step.file),
        depth=step.depth,
        decision=None if decision is None else GroundingNote(**decision.model_dump()),
        screenshot=None if shots is None or picture is None else shots.keep(picture),
    )


def _read(path: Path | None) -> str | None:
    return None if path is None else base64.b64encode(path.read_bytes()).decode("ascii")


def _decode(picture: str) -> bytes | None:
    try:
        return base64.b64decode(picture, validate=True)
    except (binascii.Error, ValueError):
        return None  # a report without this picture, not a failed run
