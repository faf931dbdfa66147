"""`GET /v1/queue`: the tasks waiting for a phone and those running, with every host's
phones counted, so that a farm's operator sees at a glance where work is stuck."""

from __future__ import annotations

import time
from collections import Counter

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from service.api.deps import TasksDep
from service.tasks.records import TaskRecord, TaskStatus

router = APIRouter(tags=["tasks"])


class HostLoad(BaseModel):
    """One host's phones: how many there are, usable, and busy with a lease."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    host: str
    """The farm host's name; `local` for the service's own adb servers."""
    phones: int
    """Phones its adb server lists."""
    usable: int
    """Of them, online (`device`)."""
    leased: int
    """Of them, held by a lease (a task's or a client's)."""


class Queue(BaseModel):
    """The queue as of `at`: at most a few seconds behind the hosts."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    at: float
    """When this view was taken (unix seconds)."""
    queued: list[TaskRecord]
    """Tasks waiting for a phone, oldest first."""
    running: list[TaskRecord]
    """Tasks running on a phone, oldest first."""
    hosts: list[HostLoad]
    """Every host with phones, by name."""


@router.get("/queue", response_model=Queue)
def get_queue(tasks: TasksDep) -> Queue:
    """What waits, what runs, and the phones of every host."""
    live = tasks.queue()
    phones = tasks.phones()
    leases = tasks.leases
    count: Counter[str] = Counter()
    usable: Counter[str] = Counter()
    leased: Counter[str] = Counter()
    for phone in phones:
        count[phone.host] += 1
        usable[phone.host] += phone.usable
        leased[phone.host] += leases.of(phone.serial) is not None
    return Queue(
        at=time.time(),
        queued=[record for record in live if record.status is TaskStatus.QUEUED],
        running=[record for record in live if record.status is TaskStatus.RUNNING],
        hosts=[
            HostLoad(host=host, phones=count[host], usable=usable[host], leased=leased[host])
            for host in sorted(count)
        ],
    )
