"""Tasks run in the background: a goal for a planner, or a list of ACI steps, on one phone.

`TaskManager.submit` checks the request, takes the phone (its own lease, or the client's),
stores the task as queued and returns at once; a worker thread has the executor run the
episode (`service.executor`: in this process, or on a farm's host), stores each step as it
happens (with the screenshot the planner saw) and wakes whoever follows the task's events.

A task may name its phone by serial or by what it is (`DeviceQuery`: "any API 34 phone
tagged fast"); a task by query waits in the queue for a matching phone to be free, for at
most its queue timeout, and the queue is first come, first served: a free phone goes to
the request that has waited longest of those it matches. The lease on the phone is renewed
with every step; when it lapses (a client's lease not renewed, or a task whose host stopped
answering) the task is cancelled. A task whose host dies fails as host-lost, or, when it
allows a retry and was not pinned to a serial, runs again on another host's matching phone.

A task ends done, failed (with the reason), or cancelled; its lease is released whatever
happens. When the service stops, running tasks stop and are marked interrupted; a task the
service could not stop (it was killed) is marked so at the next start.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import aci
from device.errors import DeviceNotFoundError, LeaseConflictError, LeaseNotFoundError
from device.farm import Farm
from device.lease import Lease, LeaseBook
from planning import LlmConfig
from service.episode import Episode, Turn
from service.executor import EpisodeJob, Executor, LocalExecutor
from service.hosts import DeviceQuery, HostLostError, HostPhone, NotPlacedError
from service.planners import PlannerKind, planner_for
from service.tasks.errors import TaskFinishedError, UnknownTaskError
from service.tasks.records import GroundingBrief, ScreenBrief, StepRecord, TaskRecord, TaskStatus
from service.tasks.store import INTERRUPTED_FAILURE, TaskStore

__all__ = ["MAX_ATTEMPTS", "TaskManager", "TaskSpec", "choose_planner"]

logger = logging.getLogger(__name__)

_LEASE_MARGIN_S = 60.0
"""A task's own lease outlives its time budget by this much, and is renewed every step."""
_DEFAULT_LEASE_S = 600.0
"""The lease of a task without a time budget, renewed every step."""
_QUEUE_POLL_S = 0.25
"""How often a queued task looks for a free phone that matches it."""
MAX_ATTEMPTS = 3
"""Work that may be retried (a task, a flow run) runs at most this many times when hosts
die under it."""


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
    """The phone's serial; None: the phone of `lease_id`, or any phone of `device_query`."""
    planner: PlannerKind
    goal: str | None = None
    steps: tuple[str, ...] = ()
    lease_id: str | None = None
    """The client's lease on the phone; without one the task leases the phone itself."""
    max_steps: int = 30
    time_budget_s: float | None = None
    sources: tuple[aci.Source, ...] = ("hierarchy",)
    llm: LlmConfig | None = None
    device_query: DeviceQuery | None = None
    """Any free phone that matches, when no serial or lease names one."""
    queue_timeout_s: float = 30.0
    """How long the task may wait for its phone before it fails."""
    retry_on_host_loss: bool = False
    """Run again on another matching phone when the host dies (tasks by query only)."""


@dataclass(eq=False)
class _Waiter:
    """A request waiting in the queue for a phone: what it takes, oldest first."""

    query: DeviceQuery
    excluding: frozenset[str]

    def wants(self, phone: HostPhone) -> bool:
        return self.query.matches(phone) and phone.host not in self.excluding


@dataclass
class _Running:
    """A task in flight: how to stop it, and why it was stopped when not by its caller."""

    cancel: threading.Event = field(default_factory=threading.Event)
    reason: str | None = None
    """Why the service stopped the task (its lease lapsed); None when its caller did."""


