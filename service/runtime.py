"""`Runtime`: what the service holds open while it runs: the farm of phones, the grounder,
the task manager with its store, and the MCP server over them.

The API opens one per run of its lifespan (`create_app`), `droidpilot mcp` one for its
stdio session; closing it stops the running tasks (they end interrupted), closes the store
and stops the uiautomator2 servers the farm started.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from device.farm import Farm
from service.config import Settings
from service.executor import Executor, LocalExecutor
from service.ground import Grounder
from service.hosts import FarmHosts
from service.mcp_server import DroidpilotMCP, build_mcp
from service.phones import Phones, farm_for
from service.tasks.leases import LeaseStore
from service.tasks.manager import TaskManager
from service.tasks.records import StepRecord, TaskRecord
from service.tasks.store import DATABASE, TaskStore

__all__ = ["Runtime", "open_runtime"]


@dataclass(frozen=True)
class Runtime:
    farm: Farm
    grounder: Grounder
    phones: Phones
    store: TaskStore
    tasks: TaskManager
    mcp: DroidpilotMCP


@contextmanager
def open_runtime(
    settings: Settings,
    *,
    on_step: Callable[[StepRecord], None] | None = None,
    on_finish: Callable[[TaskRecord], None] | None = None,
) -> Iterator[Runtime]:
    """Everything the service runs on, closed in reverse order when the block ends."""
    leases = LeaseStore(settings.data.dir / DATABASE)
    farm = farm_for(settings, leases=leases)
    try:
        store = TaskStore(settings.data.dir, keep_screenshots_of=settings.data.keep_screenshots_of)
        try:
            executor, farm_hosts = _executors(settings, farm)
            tasks = TaskManager(
                farm,
                store,
                executor=executor,
                data_dir=settings.data.dir,
                on_step=on_step,
                on_finish=on_finish,
            )
            phones = Phones(settings, farm, hosts=farm_hosts)
            try:
                yield Runtime(
                    farm=farm,
                    grounder=Grounder(settings, farm, farm_hosts),
                    phones=phones,
                    store=store,
                    tasks=tasks,
                    mcp=build_mcp(phones, tasks, settings),
                )
            finally:
                tasks.close()
                executor.close()
        finally:
            store.close()
    finally:
        farm.close()
        leases.close()


def _executors(settings: Settings, farm: Farm) -> tuple[Executor, FarmHosts | None]:
    """Where tasks and flows run, and the farm's other hosts: the farm's dispatcher for both
    when a Ray head is configured; this process's phones and none otherwise."""
    if settings.cluster.head is None:
        return LocalExecutor(farm, data_dir=settings.data.dir), None
    from service.cluster.dispatcher import RayExecutor  # Ray only when a farm is asked for

    dispatcher = RayExecutor(settings.cluster.head)
    return dispatcher, dispatcher
