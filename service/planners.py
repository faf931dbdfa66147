"""The one place a planner is built from its kind and inputs: `POST /v1/plan` and
`droidpilot run` both ask here, so that a planner behaves the same behind either."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import aci
from planning import ExplorerPlanner, LlmConfig, LlmPlanner, Planner, ScriptPlanner
from planning.appmap import load_memory

__all__ = ["PlannerKind", "planner_for"]

PlannerKind = Literal["script", "llm", "explorer"]


@contextmanager
def planner_for(
    kind: PlannerKind,
    *,
    steps: Sequence[str | aci.Action] = (),
    llm: LlmConfig | None = None,
    max_steps: int = 30,
    data_dir: Path | None = None,
) -> Iterator[Planner]:
    """The planner of `kind`, its resources (the LLM client's connections) freed when the
    block ends. `steps` are the script's, `llm` the LLM endpoint's settings, `max_steps`
    the explorer's budget; the explorer and the LLM planner read the app memory kept under
    `data_dir` (`droidpilot explore`). Raises `PlannerInputError` for steps that do not
    parse."""
    memory = load_memory(data_dir) if data_dir is not None and kind != "script" else []
    if kind == "llm":
        if llm is None:
            raise ValueError("the llm planner needs its endpoint's settings (llm=...)")
        with LlmPlanner(llm, memory=memory) as planner:
            yield planner
    elif kind == "explorer":
        yield ExplorerPlanner(max_steps=max_steps, memory=memory)
    else:
        yield ScriptPlanner(steps)
