"""Flow files: droidpilot's own YAML and Maestro's, parsed into one typed model of ACI steps.

`load_flow(path)` reads either format (with included flows) into a `Flow`, or raises a
`FlowError` with one `file:line: what was expected` line per problem, before anything runs.
"""

from service.flows.errors import FlowError, FlowProblem
from service.flows.load import load_flow
from service.flows.maestro import MAESTRO_COMMANDS, UNSUPPORTED
from service.flows.model import (
    ActionStep,
    ClearState,
    Flow,
    GoalStep,
    HideKeyboard,
    Launch,
    RepeatBlock,
    RetryBlock,
    RunFlow,
    Screenshot,
    Settle,
    Step,
    StopApp,
    TapRelative,
    Visible,
    WaitUntil,
    WhenBlock,
)

__all__ = [
    "MAESTRO_COMMANDS",
    "UNSUPPORTED",
    "ActionStep",
    "ClearState",
    "Flow",
    "FlowError",
    "FlowProblem",
    "GoalStep",
    "HideKeyboard",
    "Launch",
    "RepeatBlock",
    "RetryBlock",
    "RunFlow",
    "Screenshot",
    "Settle",
    "Step",
    "StopApp",
    "TapRelative",
    "Visible",
    "WaitUntil",
    "WhenBlock",
    "load_flow",
]
