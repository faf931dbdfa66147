"""What runs on each host of the farm, inside Ray: the host's agent, the placeholder that
holds a missing phone's resource, and the episode of one task on one of its phones.

These run in Ray's worker processes on the host, which `droidpilot node` started with the
host's settings in their environment (`DROIDPILOT_ADB_*`: the host's own adb server).
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from device import AndroidDevice
from device.farm import Farm
from service.cluster import import_ray, phone_resource
from service.config import get_settings
from service.episode import Episode, Turn
from service.executor import EpisodeJob, FlowJob, LocalExecutor
from service.hosts import HostPhone
from service.phones import farm_for

__all__ = ["HostAgent", "call_stream", "episode_stream", "flow_stream", "hold_while_missing"]

logger = logging.getLogger(__name__)

POLL_S = 2.0
"""How often an agent lists its host's phones: a farm's views are this far behind at most."""


@functools.cache
def _farm() -> Farm:
    """This worker process's farm: the host's adb servers, as `droidpilot node` set them."""
    return farm_for(get_settings())


def _executor() -> LocalExecutor:
    """Runs work on this host's phones, with this host's app memory and replay cache (its
    own data dir: the service's folder is on another machine)."""
    return LocalExecutor(_farm(), data_dir=get_settings().data.dir)


class HostAgent:
    """One per host (a Ray actor placed there): lists the host's phones with their attributes
    every `POLL_S` seconds, and holds a missing phone's resource with a placeholder until
    the phone is back, so that no task is sent to a phone that is not there."""

    def __init__(self, host: str, tags: list[str], serials: list[str]) -> None:
        self.host = host
        self.tags = tuple(tags)
        self.serials = tuple(serials)
        """The phones the host joined with, each with a resource in the cluster."""
        self._phones: list[HostPhone] = []
        self._held: dict[str, Any] = {}
        """Serial -> the placeholder task holding its resource while it is missing."""
        self._lock = threading.Lock()
        self._list()
        threading.Thread(target=self._watch, name="host-agent", daemon=True).start()

    def phones(self) -> list[HostPhone]:
        with self._lock:
            return list(self._phones)

    def ping(self) -> str:
        return self.host

    def _watch(self) -> None:
        while True:
            time.sleep(POLL_S)
            try:
                self._list()
            except Exception:  # the agent must keep reporting whatever one listing met
                logger.exception("host %s: listing its phones failed", self.host)

    def _list(self) -> None:
        phones = [
            HostPhone(
                serial=phone.serial,
                host=self.host,
                state=phone.state,
                model=phone.model,
                api_level=phone.api_level,
                abi=phone.abi,
                tags=self.tags,
            )
            for phone in _farm().devices()
            if phone.serial in self.serials
        ]
        online = {phone.serial for phone in phones if phone.usable}
        listed = {phone.serial for phone in phones}
        phones += [
            HostPhone(serial=serial, host=self.host, state="missing", tags=self.tags)
            for serial in self.serials
            if serial not in listed
        ]
        with self._lock:
            self._phones = phones
        self._hold_missing(online)

    def _hold_missing(self, online: set[str]) -> None:
        ray = import_ray()
        for serial in self.serials:
            held = self._held.get(serial)
            if held is not None and ray.wait([held], timeout=0)[0]:
                del self._held[serial]  # the phone came back and its placeholder ended
                held = None
            if serial not in online and held is None:
                logger.warning("host %s: phone %s is missing; holding it", self.host, serial)
                self._held[serial] = (
                    ray.remote(hold_while_missing)
                    .options(num_cpus=0, max_retries=0, resources={phone_resource(serial): 1})
                    .remote(serial)
                )


def hold_while_missing(serial: str) -> None:
    """Hold the phone's resource (the caller asks for it) until the host's adb server lists
    it online again: tasks for the phone wait in Ray's queue, and time out there."""
    while not any(p.serial == serial and p.state == "device" for p in _farm().devices()):
        time.sleep(POLL_S)


def call_stream(serial: str, work: Callable[[AndroidDevice], Any]) -> Iterator[tuple[str, Any]]:
    """Run one piece of the service's work on a phone of this host (an observation, one
    action, a reset), yielding `("started", node id)`, then `("result", what it returned)`."""
    ray = import_ray()
    yield "started", ray.get_runtime_context().get_node_id()
    yield "result", work(_farm().device(serial))


def flow_stream(job: FlowJob) -> Iterator[tuple[str, Any]]:
    """Run the flow on this host, yielding `("started", node id)`, then `("result", FlowRun)`."""
    ray = import_ray()
    yield "started", ray.get_runtime_context().get_node_id()
    yield "result", _executor().run_flow(replace(job, data_dir=None))


def episode_stream(job: EpisodeJob) -> Iterator[tuple[str, Any]]:
    """Run the job's episode on this host, yielding `("started", node id)`, then
    `("turn", Turn)` as each turn happens, and `("result", Episode)` at the end."""
    ray = import_ray()
    yield "started", ray.get_runtime_context().get_node_id()
    turns: queue.Queue[Turn | Episode | BaseException] = queue.Queue()

    def run() -> None:
        try:
            episode = _executor().run(
                replace(job, data_dir=None), on_turn=turns.put, should_stop=_never
            )
        except Exception as exc:  # raised again in the dispatcher, which fails the task
            turns.put(exc)
            return
        turns.put(episode)

    threading.Thread(target=run, name=f"episode-{job.task_id}", daemon=True).start()
    while True:
        item = turns.get()
        if isinstance(item, Turn):
            yield "turn", item
        elif isinstance(item, Episode):
            yield "result", item
            return
        else:
            raise item


def _never() -> bool:
    """The episode on the host never stops itself: the dispatcher cancels the Ray task."""
    return False
