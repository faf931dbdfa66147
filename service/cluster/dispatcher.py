"""`RayExecutor`: the dispatcher, beside the API and the farm's only submitter of work.

Each episode is one Ray task asking for its phone's resource (`device:<serial>`: 1), so Ray
sends it to the host that holds the phone and never runs two on one phone. The task streams
its turns back as they happen (a Ray streaming generator). The dispatcher watches what Ray
does not:

- **placement**: a task Ray cannot place (a placeholder holds a missing phone, the host is
  full) would wait forever; after the job's queue timeout it is cancelled and the job fails
  as not placed; when the phone's host leaves the farm first, the job fails as host lost;
- **the host's life**: a host that dies fails its task at once (Ray says so); a host that
  freezes never does, so the dispatcher also asks Ray which nodes are alive while it waits;
- **cancellation**: when the manager says stop (its caller cancelled, the lease ran out),
  the Ray task is cancelled at once, even mid-step, and the phone's resource freed.

Ray's own retries are off: a retry of a task pinned to a phone would wait for that phone
forever; whether to run again elsewhere is the manager's decision.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from device import AndroidDevice
from service.cluster import AGENT_PREFIX, NAMESPACE, check_head, import_ray, phone_resource
from service.cluster.host import call_stream, episode_stream, flow_stream
from service.episode import Episode, Turn
from service.executor import EpisodeJob, FlowJob
from service.flows.wire import FlowRun
from service.hosts import HostLostError, HostPhone, NotPlacedError

__all__ = ["RayExecutor"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

_WAIT_S = 0.5
"""How often a running job looks at its stop flag, its placement and its host's life."""
_PHONES_FRESH_S = 1.0
"""The farm's phone list is asked of the agents at most this often."""
_AGENT_TIMEOUT_S = 3.0
"""The agents are asked together; one that does not answer within this long is left out of
the phone list."""
_NODES_FRESH_S = 1.0
"""Which nodes are alive is asked of Ray at most this often."""


