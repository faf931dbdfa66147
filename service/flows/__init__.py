"""Flow files: droidpilot's own YAML and Maestro's, parsed into one typed model of ACI steps.

`load_flow(path)` reads either format (with included flows) into a `Flow`, or raises a
`FlowError` with one `file:line: what was expected` line per problem, before anything runs.
`run_flow_on(flow, phone)` runs one on a phone into a `FlowResult`; `run_shards` runs many
over several phones; `junit_xml` reports them as CI systems read them.
"""

from service.flows.errors import FlowError, FlowProblem
from service.flows.execute import FailedStep, FlowResult, StepRecord, run_flow_on
from service.flows.junit import junit_xml, write_junit
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
    SeedData,
    Settle,
    Step,
    StopApp,
    TapRelative,
    Visible,
    WaitUntil,
    WhenBlock,
)
from service.flows.shards import ShardMode, run_shards

__all__ = [
    "MAESTRO_COMMANDS",
    "UNSUPPORTED",
    "ActionStep",
    "ClearState",
    "FailedStep",
    "Flow",
    "FlowError",
    "FlowProblem",
    "FlowResult",
    "GoalStep",
    "HideKeyboard",
    "Launch",
    "RepeatBlock",
    "RetryBlock",
    "RunFlow",
    "Screenshot",
    "SeedData",
    "Settle",
    "ShardMode",
    "Step",
    "StepRecord",
    "StopApp",
    "TapRelative",
    "Visible",
    "WaitUntil",
    "WhenBlock",
    "junit_xml",
    "load_flow",
    "run_flow_on",
    "run_shards",
    "write_junit",
]
