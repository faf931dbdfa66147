"""Where work runs: the `Executor` interface and the in-process `LocalExecutor`.

The task manager and the flows route decide *what* runs and keep the records; an executor
runs one episode (handing each turn back as it happens) or one flow on one phone.
`LocalExecutor` drives the phones of this process's adb servers in the calling thread. The
farm's executor (`service.cluster.dispatcher.RayExecutor`, with the `cluster` extra) runs
the same work on whichever host of a Ray cluster holds the phone; both implement this
interface, so the manager, the API and their tests do not know which one they have.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import aci
from device.farm import Farm
from planning import LlmConfig
from service.episode import Episode, Turn, run_episode
from service.flows.capture import StepShots
from service.flows.model import Flow
from service.flows.replay import ReplayCache, run_cached
from service.flows.wire import FlowRun
from service.hosts import LOCAL_HOST, HostPhone
from service.planners import PlannerKind, planner_for
from service.runner import Runner

__all__ = [
    "EpisodeJob",
    "Executor",
    "FlowJob",
    "LocalExecutor",
]

logger = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class FlowJob:
    """One flow file's run on one phone, as `POST /v1/flows/run` asks for it."""

    serial: str
    flow: Flow
    replay: bool = True
    """Replay steps from the replay cache, and record the run when it passes."""
    max_steps: int | None = None
    """A cap on the step budget of every `goal:` step."""
    pictures: bool = False
    """Keep a small picture of the screen after every step."""
    queue_timeout_s: float = 30.0
    data_dir: Path | None = field(default=None, compare=False)
    """Where the replay cache and the app memory are kept; the executor's own when None."""


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

    def run_flow(self, job: FlowJob) -> FlowRun:
        """Run the flow to its end on the job's phone; raises as `run` does, and a failed
        flow is its outcome."""
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

    def run_flow(self, job: FlowJob) -> FlowRun:
        phone = self.farm.device(job.serial)
        data_dir = job.data_dir or self.data_dir
        cache = ReplayCache(data_dir / "flows-cache") if job.replay and data_dir else None
        with tempfile.TemporaryDirectory(prefix="droidpilot-flow-") as folder:
            shots = StepShots(Path(folder)) if job.pictures else None
            result = run_cached(
                job.flow,
                phone,
                cache,
                max_steps=job.max_steps,
                data_dir=data_dir,
                step_shots=shots,
            )
            return FlowRun.of(result, pictures=job.pictures)

    def close(self) -> None:
        """Nothing of its own to close: the farm is its owner's."""
