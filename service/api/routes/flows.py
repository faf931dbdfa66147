"""`/v1/flows`: run a flow on one of the service's phones and answer how it went.

`droidpilot flow run --server URL` parses flow files where they are (their `${VAR}`s from
the caller's environment, their problems named by file and line before anything is sent)
and posts each parsed flow here; the service runs it on its phone (in a farm, on the phone's
host, with that host's replay cache) and answers when it has finished. The phone is leased
for the run (409 while someone else holds it) unless the request carries the caller's
lease; a run may instead ask for any free phone that matches `device_query`, and, in a farm,
be run again from the start on another host when its host dies (`retry_on_host_loss`).
"""

from __future__ import annotations

import logging
from typing import Any

import anyio
from fastapi import APIRouter
from pydantic import Field, field_validator

from device.errors import LeaseNotFoundError
from device.lease import Lease
from service.api.deps import SettingsDep, TasksDep
from service.api.limits import MAX_STEPS
from service.api.phone_choice import PhoneChoice
from service.errors import error_responses
from service.executor import FlowJob
from service.flows.model import Flow
from service.flows.wire import FlowRun
from service.hosts import HostLostError
from service.tasks.manager import MAX_ATTEMPTS

router = APIRouter(prefix="/flows", tags=["flows"])

logger = logging.getLogger(__name__)

_LEASE_S = 6 * 3600.0
"""The run's own lease: longer than any smoke flow, and released the moment the run ends."""
_RUNNERS = anyio.CapacityLimiter(256)
"""Threads flows run in: their own, so that long runs never take the threads every other
route runs in (anyio's default pool has 40); one phone runs one flow at a time anyway."""


class FlowRunRequest(PhoneChoice):
    """A parsed flow and the phone to run it on (`PhoneChoice`'s fields)."""

    flow: dict[str, Any]
    """The flow as `droidpilot flow run --server` sends it: the file parsed into droidpilot's
    model of steps (`service.flows.Flow`), included flows and variables resolved."""
    max_steps: int | None = Field(default=None, ge=1, le=MAX_STEPS)
    """A cap on the step budget of every `goal:` step."""
    replay: bool = True
    """Rerun steps from the service's replay cache, and record the run when it passes;
    false grounds every step afresh."""
    pictures: bool = False
    """Answer with a small picture of the screen after every step (for an HTML report)."""

    @field_validator("flow")
    @classmethod
    def _a_flow(cls, flow: dict[str, Any]) -> dict[str, Any]:
        Flow.model_validate(flow)  # its problems, field by field, as a 422
        return flow


@router.post(
    "/run",
    response_model=FlowRun,
    responses=error_responses(
        "invalid_input", "lease_conflict", "lease_not_found", "device_not_found",
        "device_offline", "device_timeout", "host_lost", "not_placed",
    ),
)  # fmt: skip
async def run_flow(request: FlowRunRequest, tasks: TasksDep, settings: SettingsDep) -> FlowRun:
    """Run the flow to its end and answer how it went (a failed flow is a 200 that says so)."""
    flow = Flow.model_validate(request.flow)  # checked already: it parses
    leases = tasks.leases
    holder = f"flow {flow.name}"

    def take() -> tuple[str, Lease | None]:
        """The phone to run on, and the run's own lease on it (None under the caller's)."""
        if request.device_query is not None:
            lease = tasks.take_phone(
                request.device_query,
                ttl_s=_LEASE_S,
                holder=holder,
                timeout_s=request.queue_timeout_s,
                excluding=lost,
            )
            assert lease is not None  # nothing cancels the wait
            return lease.serial, lease
        serial = request.device or leases.get(str(request.lease_id)).serial
        tasks.phone(serial)  # an unknown phone is a 404 before any lease
        if request.lease_id is not None:
            leases.check(serial, request.lease_id)
            return serial, None
        return serial, leases.grant(serial, ttl_s=_LEASE_S, holder=holder)

    lost: set[str] = set()

    def run() -> FlowRun:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            serial, own = take()
            job = FlowJob(
                serial=serial,
                flow=flow,
                replay=request.replay,
                max_steps=request.max_steps,
                pictures=request.pictures,
                queue_timeout_s=request.queue_timeout_s,
                data_dir=settings.data.dir,
            )
            try:
                return tasks.executor.run_flow(job)
            except HostLostError as exc:
                if not request.retry_on_host_loss or attempt == MAX_ATTEMPTS:
                    raise
                logger.warning("flow %s: %s; running it again elsewhere", flow.name, exc)
                lost.add(exc.host)
            finally:
                if own is not None:
                    try:
                        leases.release(own.id)
                    except LeaseNotFoundError:  # expired already: the phone is free
                        logger.debug("flow %s: its lease had expired", flow.name)
        raise AssertionError("unreachable: the last attempt returns or raises")

    return await anyio.to_thread.run_sync(run, limiter=_RUNNERS)
