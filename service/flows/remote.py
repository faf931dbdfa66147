"""Flows run through the service: `droidpilot flow run --server URL`.

The client lists the service's phones (`GET /v1/devices`) and posts each parsed flow to
`POST /v1/flows/run`; the answer becomes a `FlowResult` like a local run's, so the JUnit
and HTML reports and the exit status are the same either way. A service that cannot be
reached or that refuses a request (a bad token, a phone someone else holds) is a
`ServiceError` with one line saying so, or, for one flow, that flow's failure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from pydantic import ValidationError

from service.flows.capture import StepShots
from service.flows.execute import FlowResult, StepRecord
from service.flows.model import Flow
from service.flows.shards import RunOne
from service.flows.wire import FlowRun

__all__ = ["FlowService", "ServiceError"]

_CONNECT_S = 10.0
"""How long to wait for the service to answer a connection: it is up or it is not."""


class ServiceError(Exception):
    """The service could not be reached, or refused; the message says which and why."""


class FlowService:
    """The service at `url`, with its bearer `token` when it asks for one."""

    def __init__(self, url: str, *, token: str | None = None) -> None:
        if not url.startswith(("http://", "https://")):
            raise ServiceError(f"--server {url!r}: give a URL such as http://127.0.0.1:8000")
        headers = {} if token is None else {"Authorization": f"Bearer {token}"}
        # no read timeout: a flow's answer comes when the flow has run, however long
        timeout = httpx.Timeout(_CONNECT_S, read=None)
        self.url = url.rstrip("/")
        self._client = httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def online(self) -> list[str]:
        """Serials of the service's phones that adb calls usable."""
        devices = self._call("GET", "/v1/devices")
        return [d["serial"] for d in devices if isinstance(d, dict) and d.get("state") == "device"]

    def runner(
        self, *, max_steps: int | None, replay: bool, step_shots: StepShots | None
    ) -> RunOne:
        """Runs each flow on the service's phone; `step_shots` keeps the pictures the service
        sends back, for the HTML report."""

        def run(flow: Flow, serial: str, on_failure: Callable[[StepRecord], None]) -> FlowResult:
            body = {
                "flow": flow.model_dump(mode="json"),
                "device": serial,
                "max_steps": max_steps,
                "replay": replay,
                "pictures": step_shots is not None,
            }
            try:
                answer = FlowRun.model_validate(self._call("POST", "/v1/flows/run", json=body))
            except (ServiceError, ValidationError) as exc:
                failed = FlowResult(name=flow.name, file=flow.path, serial=serial)
                failed.reason = f"service {self.url}: {_first_line(exc)}"
                return failed
            shots = None if step_shots is None else step_shots.for_run(serial, flow.path.stem)
            result = answer.into(shots)
            for step in result.steps:
                if step.outcome == "failed":
                    on_failure(step)
            return result

        return run

    def close(self) -> None:
        self._client.close()

    def _call(self, method: str, path: str, **options: Any) -> Any:
        try:
            response = self._client.request(method, path, **options)
        except httpx.HTTPError as exc:
            raise ServiceError(f"cannot reach {self.url}: {exc}") from exc
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.is_success:
            return body
        detail = body.get("detail") if isinstance(body, dict) else None
        raise ServiceError(f"{method} {path}: {response.status_code} {detail or response.text}")


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
