"""Tasks run in the background: a goal for a planner, or a list of ACI steps, on one phone.

`TaskManager.submit` checks the request, takes the phone (its own lease, or the client's),
stores the task as queued and returns at once; a worker thread runs the episode, stores
each step as it happens (with the screenshot the planner saw) and wakes whoever follows
the task's events. A task ends done, failed (with the reason), or cancelled; its lease is
released whatever happens. When the service stops, running tasks stop and are marked
interrupted; a task the service could not stop (it was killed) is marked so at the next start.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import aci
from device import AndroidDevice
from device.farm import Farm
from device.lease import Lease
from planning import LlmConfig, Planner
from service.episode import Episode, Turn, run_episode
from service.planners import PlannerKind, planner_for
from service.runner import Runner
from service.tasks.errors import TaskFinishedError, UnknownTaskError
from service.tasks.records import GroundingBrief, ScreenBrief, StepRecord, TaskRecord, TaskStatus
from service.tasks.store import INTERRUPTED_FAILURE, TaskStore

__all__ = ["TaskManager", "TaskSpec", "choose_planner"]

logger = logging.getLogger(__name__)

_LEASE_MARGIN_S = 60.0
"""A task's own lease outlives its time budget by this much, and is renewed every step."""
_DEFAULT_LEASE_S = 600.0
"""The lease of a task without a time budget, renewed every step."""


def choose_planner(
    goal: str | None, steps: Sequence[str] | None, planner: PlannerKind | None
) -> PlannerKind:
    """The planner a task runs with: the one asked for, else `script` for steps and the
    embedded `explorer` for a goal. ValueError when goal and steps do not fit it."""
    if (goal is None) == (steps is None):
        raise ValueError("give either goal (for a planner) or steps (ACI text), not both")
    kind: PlannerKind = planner or ("script" if steps is not None else "explorer")
    if (kind == "script") != (steps is not None):
        raise ValueError(f"the {kind} planner needs {'steps' if kind == 'script' else 'a goal'}")
    return kind


@dataclass(frozen=True)
class TaskSpec:
    """What to run where, checked by the caller's request model."""

    device: str | None
    """The phone's serial; None: the phone of `lease_id`."""
    planner: PlannerKind
    goal: str | None = None
    steps: tuple[str, ...] = ()
    lease_id: str | None = None
    """The client's lease on the phone; without one the task leases the phone itself."""
    max_steps: int = 30
    time_budget_s: float | None = None
    sources: tuple[aci.Source, ...] = ("hierarchy",)
    llm: LlmConfig | None = None


@dataclass
class _Running:
    """A task in flight: how to stop it and whom to wake."""

    cancel: threading.Event = field(default_factory=threading.Event)


