"""`Metrics`: the service's Prometheus metrics; `RequestMetrics`: the middleware that counts
and times every request.

Each app has a registry of its own (never prometheus_client's global one), so that several
apps in one process (tests, an embedding program) count their own requests. Labels stay
bounded whatever clients send: the route is the route's path template (`/v1/ground`, never
the URL; `other` for a path no route serves), and an unusual method is `other` too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.routing import Match, compile_path
from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.watch import watched

__all__ = [
    "BUCKETS_S",
    "OTHER",
    "GroundingMode",
    "Metrics",
    "MetricsDep",
    "RequestMetrics",
    "get_metrics",
    "grounding_mode",
]

BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
"""Histogram buckets in seconds: from a hierarchy lookup (milliseconds) to observing a slow
phone and reading its pixels (tens of seconds)."""

OTHER = "other"
"""The label value of a path no route serves, and of an unusual HTTP method."""

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
"""Methods counted by name; a client may send any token as a method."""

_PIXEL_STAGES = frozenset({"ocr", "detector"})
"""Stages of `GroundResult.timing_ms` that read the pixels (a decode alone only sizes them)."""

_STEP_STAGES = ("observe", "plan", "perform")
"""Stages of a task step's `timing_ms` that make up its time."""

_NOT_GROUNDING = ("observe", "apps", "load_models")
"""Stages of `timing_ms` left out of the grounding time: waiting on a phone, and the one-off
model load of the first grounding."""

GroundingMode = Literal["hierarchy", "pixels"]


def grounding_mode(timing_ms: Mapping[str, float]) -> GroundingMode:
    """`pixels` when OCR or a detector ran, `hierarchy` when the hierarchy alone answered."""
    return "pixels" if _PIXEL_STAGES & timing_ms.keys() else "hierarchy"


class Metrics:
    """The app's registry and its metrics; `models_loaded` is asked at each scrape."""

    def __init__(
        self,
        *,
        models_loaded: Callable[[], bool],
        devices_by_health: Callable[[], Mapping[str, int]] = dict,
        tasks_by_status: Callable[[], Mapping[str, int]] = dict,
    ) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "droidpilot_requests_total",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "droidpilot_request_seconds",
            "Time from a request's arrival to the end of its answer, by route template.",
            ["route"],
            buckets=BUCKETS_S,
            registry=self.registry,
        )
        self.grounding_seconds = Histogram(
            "droidpilot_grounding_seconds",
            "Time to perceive a screen and ground an action on it (no phone I/O, no model "
            "load); mode: hierarchy when the hierarchy alone answered, pixels when they "
            "were read.",
            ["mode"],
            buckets=BUCKETS_S,
            registry=self.registry,
        )
        self.models_loaded = Gauge(
            "droidpilot_models_loaded",
            "1 once the perception models are loaded (on the first grounding), else 0.",
            registry=self.registry,
        )
        self.models_loaded.set_function(lambda: 1.0 if models_loaded() else 0.0)
        self.step_seconds = Histogram(
            "droidpilot_step_seconds",
            "Time of one task step (observe, plan, ground, act, settle), by its outcome.",
            ["outcome"],
            buckets=BUCKETS_S,
            registry=self.registry,
        )
        self.tasks_finished = Counter(
            "droidpilot_tasks_finished_total",
            "Tasks that ended, by how: done, failed, cancelled.",
            ["status"],
            registry=self.registry,
        )
        self.registry.register(
            _Snapshot(
                "droidpilot_devices",
                "Phones droidpilot has talked to, by health (ok, unresponsive, offline...).",
                "health",
                devices_by_health,
            )
        )
        self.registry.register(
            _Snapshot(
                "droidpilot_tasks",
                "Tasks in the store, by status (queued, running, done, failed...).",
                "status",
                tasks_by_status,
            )
        )

    def observe_request(self, *, method: str, route: str, status: int, seconds: float) -> None:
        """Count one answered request and its duration."""
        method = method if method in _METHODS else OTHER
        self.requests.labels(method=method, route=route, status=str(status)).inc()
        self.request_seconds.labels(route=route).observe(seconds)

    def observe_grounding(self, timing_ms: Mapping[str, float]) -> None:
        """Record one grounding from its `GroundResult.timing_ms`."""
        total_ms = timing_ms.get("total", 0.0)
        grounding_ms = total_ms - sum(timing_ms.get(stage, 0.0) for stage in _NOT_GROUNDING)
        seconds = max(grounding_ms, 0.0) / 1000
        self.grounding_seconds.labels(mode=grounding_mode(timing_ms)).observe(seconds)

    def observe_step(self, outcome: str, timing_ms: Mapping[str, float]) -> None:
        """Record one task step from its outcome and its stage timings."""
        seconds = sum(timing_ms.get(stage, 0.0) for stage in _STEP_STAGES) / 1000
        self.step_seconds.labels(outcome=outcome).observe(seconds)

    def count_task(self, status: str) -> None:
        """Count one task that ended."""
        self.tasks_finished.labels(status=status).inc()


class _Snapshot(Collector):
    """A gauge by one label whose values are read when Prometheus scrapes (cheap counts kept
    in memory or in the store, never a phone's answer)."""

    def __init__(
        self, name: str, documentation: str, label: str, read: Callable[[], Mapping[str, int]]
    ) -> None:
        self.name, self.documentation, self.label, self.read = name, documentation, label, read

    def collect(self) -> Iterable[Metric]:
        family = GaugeMetricFamily(self.name, self.documentation, labels=[self.label])
        for value, count in sorted(self.read().items()):
            family.add_metric([value], float(count))
        yield family


async def get_metrics(request: Request) -> Metrics:
    """The app's metrics. Async, so that a route using it needs no thread of the pool."""
    metrics: Metrics = request.app.state.metrics
    return metrics


MetricsDep = Annotated[Metrics, Depends(get_metrics)]


class RequestMetrics:
    """ASGI middleware: count every answer by method, route template and status, and time it.

    The route is named from the request's path, not from what the router left in the scope:
    FastAPI keeps included routers nested, and the route it leaves there knows only its path
    within its own router (`/ground`, not `/v1/ground`).
    """

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self._documented: list[tuple[str, re.Pattern[str]]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        def ended(status: int | None, seconds: float) -> None:
            if status is not None:  # else the client left before any answer: nothing to count
                self.metrics.observe_request(
                    method=str(scope.get("method", "")),
                    route=self._route_of(scope),
                    status=status,
                    seconds=seconds,
                )

        await watched(self.app, scope, receive, send, ended)

    def _route_of(self, scope: Scope) -> str:
        """The path template of the route that serves this path, or `other`: the app's own
        routes (`/docs`, one added with `app.add_api_route`) first, then the paths of the
        OpenAPI document (read once, at the first request), which holds every included
        router's routes with their prefixes."""
        app: Any = scope.get("app")
        for route in getattr(app, "routes", ()):
            path = getattr(route, "path", None)
            if isinstance(path, str) and route.matches(scope)[0] is not Match.NONE:
                return path  # PARTIAL too: the path is served, not with this method
        if self._documented is None:
            paths = app.openapi().get("paths", {}) if hasattr(app, "openapi") else {}
            self._documented = [(template, compile_path(template)[0]) for template in paths]
        path = str(scope.get("path", ""))
        root = str(scope.get("root_path", ""))
        if root and path.startswith(root):
            path = path[len(root) :]
        for template, pattern in self._documented:
            if pattern.match(path):
                return template
        return OTHER
