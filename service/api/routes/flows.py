"""`/v1/flows`: run a flow on one of the service's phones and answer how it went.

`droidpilot flow run --server URL` parses flow files where they are (their `${VAR}`s from
the caller's environment, their problems named by file and line before anything is sent)
and posts each parsed flow here; the service runs it on its phone, with its own replay
cache, and answers when it has finished. The phone is leased for the run (409 while
someone else holds it) unless the request carries the caller's lease.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

import anyio
from fastapi import APIRouter
from pydantic import Field, field_validator, model_validator

from service.api.deps import PhonesDep, SettingsDep
from service.api.limits import MAX_STEPS, RequestModel, SerialText
from service.errors import error_responses
from service.flows.capture import StepShots
from service.flows.model import Flow
from service.flows.replay import ReplayCache, run_cached
from service.flows.wire import FlowRun

router = APIRouter(prefix="/flows", tags=["flows"])

logger = logging.getLogger(__name__)

_LEASE_S = 6 * 3600.0
"""The run's own lease: longer than any smoke flow, and released the moment the run ends."""
_RUNNERS = anyio.CapacityLimiter(256)
"""Threads flows run in: their own, so that long runs never take the threads every other
route runs in (anyio's default pool has 40); one phone runs one flow at a time anyway."""


class FlowRunRequest(RequestModel):
    """A parsed flow and the phone to run it on."""

    flow: dict[str, Any]
    """The flow as `droidpilot flow run --server` sends it: the file parsed into droidpilot's
    model of steps (`service.flows.Flow`), included flows and variables resolved."""
    device: SerialText | None = None
    """The phone's adb serial (`GET /v1/devices` lists them); may be left out when
    `lease_id` names your lease on it."""
    lease_id: str | None = Field(default=None, max_length=64)
    """Your lease on the phone, if you hold one; otherwise the run leases the phone."""
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

    @model_validator(mode="after")
    def _a_phone(self) -> FlowRunRequest:
        if self.device is None and self.lease_id is None:
            raise ValueError("give device (a serial) or lease_id (your lease on a phone)")
        return self


@router.post(
    "/run",
    response_model=FlowRun,
    responses=error_responses(
        "invalid_input", "lease_conflict", "lease_not_found",
        "device_not_found", "device_offline", "device_timeout",
    ),
)  # fmt: skip
async def run_flow(request: FlowRunRequest, phones: PhonesDep, settings: SettingsDep) -> FlowRun:
    """Run the flow to its end and answer how it went (a failed flow is a 200 that says so)."""
    farm = phones.farm
    flow = Flow.model_validate(request.flow)  # checked already: it parses

    def run() -> FlowRun:
        serial = request.device or farm.lease_by_id(str(request.lease_id)).serial
        own = None
        if request.lease_id is None:
            own = farm.lease(serial, ttl_s=_LEASE_S, holder=f"flow {flow.name}")
        else:
            farm.check_access(serial, request.lease_id)
        try:
            phone = farm.device(serial)
            cache = ReplayCache(settings.data.dir / "flows-cache") if request.replay else None
            with tempfile.TemporaryDirectory(prefix="droidpilot-flow-") as folder:
                shots = StepShots(Path(folder)) if request.pictures else None
                result = run_cached(
                    flow,
                    phone,
                    cache,
                    max_steps=request.max_steps,
                    data_dir=settings.data.dir,
                    step_shots=shots,
                )
                return FlowRun.of(result, pictures=request.pictures)
        finally:
            if own is not None:
                try:
                    farm.release(own.id)
                except Exception:  # expired already: the phone is free either way
                    logger.debug("flow %s: its lease had expired", flow.name)

    return await anyio.to_thread.run_sync(run, limiter=_RUNNERS)
