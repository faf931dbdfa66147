"""The task suite: goals in plain language over the virtual phone's apps, each with
parameters drawn per seed, a start state, a success check read from the phone's state
and a reference solution that proves it solvable. See docs/tasks.md.

The runner's `StepRunner`, `RunnerConfig` and `StepError` are exported here too: running
a task takes a runner and may raise its errors."""

from service.runner import RunnerConfig, StepError, StepRunner
from service.suite.checks import PhoneState, Verdict, evaluate
from service.suite.errors import StartStateError, SuiteError, TaskFileError, TemplateError
from service.suite.loader import load_file, load_tasks, select
from service.suite.model import Kind, Task
from service.suite.oracle import ExactLabelRunner
from service.suite.params import draw_params
from service.suite.runner import StepRecord, TaskResult, prepare, run_task, solution

__all__ = [
    "ExactLabelRunner",
    "Kind",
    "PhoneState",
    "RunnerConfig",
    "StartStateError",
    "StepError",
    "StepRecord",
    "StepRunner",
    "SuiteError",
    "Task",
    "TaskFileError",
    "TaskResult",
    "TemplateError",
    "Verdict",
    "draw_params",
    "evaluate",
    "load_file",
    "load_tasks",
    "prepare",
    "run_task",
    "select",
    "solution",
]