class TaskManager:
    """Runs tasks in worker threads and keeps their records in the store."""

    def __init__(
        self,
        farm: Farm,
        store: TaskStore,
        *,
        workers: int = 64,
        data_dir: Path | None = None,
        on_step: Callable[[StepRecord], None] | None = None,
        on_finish: Callable[[TaskRecord], None] | None = None,
    ) -> None:
        self.farm = farm
        self.store = store
        self.data_dir = data_dir
        """Where the app memory is kept, for the planners (`droidpilot explore`)."""
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="task")
        self._running: dict[str, _Running] = {}
        self._changed = threading.Condition()
        """Notified whenever a task stores a step or changes status."""
        self._on_step = on_step
        self._on_finish = on_finish
        self._closed = False

    def submit(self, spec: TaskSpec) -> TaskRecord:
        """Store the task and start it. Raises `LeaseConflictError` when another client holds
        the phone, `LeaseNotFoundError` for an unknown lease, `PlannerInputError` for steps
        that do not parse, and device errors when the phone is not there."""
        with planner_for(spec.planner, steps=spec.steps, llm=spec.llm, max_steps=spec.max_steps):
            pass  # the planner's input is checked now, not in the worker
        device = spec.device
        if device is None:
            if spec.lease_id is None:
                raise ValueError("a task needs a device or a lease")
            device = self.farm.lease_by_id(spec.lease_id).serial
        if spec.lease_id is not None:
            self.farm.check_access(device, spec.lease_id)
        self.farm.device(device)  # an unknown or missing phone fails the request
        record = TaskRecord(
            goal=spec.goal,
            steps=list(spec.steps) or None,
            planner=spec.planner,
            device=device,
            max_steps=spec.max_steps,
            time_budget_s=spec.time_budget_s,
        )
        own_lease = None
        if spec.lease_id is None:
            own_lease = self.farm.lease(
                device, ttl_s=self._lease_ttl(spec), holder=f"task {record.id}"
            )
            record = record.model_copy(update={"own_lease": True})
        running = _Running()
        with self._changed:
            if self._closed:
                raise RuntimeError("the service is stopping")
            record = self.store.create(record)
            self._running[record.id] = running
        self._pool.submit(self._run, record, spec, own_lease, running)
        return record

    def get(self, task_id: str) -> TaskRecord:
        record = self.store.get(task_id)
        if record is None:
            raise UnknownTaskError(task_id)
        return record

    def cancel(self, task_id: str) -> TaskRecord:
        """Ask the task to stop before its next step; the record says when it has."""
        record = self.get(task_id)
        with self._changed:
            running = self._running.get(task_id)
        if running is None or record.status.finished:
            raise TaskFinishedError(f"task {task_id} has finished ({record.status.value})")
        running.cancel.set()
        return record

    def wait(
        self, task_id: str, *, after: int, timeout_s: float
    ) -> tuple[TaskRecord, list[StepRecord]]:
        """The task and its steps after index `after`, once there is something new or the
        task has finished, or after `timeout_s`: what a live event stream polls."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while True:
                record = self.get(task_id)
                steps = self.store.steps(task_id, after=after)
                left = deadline - time.monotonic()
                if steps or record.status.finished or left <= 0:
                    return record, steps
                self._changed.wait(left)

    def close(self, *, timeout_s: float = 10.0) -> None:
        """Stop every running task (each ends `interrupted` at its next step) and wait for
        the workers."""
        with self._changed:
            self._closed = True
            for running in self._running.values():
                running.cancel.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while self._running and time.monotonic() < deadline:
                self._changed.wait(deadline - time.monotonic())

    # -- the worker ----------------------------------------------------------------------

    def _run(
        self, record: TaskRecord, spec: TaskSpec, lease: Lease | None, running: _Running
    ) -> None:
        task_id = record.id
        episode: Episode | None = None
        failure: str | None = None
        try:
            self._update(task_id, status=TaskStatus.RUNNING, started_at=time.time())
            device = self.farm.device(record.device)
            with planner_for(
                spec.planner,
                steps=spec.steps,
                llm=spec.llm,
                max_steps=spec.max_steps,
                data_dir=self.data_dir,
            ) as planner:
                episode = self._episode(record, spec, device, planner, lease, running)
        except Exception as exc:  # a worker must end its task whatever went wrong
            logger.exception("task %s stopped on an error", task_id)
            failure = f"{type(exc).__name__}: {exc}"
        finally:
            if lease is not None:
                try:
                    self.farm.release(lease.id)
                except Exception:  # expired already: the phone is free either way
                    logger.debug("task %s: its lease had expired", task_id)
            self._finish(task_id, episode, failure, running)

    def _episode(
        self,
        record: TaskRecord,
        spec: TaskSpec,
        device: AndroidDevice,
        planner: Planner,
        lease: Lease | None,
        running: _Running,
    ) -> Episode:
        def on_turn(turn: Turn) -> None:
            self._store_turn(record.id, turn)
            if lease is not None:
                self.farm.renew(lease.id, ttl_s=self._lease_ttl(spec))

        goal = spec.goal or "carry out the steps"
        return run_episode(
            goal,
            Runner(device, sources=spec.sources, apps=device.launcher_apps),
            planner,
            sources=spec.sources,
            max_steps=spec.max_steps,
            on_turn=on_turn,
            should_stop=running.cancel.is_set,
            time_budget_s=spec.time_budget_s,
        )

    def _store_turn(self, task_id: str, turn: Turn) -> None:
        report = turn.report
        grounding = None if report is None else report.grounding
        timing = {**turn.timing_ms, **({} if report is None else report.timing_ms)}
        step = StepRecord(
            index=turn.index,
            action=aci.format_action(turn.step.action),
            outcome=turn.step.outcome.value,
            detail=turn.step.detail,
            reason=turn.reason,
            screen=ScreenBrief.of(turn.screen),
            grounding=None if grounding is None else GroundingBrief.of(grounding),
            commands=[] if report is None else list(report.commands),
            timing_ms={stage: round(ms, 2) for stage, ms in timing.items()},
        )
        stored = self.store.add_step(task_id, step, turn.screenshot, turn.image_format)
        with self._changed:
            self._changed.notify_all()
        if self._on_step is not None:
            self._on_step(stored)

    def _finish(
        self, task_id: str, episode: Episode | None, failure: str | None, running: _Running
    ) -> None:
        if episode is not None and episode.done:
            status, why = TaskStatus.DONE, None
        elif episode is not None and episode.cancelled and self._closed:
            status, why = TaskStatus.INTERRUPTED, INTERRUPTED_FAILURE
        elif episode is not None and episode.cancelled:
            status, why = TaskStatus.CANCELLED, "cancelled"
        else:
            status = TaskStatus.FAILED
            why = failure or (episode.failure if episode is not None else None) or "stopped"
        record = self._update(task_id, status=status, failure=why, finished_at=time.time())
        with self._changed:
            self._running.pop(task_id, None)
            self._changed.notify_all()
        logger.info(
            "task %s %s%s",
            task_id,
            status.value,
            f": {why}" if why else "",
            extra={"task_id": task_id, "status": status.value, "failure": why},
        )
        if self._on_finish is not None:
            self._on_finish(record)

    def _update(self, task_id: str, **changes: object) -> TaskRecord:
        record = self.store.update(task_id, **changes)
        with self._changed:
            self._changed.notify_all()
        return record

    @staticmethod
    def _lease_ttl(spec: TaskSpec) -> float:
        budget = spec.time_budget_s
        return _DEFAULT_LEASE_S if budget is None else budget + _LEASE_MARGIN_S
