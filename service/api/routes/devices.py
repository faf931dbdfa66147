"""`/v1/devices` and `/v1/leases`: the farm's phones, leased, looked at and driven one action
at a time.

A phone that is leased answers only requests that carry its lease in the `X-Lease-ID`
header (409 `lease_conflict` otherwise); a phone nobody leased answers everyone. The routes
are async: device work runs in the phone's own worker threads (`service.phones`), so a
frozen phone answers 504 without holding up the others.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Path, Query, Response
from pydantic import Field

from aci import Source
from service.api.deps import PhonesDep
from service.api.limits import MAX_SERIAL_CHARS, MAX_SOURCES, ActionInput, RequestModel
from service.errors import error_responses
from service.phones import ActResult, DeviceInfo, LeaseGrant, Observation

router = APIRouter(tags=["devices"])

Serial = Annotated[
    str,
    Path(
        min_length=1,
        max_length=MAX_SERIAL_CHARS,
        description="The phone's adb serial, e.g. emulator-5554 or 127.0.0.1:5555.",
    ),
]
LeaseHeader = Annotated[
    str | None,
    Header(
        alias="X-Lease-ID",
        max_length=64,
        description="The lease id, when the phone is leased (by you).",
    ),
]
LeaseId = Annotated[str, Path(min_length=1, max_length=64, description="The lease's id.")]

PHONE_ERRORS = (
    "device_not_found",
    "device_offline",
    "device_timeout",
    "device_command_failed",
    "lease_conflict",
    "lease_not_found",
)
"""Codes of the errors of a request on one phone: missing, gone, silent, refusing, or leased."""

MAX_TTL_S = 24 * 3600.0
"""The longest lease: a holder that vanishes frees the phone within a day at worst."""


class LeaseRequest(RequestModel):
    """How long to hold the phone, and who holds it."""

    ttl_s: float = Field(default=600.0, gt=0, le=MAX_TTL_S)
    """Seconds until the lease frees itself unless renewed."""
    holder: str | None = Field(default=None, max_length=200)
    """Who holds it, shown to others in the device list (a name, a CI job URL...)."""


class RenewRequest(RequestModel):
    ttl_s: float = Field(default=600.0, gt=0, le=MAX_TTL_S)
    """Seconds from now until the lease frees itself unless renewed again."""


class ActionRequest(RequestModel):
    """One ACI action to carry out on the phone."""

    model_config = RequestModel.model_config | {
        "json_schema_extra": {
            "examples": [{"action": 'open app "Settings"'}, {"action": 'tap "Network & internet"'}]
        }
    }

    action: ActionInput
    """ACI text (`tap "Wi-Fi"`, `type "hello" into "Search"`, `scroll down`, `press back`,
    `assert checked "Wi-Fi"`) or its structured form (`{"type": "tap", "target": "Wi-Fi"}`)."""
    sources: list[Source] = Field(default=["hierarchy"], min_length=1, max_length=MAX_SOURCES)
    """Where elements come from: `hierarchy`, `ocr`, `detector` (the pixels cost more time)."""


class ResetRequest(RequestModel):
    """What to reset before going to the home screen."""

    model_config = RequestModel.model_config | {
        "json_schema_extra": {"examples": [{"package": "com.android.settings", "clear": False}]}
    }

    package: str | None = Field(default=None, max_length=256, pattern=r"^[A-Za-z][\w.]*$")
    """The app to stop (or wipe, with `clear`); none: only go home."""
    clear: bool = False
    """Wipe the app's data (`pm clear`) instead of only stopping it."""


@router.get("/devices", response_model=list[DeviceInfo])
async def list_devices(phones: PhonesDep) -> list[DeviceInfo]:
    """Every phone of every configured adb server, with its state, size, health and lease."""
    return await phones.list()


@router.post(
    "/devices/{serial}/lease",
    response_model=LeaseGrant,
    status_code=201,
    responses=error_responses("invalid_input", "lease_conflict", "device_not_found"),
)
async def lease(serial: Serial, request: LeaseRequest, phones: PhonesDep) -> LeaseGrant:
    """Take the phone for yourself: until the lease ends, its other requests need the lease."""
    return await phones.lease(serial, ttl_s=request.ttl_s, holder=request.holder)


@router.post(
    "/leases/{lease_id}/renew",
    response_model=LeaseGrant,
    responses=error_responses("invalid_input", "lease_not_found"),
)
async def renew(lease_id: LeaseId, request: RenewRequest, phones: PhonesDep) -> LeaseGrant:
    """Keep the phone longer: the lease now ends `ttl_s` seconds from now."""
    return phones.renew(lease_id, ttl_s=request.ttl_s)


@router.delete(
    "/leases/{lease_id}",
    status_code=204,
    responses=error_responses("invalid_input", "lease_not_found"),
)
async def release(lease_id: LeaseId, phones: PhonesDep) -> Response:
    """Give the phone back."""
    phones.release(lease_id)
    return Response(status_code=204)


@router.get(
    "/devices/{serial}/screenshot",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}, "image/jpeg": {}}, "description": "The screen."},
        **error_responses("invalid_input", *PHONE_ERRORS),
    },
)
async def screenshot(
    serial: Serial,
    phones: PhonesDep,
    lease_id: LeaseHeader = None,
    image_format: Annotated[Literal["png", "jpeg"], Query(alias="format")] = "png",
) -> Response:
    """What the phone shows now, as a PNG (default) or a JPEG."""
    image = await phones.screenshot(serial, lease_id, image_format)
    return Response(image, media_type=f"image/{image_format}")


@router.get(
    "/devices/{serial}/observation",
    response_model=Observation,
    responses=error_responses("invalid_input", "bad_screen", *PHONE_ERRORS),
)
async def observation(
    serial: Serial,
    phones: PhonesDep,
    lease_id: LeaseHeader = None,
    compact: bool = True,
    sources: Annotated[list[Source], Query(max_length=MAX_SOURCES)] = ["hierarchy"],  # noqa: B006
) -> Observation:
    """The screen as elements: compact (label, role, where to tap, state) by default; every
    field with `compact=false`."""
    return await phones.observe(
        serial, lease_id, sources=tuple(dict.fromkeys(sources)), full=not compact
    )


@router.post(
    "/devices/{serial}/actions",
    response_model=ActResult,
    responses=error_responses("bad_action", "invalid_input", "bad_screen", *PHONE_ERRORS),
)
async def act(
    serial: Serial, request: ActionRequest, phones: PhonesDep, lease_id: LeaseHeader = None
) -> ActResult:
    """Carry out one action: grounded on the settled screen (scrolling to find its target),
    executed, and settled again. A target that cannot be found is `target_not_found` with
    the grounding's runners-up, not an error."""
    sources = tuple(dict.fromkeys(request.sources))
    return await phones.act(serial, lease_id, request.action, sources=sources)


@router.post(
    "/devices/{serial}/reset",
    response_model=Observation,
    responses=error_responses("invalid_input", *PHONE_ERRORS),
)
async def reset(
    serial: Serial, request: ResetRequest, phones: PhonesDep, lease_id: LeaseHeader = None
) -> Observation:
    """Stop (or wipe) an app and go to the home screen, so that a run starts from a known
    state; answers the home screen."""
    return await phones.reset(serial, lease_id, package=request.package, clear=request.clear)