class TaskManager:
    """Runs tasks in worker threads and keeps their records in the store."""

    def __init__(
        self,
        farm: Farm,
        store: TaskStore,
        *,
        executor: Executor | None = None,
        workers: int = 1024,
        data_dir: Path | None = None,
        on_step: Callable[[StepRecord], None] | None = None,
        on_finish: Callable[[TaskRecord], None] | None = None,
    ) -> None:
        self.farm = farm
        self.leases: LeaseBook = farm.leases
        self.store = store
        self.data_dir = data_dir
        """Where the app memory is kept, for the planners (`droidpilot explore`)."""
        self.executor: Executor = executor or LocalExecutor(farm, data_dir=data_dir)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="task")
        """A thread a task, from submission to its end (queued tasks wait in theirs, so that
        their queue timeout counts from submission): as many as a large farm has phones and
        waiting tasks. Idle threads are not made until needed."""
        self._running: dict[str, _Running] = {}
        self._changed = threading.Condition()
        """Notified whenever a task stores a step or changes status."""
        self._on_step = on_step
        self._on_finish = on_finish
        self._closed = False
        self._waiters: list[_Waiter] = []
        """Requests waiting for a phone by query, oldest first (`take_phone`)."""

    def submit(self, spec: TaskSpec) -> TaskRecord:
        """Store the task and start it. Raises `LeaseConflictError` when another client holds
        the phone, `LeaseNotFoundError` for an unknown lease, `PlannerInputError` for steps
        that do not parse, and `DeviceNotFoundError` when no phone is or could be the one."""
        with planner_for(spec.planner, steps=spec.steps, llm=spec.llm, max_steps=spec.max_steps):
            pass  # the planner's input is checked now, not in the worker
        device = spec.device
        if device is None and spec.lease_id is not None:
            device = self.leases.get(spec.lease_id).serial
        if device is None and spec.device_query is None:
            raise ValueError("a task needs a device, a lease or a device query")
        if device is not None:
            self.leases.check(device, spec.lease_id)
            self.phone(device)  # an unknown or missing phone fails the request
        else:
            assert spec.device_query is not None
            self._matching(spec.device_query)  # none anywhere fails the request
        record = TaskRecord(
            goal=spec.goal,
            steps=list(spec.steps) or None,
            planner=spec.planner,
            device=device,
            device_query=spec.device_query,
            max_steps=spec.max_steps,
            time_budget_s=spec.time_budget_s,
        )
        own_lease = None
        if spec.lease_id is None:
            record = record.model_copy(update={"own_lease": True})
            if device is not None:
                own_lease = self._lease(device, record.id, spec)
        running = _Running()
        with self._changed:
            if self._closed:
                if own_lease is not None:
                    self.leases.release(own_lease.id)
                raise RuntimeError("the service is stopping")
            record = self.store.create(record)
            self._running[record.id] = running
        self._pool.submit(self._run, record, spec, own_lease, running)
        return record

    def phones(self) -> list[HostPhone]:
        """Every phone the executor can run on (a farm's: every host's)."""
        return self.executor.phones()

    def phone(self, serial: str) -> HostPhone:
        """The phone with this serial; DeviceNotFoundError when no host lists it."""
        phones = self.phones()
        for phone in phones:
            if phone.serial == serial:
                return phone
        known = ", ".join(sorted(phone.serial for phone in phones)) or "none"
        raise DeviceNotFoundError(f"no phone {serial!r} (phones: {known})", serial=serial)

    def queue(self) -> list[TaskRecord]:
        """The tasks of this process that are queued or running, oldest first."""
        with self._changed:
            ids = list(self._running)
        records = [self.store.get(task_id) for task_id in ids]
        live = [r for r in records if r is not None and not r.status.finished]
        return sorted(live, key=lambda record: record.created_at)

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
        lost_hosts: set[str] = set()
        try:
            for attempt in range(1, MAX_ATTEMPTS + 1):
                if lease is None and spec.device_query is not None:
                    lease = self._wait_for_phone(record, spec, running, lost_hosts)
                    if lease is None:
                        break  # cancelled while queued
                serial = lease.serial if lease is not None else record.device
                assert serial is not None
                host = self.phone(serial).host
                self._update(
                    task_id,
                    status=TaskStatus.RUNNING,
                    started_at=time.time(),
                    device=serial,
                    host=host,
                    attempts=attempt,
                )
                try:
                    episode = self._episode(record, spec, serial, lease, running)
                    break
                except HostLostError as exc:
                    if not (spec.retry_on_host_loss and spec.device_query is not None):
                        raise
                    if attempt == MAX_ATTEMPTS:
                        raise
                    logger.warning("task %s: %s; running it again elsewhere", task_id, exc)
                    lost_hosts.add(exc.host)
                    self._release(task_id, lease)
                    lease = None
        except (HostLostError, NotPlacedError) as exc:
            failure = str(exc)
        except Exception as exc:  # a worker must end its task whatever went wrong
            logger.exception("task %s stopped on an error", task_id)
            failure = f"{type(exc).__name__}: {exc}"
        finally:
            self._release(task_id, lease)
            self._finish(task_id, episode, failure, running)

    def _wait_for_phone(
        self, record: TaskRecord, spec: TaskSpec, running: _Running, lost_hosts: set[str]
    ) -> Lease | None:
        assert spec.device_query is not None
        return self.take_phone(
            spec.device_query,
            ttl_s=self._lease_ttl(spec),
            holder=f"task {record.id}",
            timeout_s=spec.queue_timeout_s,
            cancelled=running.cancel,
            excluding=lost_hosts,
        )

    def take_phone(
        self,
        query: DeviceQuery,
        *,
        ttl_s: float,
        holder: str,
        timeout_s: float,
        cancelled: threading.Event | None = None,
        excluding: Collection[str] = frozenset(),
    ) -> Lease | None:
        """A lease on a free phone that matches `query` (on no host of `excluding`), taken
        as soon as one is free; None when `cancelled` is set first; NotPlacedError after
        `timeout_s`, DeviceNotFoundError at once when no host has such a phone."""
        stop = cancelled or threading.Event()
        deadline = time.monotonic() + timeout_s
        waiter = _Waiter(query, frozenset(excluding))
        with self._changed:
            self._waiters.append(waiter)
        try:
            while not stop.is_set():
                for phone in self._matching(query, excluding=excluding):
                    if not phone.usable or self.leases.of(phone.serial) is not None:
                        continue
                    if self._earlier_wants(waiter, phone):
                        continue  # first come, first served: an earlier waiter takes it
                    try:
                        return self.leases.grant(phone.serial, ttl_s=ttl_s, holder=holder)
                    except LeaseConflictError:  # taken since the look: try the next one
                        continue
                if time.monotonic() >= deadline:
                    raise NotPlacedError(
                        f"no phone matching {query} was free within the queue timeout of"
                        f" {timeout_s:g} s"
                    )
                stop.wait(_QUEUE_POLL_S)
            return None
        finally:
            with self._changed:
                self._waiters.remove(waiter)

    def _earlier_wants(self, waiter: _Waiter, phone: HostPhone) -> bool:
        """Whether a request that has waited longer than `waiter` would take `phone`."""
        with self._changed:
            earlier = self._waiters[: self._waiters.index(waiter)]
        return any(other.wants(phone) for other in earlier)

    def _matching(
        self, query: DeviceQuery, *, excluding: Collection[str] = frozenset()
    ) -> list[HostPhone]:
        """The phones that match `query` on hosts not in `excluding`; DeviceNotFoundError when
        no host has one at all (a task for them would wait for nothing)."""
        phones = self.phones()
        matching = [p for p in phones if query.matches(p) and p.host not in excluding]
        if not matching:
            raise DeviceNotFoundError(
                f"no phone matches {query} ({len(phones)} phones on"
                f" {len({phone.host for phone in phones})} hosts)"
            )
        return matching

    def _lease(self, serial: str, task_id: str, spec: TaskSpec) -> Lease:
        return self.leases.grant(serial, ttl_s=self._lease_ttl(spec), holder=f"task {task_id}")

    def _release(self, task_id: str, lease: Lease | None) -> None:
        if lease is None:
            return
        try:
            self.leases.release(lease.id)
        except LeaseNotFoundError:  # expired already: the phone is free either way
            logger.debug("task %s: its lease had expired", task_id)

    def _episode(
        self,
        record: TaskRecord,
        spec: TaskSpec,
        serial: str,
        lease: Lease | None,
        running: _Running,
    ) -> Episode:
        first_index = self.get(record.id).step_count  # a rerun numbers on from the last
        lease_id = lease.id if lease is not None else spec.lease_id

        def on_turn(turn: Turn) -> None:
            self._store_turn(record.id, turn, first_index + turn.index)
            if lease is not None:
                self.leases.renew(lease.id, ttl_s=self._lease_ttl(spec))

        def should_stop() -> bool:
            if running.cancel.is_set():
                return True
            if lease_id is not None and self.leases.of(serial) is None:
                running.reason = f"the lease on {serial} ran out"
                running.cancel.set()
            return running.cancel.is_set()

        job = EpisodeJob(
            task_id=record.id,
            serial=serial,
            goal=spec.goal or "carry out the steps",
            planner=spec.planner,
            steps=spec.steps,
            max_steps=spec.max_steps,
            time_budget_s=spec.time_budget_s,
            sources=spec.sources,
            llm=spec.llm,
            queue_timeout_s=spec.queue_timeout_s,
            data_dir=self.data_dir,
        )
        return self.executor.run(job, on_turn=on_turn, should_stop=should_stop)

    def _store_turn(self, task_id: str, turn: Turn, index: int) -> None:
        report = turn.report
        grounding = None if report is None else report.grounding
        timing = {**turn.timing_ms, **({} if report is None else report.timing_ms)}
        step = StepRecord(
            index=index,
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
        elif running.cancel.is_set() and not failure and self._closed:
            status, why = TaskStatus.INTERRUPTED, INTERRUPTED_FAILURE
        elif running.cancel.is_set() and not failure and (episode is None or episode.cancelled):
            status, why = TaskStatus.CANCELLED, running.reason or "cancelled"
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
