"""Planners: given a goal, the `Screen` and the history, the next `aci.Action`.

`ScriptPlanner` walks a given list of ACI steps (CI flows) and checks their
assertions; `ExplorerPlanner`, the default, explores an app's screens towards the
goal with no model; `LlmPlanner` asks any OpenAI-compatible chat endpoint. Every
planner answers a `Plan` through `Planner.next_action(goal, screen, history)`,
where the history holds earlier `Step`s with their `Outcome`. Imports only
`aci`; a planner sees words and boxes, never pixels it must click.
"""

from planning.assertions import Verdict, check
from planning.base import FAILED, Outcome, Plan, Planner, Step
from planning.config import LlmConfig, LlmOverrides, LlmSettings
from planning.errors import (
    LlmEndpointError,
    LlmError,
    LlmReplyError,
    PlannerError,
    PlannerInputError,
    UnreadableReplyError,
)
from planning.explorer import ExplorerPlanner
from planning.llm import LlmPlanner
from planning.replies import Reply, parse_reply
from planning.script import ScriptPlanner, read_steps

__all__ = [
    "FAILED",
    "ExplorerPlanner",
    "LlmConfig",
    "LlmEndpointError",
    "LlmError",
    "LlmOverrides",
    "LlmPlanner",
    "LlmReplyError",
    "LlmSettings",
    "Outcome",
    "Plan",
    "Planner",
    "PlannerError",
    "PlannerInputError",
    "Reply",
    "ScriptPlanner",
    "Step",
    "UnreadableReplyError",
    "Verdict",
    "check",
    "parse_reply",
    "read_steps",
]