class RayExecutor:
    """Runs episodes on the phones of a Ray cluster's hosts; see the module's docstring."""

    def __init__(self, address: str) -> None:
        """Connect to the cluster whose head is at `address` (`host:port`); FarmError when
        nothing answers there."""
        check_head(address)
        self.ray = import_ray()
        self.address = address
        if not self.ray.is_initialized():
            self.ray.init(
                address=address,
                namespace=NAMESPACE,
                log_to_driver=False,
                logging_level=logging.WARNING,
            )
        self._episodes = self.ray.remote(episode_stream)
        self._flows = self.ray.remote(flow_stream)
        self._calls = self.ray.remote(call_stream)
        self._lock = threading.Lock()
        self._phones: tuple[float, list[HostPhone]] = (0.0, [])
        self._nodes: tuple[float, dict[str, bool]] = (0.0, {})

    def phones(self) -> list[HostPhone]:
        with self._lock:
            asked_at, phones = self._phones
            if time.monotonic() - asked_at < _PHONES_FRESH_S:
                return list(phones)
        phones = self._ask_agents()
        with self._lock:
            self._phones = (time.monotonic(), phones)
        return list(phones)

    def run(
        self,
        job: EpisodeJob,
        *,
        on_turn: Callable[[Turn], None],
        should_stop: Callable[[], bool],
    ) -> Episode:
        turns: list[Turn] = []

        def took(turn: Turn) -> None:
            turns.append(turn)
            on_turn(turn)

        episode = self._follow(
            self._episodes, (job,), job.serial, job.queue_timeout_s, took, should_stop
        )
        if episode is None:
            return Episode(goal=job.goal, turns=turns, failure="cancelled", cancelled=True)
        assert isinstance(episode, Episode)
        return episode

    def run_flow(self, job: FlowJob) -> FlowRun:
        run = self._follow(self._flows, (job,), job.serial, job.queue_timeout_s, None, _never)
        assert isinstance(run, FlowRun)
        return run

    def call(self, serial: str, work: Callable[[AndroidDevice], T], *, timeout_s: float) -> T:
        result = self._follow(self._calls, (serial, work), serial, timeout_s, None, _never)
        return cast(T, result)

    def _follow(
        self,
        remote: Any,
        arguments: tuple[object, ...],
        serial: str,
        queue_timeout_s: float,
        on_turn: Callable[[Turn], None] | None,
        should_stop: Callable[[], bool],
    ) -> object | None:
        """Run `remote(*arguments)` on the phone's host and follow its stream to its result; None
        when `should_stop` said stop first."""
        ray = self.ray
        host = self._host_of(serial)
        stream = remote.options(
            num_cpus=0,
            max_retries=0,
            resources={phone_resource(serial): 1},
            num_returns="streaming",
        ).remote(*arguments)
        place_by = time.monotonic() + queue_timeout_s
        node: str | None = None
        try:
            while True:
                ready, _ = ray.wait([stream], timeout=_WAIT_S)
                if should_stop():
                    ray.cancel(stream, force=True)
                    return None
                if not ready:
                    if node is None and not self._listed(serial, host):
                        ray.cancel(stream, force=True)
                        raise HostLostError(host, "it left the farm before it took the work")
                    if node is None and time.monotonic() >= place_by:
                        ray.cancel(stream, force=True)
                        raise NotPlacedError(
                            f"no host took the work for {serial} within the queue timeout"
                            f" of {queue_timeout_s:g} s: its host ({host}) is gone, or the"
                            " phone is missing"
                        )
                    if node is not None and not self._alive(node):
                        ray.cancel(stream, force=True)
                        raise HostLostError(host, "Ray lost its node")
                    continue
                kind, item = ray.get(next(stream))
                if kind == "started":
                    node = item
                elif kind == "turn" and on_turn is not None:
                    on_turn(item)
                elif kind == "result":
                    return cast(object, item)
        except (HostLostError, NotPlacedError):
            raise
        except self.ray.exceptions.RayTaskError as exc:  # the work's own error, on the host
            raise exc.cause from None
        except StopIteration as exc:  # the stream ended without its result: the host died
            raise HostLostError(host, "the work ended without a result") from exc
        except self._host_errors() as exc:
            raise HostLostError(host, f"{type(exc).__name__}") from exc

    def close(self) -> None:
        """Leave the cluster; the hosts and their phones stay in it."""
        if self.ray.is_initialized():
            self.ray.shutdown()

    def _host_of(self, serial: str) -> str:
        for phone in self.phones():
            if phone.serial == serial:
                return phone.host
        return "unknown host"

    def _listed(self, serial: str, host: str) -> bool:
        """Whether the host's agent still lists the phone (a missing phone is listed too)."""
        return any(phone.serial == serial and phone.host == host for phone in self.phones())

    def _ask_agents(self) -> list[HostPhone]:
        ray = self.ray
        names = [
            entry["name"]
            for entry in ray.util.list_named_actors(all_namespaces=True)
            if entry.get("namespace") == NAMESPACE and entry["name"].startswith(AGENT_PREFIX)
        ]
        asked: dict[str, Any] = {}
        for name in names:
            try:
                asked[name] = ray.get_actor(name, namespace=NAMESPACE).phones.remote()
            except ValueError:  # its host left since the listing
                continue
        replies = list(asked.values())
        if not replies:
            return []
        ready, _ = ray.wait(replies, num_returns=len(replies), timeout=_AGENT_TIMEOUT_S)
        phones: list[HostPhone] = []
        for name, reply in asked.items():
            try:
                if reply not in ready:
                    raise TimeoutError(f"no answer within {_AGENT_TIMEOUT_S:g} s")
                phones += ray.get(reply)
            except Exception as exc:  # a dead or frozen host: its phones are not listed
                logger.warning("farm agent %s did not answer: %s", name, type(exc).__name__)
                ray.cancel(reply)
        return sorted(phones, key=lambda phone: (phone.host, phone.serial))

    def _alive(self, node: str) -> bool:
        with self._lock:
            asked_at, nodes = self._nodes
        if time.monotonic() - asked_at >= _NODES_FRESH_S:
            nodes = {entry["NodeID"]: bool(entry["Alive"]) for entry in self.ray.nodes()}
            with self._lock:
                self._nodes = (time.monotonic(), nodes)
        return nodes.get(node, False)

    def _host_errors(self) -> tuple[type[BaseException], ...]:
        """What Ray raises when the host under a task went away."""
        exceptions = self.ray.exceptions
        return (
            exceptions.NodeDiedError,
            exceptions.WorkerCrashedError,
            exceptions.ObjectLostError,
            exceptions.OwnerDiedError,
            exceptions.RaySystemError,
            exceptions.TaskCancelledError,
        )


def _never() -> bool:
    return False
