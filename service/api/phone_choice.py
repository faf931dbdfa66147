"""`PhoneChoice`: how a request for work (a task, a flow run) says which phone it runs on: a
serial, the caller's lease, or any free phone that matches a query; the same fields and
checks in every such request."""

from __future__ import annotations

from pydantic import Field, model_validator

from service.api.limits import RequestModel, SerialText
from service.hosts import DeviceQuery

__all__ = ["PhoneChoice"]


class PhoneChoice(RequestModel):
    """The phone the work runs on: `device`, the phone of `lease_id`, or any phone that
    matches `device_query`."""

    device: SerialText | None = None
    """The phone's adb serial (`GET /v1/devices` lists them); may be left out when
    `lease_id` names your lease on it, or when `device_query` says what phone will do."""
    lease_id: str | None = Field(default=None, max_length=64)
    """Your lease on the phone, if you hold one; otherwise the work leases the phone."""
    device_query: DeviceQuery | None = None
    """Any phone with these attributes (`{"api_level": 34, "tags": ["fast"]}`), taken as
    soon as one is free, instead of a serial."""
    queue_timeout_s: float = Field(default=30.0, gt=0, le=3600)
    """How long the work may wait for its phone (queued behind others, or for a host to take
    it) before it fails."""
    retry_on_host_loss: bool = False
    """Run again from the start on another matching phone when the phone's host dies (only
    with `device_query`: work pinned to a serial fails as host lost)."""

    @model_validator(mode="after")
    def _one_way_to_a_phone(self) -> PhoneChoice:
        if self.device is None and self.lease_id is None and self.device_query is None:
            raise ValueError(
                "give device (a serial), lease_id (your lease on a phone) or device_query"
                " (what phone will do)"
            )
        if self.device_query is not None and (self.device or self.lease_id):
            raise ValueError("device_query picks a phone: leave out device and lease_id")
        if self.retry_on_host_loss and self.device_query is None:
            raise ValueError("retry_on_host_loss needs device_query: a serial names one host")
        return self
