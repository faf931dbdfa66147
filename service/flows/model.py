"""The typed model of a flow: a list of steps, most of them ACI actions, whatever file format
it was written in (droidpilot's own YAML or Maestro's).

Steps are a discriminated union on `kind`; every step carries the 1-based `line` of the
file it came from, so a runner can name it when it fails. Blocks (`retry`, `when`,
`repeat`) hold steps of their own, and `run_flow` holds the included flow, already parsed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, model_validator

import aci

__all__ = [
    "ActionStep",
    "ClearState",
    "Flow",
    "GoalStep",
    "HideKeyboard",
    "Launch",
    "OptionalBlock",
    "RepeatBlock",
    "RetryBlock",
    "RunFlow",
    "Screenshot",
    "SeedData",
    "Settle",
    "Step",
    "StopApp",
    "TapRelative",
    "Visible",
    "WaitUntil",
    "WhenBlock",
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Visible(_Model):
    """A condition on the screen: a label `text` is shown (or, when `negated`, is not)."""

    text: str = Field(min_length=1)
    negated: bool = False

    def __str__(self) -> str:
        # The same words as an ACI assertion reads: `visible "Allow"`, `not visible "Error"`.
        check = aci.format_action(aci.Assert(target=self.text, condition=aci.Condition.VISIBLE))
        return ("not " if self.negated else "") + check.removeprefix("assert ")


class _Step(_Model):
    line: int = Field(ge=0)
    """The line of the flow file this step was written on (1-based)."""
    label: str | None = None
    """The name reports show instead of the step's own words (Maestro's `label:`)."""


class ActionStep(_Step):
    """One ACI action (`tap "Wi-Fi"`), grounded and executed by the runner."""

    kind: Literal["action"] = "action"
    action: aci.Action


class TapRelative(_Step):
    """A tap at a share of the screen's size (Maestro's `point: "50%,50%"`); the ACI has
    pixel points only, and the screen size is known only when the flow runs."""

    kind: Literal["tap_relative"] = "tap_relative"
    x_share: float = Field(ge=0, le=1)
    y_share: float = Field(ge=0, le=1)
    long_press: bool = False


class GoalStep(_Step):
    """A sub-goal in words handed to a planner, which gets at most `max_steps` actions."""

    kind: Literal["goal"] = "goal"
    goal: str = Field(min_length=1)
    max_steps: int = Field(default=15, ge=1, le=200)


class RetryBlock(_Step):
    """Steps run again from their start when one fails, up to `times` more times."""

    kind: Literal["retry"] = "retry"
    times: int = Field(ge=1, le=10)
    steps: list[Step]


class WhenBlock(_Step):
    """Steps run only if `condition` holds when the block is reached (an interruption such as
    a permission dialog), skipped otherwise."""

    kind: Literal["when"] = "when"
    condition: Visible
    steps: list[Step]


class OptionalBlock(_Step):
    """Steps whose failure is a warning, not the flow's (Maestro's `optional: true`): the
    block ends at the failing step and the flow goes on."""

    kind: Literal["optional"] = "optional"
    steps: list[Step]


class RepeatBlock(_Step):
    """Steps run `times` times, or while `condition` holds (at most `times` when both are
    given, and for at most `timeout_s` when that is set)."""

    kind: Literal["repeat"] = "repeat"
    times: int | None = Field(default=None, ge=1)
    condition: Visible | None = None
    timeout_s: float | None = Field(default=None, gt=0)
    steps: list[Step]

    @model_validator(mode="after")
    def _bounded(self) -> RepeatBlock:
        if self.times is None and self.condition is None:
            raise ValueError("repeat needs times, a condition, or both")
        return self


class RunFlow(_Step):
    """Another flow file's steps, included here; `path` is resolved against the including file."""

    kind: Literal["run_flow"] = "run_flow"
    path: Path
    flow: Flow


class Launch(_Step):
    """Start the app `package` from its launcher activity, first wiping its data when
    `clear_state`, or force-stopping it when `stop_first` (so it starts on its first
    screen, not where it was left)."""

    kind: Literal["launch"] = "launch"
    package: str = Field(min_length=1)
    clear_state: bool = False
    stop_first: bool = False


class StopApp(_Step):
    """Force-stop the app `package`."""

    kind: Literal["stop_app"] = "stop_app"
    package: str = Field(min_length=1)


class ClearState(_Step):
    """Wipe the data of the app `package` (`pm clear`)."""

    kind: Literal["clear_state"] = "clear_state"
    package: str = Field(min_length=1)


class SeedData(_Step):
    """Regenerate the apps' data from the whole number `seed` (droidpilot's virtual phone's
    `vphone seed N`), so a flow finds the same contacts, notes and messages every run."""

    kind: Literal["seed"] = "seed"
    seed: int = Field(ge=0)


class Screenshot(_Step):
    """Keep a screenshot under `name` in the report."""

    kind: Literal["screenshot"] = "screenshot"
    name: str = Field(min_length=1)


class WaitUntil(_Step):
    """Wait, watching the screen, until `condition` holds; fail after `timeout_s`."""

    kind: Literal["wait_until"] = "wait_until"
    condition: Visible
    timeout_s: float = Field(gt=0, le=3600)


class Settle(_Step):
    """Wait until the screen stops changing (animations end), for at most `timeout_s`."""

    kind: Literal["settle"] = "settle"
    timeout_s: float | None = Field(default=None, gt=0, le=3600)


class HideKeyboard(_Step):
    """Close the on-screen keyboard if it is open (a back press only when it is shown)."""

    kind: Literal["hide_keyboard"] = "hide_keyboard"


Step: TypeAlias = Annotated[
    ActionStep
    | TapRelative
    | GoalStep
    | RetryBlock
    | WhenBlock
    | OptionalBlock
    | RepeatBlock
    | RunFlow
    | Launch
    | StopApp
    | ClearState
    | SeedData
    | Screenshot
    | WaitUntil
    | Settle
    | HideKeyboard,
    Field(discriminator="kind"),
]
"""Any step of a flow."""


class Flow(_Model):
    """A parsed flow file: what to set up, then the steps, with the variables they used."""

    name: str
    path: Path
    """The file it was read from."""
    format: Literal["droidpilot", "maestro"]
    app: str | None = None
    """The app's package (`app:`, Maestro's `appId`)."""
    env: dict[str, str] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    setup: list[Step] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)


for _model in (RetryBlock, WhenBlock, OptionalBlock, RepeatBlock, RunFlow, Flow):
    _model.model_rebuild()
