"""Where a task's episode runs: the `Executor` interface and the in-process `LocalExecutor`.

The task manager decides *what* runs and keeps the records; an executor runs one episode on
one phone and hands each turn back as it happens. `LocalExecutor` drives the phones of this
process's adb servers in the calling thread. The farm's executor
(`service.cluster.dispatcher.RayExecutor`, with the `cluster` extra) runs the same episode
on whichever host of a Ray cluster holds the phone; both implement this interface, so the
manager, the API and their tests do not know which one they have.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

import aci
from device.errors import DeviceError
from device.farm import Farm
from planning import LlmConfig
from service.episode import Episode, Turn, run_episode
from service.planners import PlannerKind, planner_for
from service.runner import Runner

__all__ = [
    "LOCAL_HOST",
    "DeviceQuery",
    "EpisodeJob",
    "Executor",
    "HostLostError",
    "HostPhone",
    "LocalExecutor",
    "NotPlacedError",
]

logger = logging.getLogger(__name__)

LOCAL_HOST = "local"
"""The host name the in-process executor gives its phones."""


class DeviceQuery(BaseModel):
    """Which phones a task may run on, by what they are rather than by serial: every field
    given must match (`tags`: the phone has all of them)."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    api_level: int | None = Field(default=None, ge=1, le=99)
    """Android's API level (`ro.build.version.sdk`), e.g. 34."""
    model: str | None = Field(default=None, min_length=1, max_length=128)
    """The phone's model (`ro.product.model`: `Pixel 8`), compared without regard to case,
    and with `_` for a space, as `adb devices -l` writes it (`Pixel_8`)."""
    abi: str | None = Field(default=None, min_length=1, max_length=32)
    """The primary ABI (`ro.product.cpu.abi`): `x86_64`, `arm64-v8a`..."""
    tags: list[str] = Field(default_factory=list, max_length=16)
    """Words the farm's operator gave the phone's host (`droidpilot node --tag fast`)."""
    host: str | None = Field(default=None, min_length=1, max_length=253)
    """The host the phone is attached to."""

    def matches(self, phone: HostPhone) -> bool:
        return (
            (self.api_level is None or phone.api_level == self.api_level)
            and (self.model is None or _model_key(phone.model) == _model_key(self.model))
            and (self.abi is None or phone.abi == self.abi)
            and set(self.tags) <= set(phone.tags)
            and (self.host is None or phone.host == self.host)
        )

    def __str__(self) -> str:
        given = self.model_dump(exclude_defaults=True)
        return ", ".join(f"{name} {value}" for name, value in given.items()) or "any phone"


def _model_key(model: str) -> str:
    return model.replace("_", " ").casefold()


@dataclass(frozen=True)
class HostPhone:
    """A phone an executor can run episodes on, with the attributes tasks are routed by."""

    serial: str
    host: str
    """The host whose adb server lists the phone (`local` for this process's own)."""
    state: str
    """adb's word: `device` when usable."""
    model: str = ""
    api_level: int | None = None
    abi: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        return self.state == "device"


@dataclass(frozen=True)
class EpisodeJob:
    """One episode to run on one phone: everything a host needs, and nothing it cannot
    pickle (it travels to another host in a farm)."""

    task_id: str
    serial: str
    goal: str
    planner: PlannerKind
    steps: tuple[str, ...] = ()
    max_steps: int = 30
    time_budget_s: float | None = None
    sources: tuple[aci.Source, ...] = ("hierarchy",)
    llm: LlmConfig | None = None
    queue_timeout_s: float = 30.0
    """How long the job may wait for its phone's host to take it."""
    data_dir: Path | None = field(default=None, compare=False)
    """Where the app memory is kept (`droidpilot explore`); the executor's own when None."""


class HostLostError(DeviceError):
    """The host running the episode died or left the farm; the episode's outcome is unknown."""

    def __init__(self, host: str, detail: str) -> None:
        super().__init__(f"host lost: {host}: {detail}")
        self.host = host


class NotPlacedError(DeviceError):
    """No host took the job within its queue timeout (its phone's host is gone or full)."""


class Executor(Protocol):
    """Runs episodes on phones; see the module's docstring."""

    def phones(self) -> list[HostPhone]:
        """Every phone this executor can run on, as of now (at most a few seconds old)."""
        ...

    def run(
        self,
        job: EpisodeJob,
        *,
        on_turn: Callable[[Turn], None],
        should_stop: Callable[[], bool],
    ) -> Episode:
        """Run the job's episode to its end, calling `on_turn` with each turn as it happens
        and stopping (the episode ends `cancelled`) soon after `should_stop` says so. Raises
        `HostLostError` or `NotPlacedError`; the episode's own failures are its outcome."""
        ...

    def close(self) -> None: ...


class LocalExecutor:
    """Runs each episode in the calling thread on a phone of this process's adb servers."""

    def __init__(self, farm: Farm, *, data_dir: Path | None = None) -> None:
        self.farm = farm
        self.data_dir = data_dir

    def phones(self) -> list[HostPhone]:
        return [
            HostPhone(
                serial=phone.serial,
                host=LOCAL_HOST,
                state=phone.state,
                model=phone.model,
                api_level=phone.api_level,
                abi=phone.abi,
            )
            for phone in self.farm.devices()
        ]

    def run(
        self,
        job: EpisodeJob,
        *,
        on_turn: Callable[[Turn], None],
        should_stop: Callable[[], bool],
    ) -> Episode:
        device = self.farm.device(job.serial)
        with planner_for(
            job.planner,
            steps=job.steps,
            llm=job.llm,
            max_steps=job.max_steps,
            data_dir=job.data_dir or self.data_dir,
        ) as planner:
            return run_episode(
                job.goal,
                Runner(device, sources=job.sources, apps=device.launcher_apps),
                planner,
                sources=job.sources,
                max_steps=job.max_steps,
                on_turn=on_turn,
                should_stop=should_stop,
                time_budget_s=job.time_budget_s,
            )

    def close(self) -> None:
        """Nothing of its own to close: the farm is its owner's."""
