"""The one place a planner is built from its kind and inputs: `POST /v1/plan` and
`droidpilot run` both ask here, so that a planner behaves the same behind either."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Literal

import aci
from planning import ExplorerPlanner, LlmConfig, LlmPlanner, Planner, ScriptPlanner

__all__ = ["PlannerKind", "planner_for"]

PlannerKind = Literal["script", "llm", "explorer"]


@contextmanager
def planner_for(
    kind: PlannerKind,
    *,
    steps: Sequence[str | aci.Action] = (),
    llm: LlmConfig | None = None,
    max_steps: int = 30,
) -> Iterator[Planner]:
    """The planner of `kind`, its resources (the LLM client's connections) freed when the
    block ends. `steps` are the script's, `llm` the LLM endpoint's settings, `max_steps`
    the explorer's budget. Raises `PlannerInputError` for steps that do not parse."""
    if kind == "llm":
        if llm is None:
            raise ValueError("the llm planner needs its endpoint's settings (llm=...)")
        with LlmPlanner(llm) as planner:
            yield planner
    elif kind == "explorer":
        yield ExplorerPlanner(max_steps=max_steps)
    else:
        yield ScriptPlanner(steps)
