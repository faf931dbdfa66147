"""`GET /healthz` and `GET /metrics`, at the root: what load balancers, Kubernetes probes
and Prometheus call, every few seconds.

Both are async on purpose: they run on the event loop, never waiting for a thread of the
pool that a hung phone or a long OCR may hold, and they touch no phone, no adb server and
no model. `GET /v1/health` is the deeper check that asks the adb server.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from pydantic import BaseModel, ConfigDict

from service.api.metrics import MetricsDep

router = APIRouter(tags=["operations"])


class Liveness(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True)

    status: Literal["ok"] = "ok"
    """Always "ok": the process serves requests."""


@router.get("/healthz", response_model=Liveness)
async def healthz() -> Liveness:
    """Liveness: 200 while the process serves requests, whatever the phones are doing."""
    return Liveness()


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_PLAIN_0_0_4: {}}}},
)
async def metrics_text(metrics: MetricsDep) -> Response:
    """The service's metrics in Prometheus' text format."""
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_PLAIN_0_0_4)
