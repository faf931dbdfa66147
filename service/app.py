"""`create_app(settings)`: the FastAPI app, its routers, docs, error handlers and middleware.

Middleware, outermost first: `RequestId` (every answer carries `X-Request-ID`),
`AccessLog` (one line per request, with that id), `RequestMetrics` (counted and timed for
`/metrics`), `CatchAll` (an unexpected error is one log line and a 500 naming that id),
`BearerAuth` (with `api_token` set, 401 without it), `BodyLimit` (a body over
`max_body_bytes` is 413 before anything parses it).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import APIRouter, FastAPI

from service.api.access_log import AccessLog
from service.api.auth import BearerAuth
from service.api.body_limit import BodyLimit
from service.api.catch_all import CatchAll
from service.api.docs import install_docs
from service.api.metrics import Metrics, RequestMetrics
from service.api.request_id import RequestId
from service.api.routes import devices, ground, health, ops, plan, queue
from service.api.routes import flows as flows_routes
from service.api.routes import tasks as tasks_routes
from service.config import Settings
from service.errors import install_error_handlers
from service.mcp_server import mcp_lifespan, mount_mcp
from service.runtime import Runtime, open_runtime


def create_app(settings: Settings) -> FastAPI:
    """The API under `/v1`, and MCP at `/mcp`. Each run of the app opens a `Runtime` (the
    farm of phones, the grounder, the tasks and their store) and closes it when it stops:
    running tasks end interrupted and the uiautomator2 servers it started are stopped."""

    def running() -> Runtime | None:
        runtime: Runtime | None = getattr(app.state, "runtime", None)
        return runtime

    metrics = Metrics(
        models_loaded=lambda: (runtime := running()) is not None and runtime.grounder.models_loaded,
        devices_by_health=lambda: (
            {} if (runtime := running()) is None else runtime.farm.health_counts()
        ),
        tasks_by_status=lambda: {} if (runtime := running()) is None else runtime.store.counts(),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with open_runtime(
            settings,
            on_step=lambda step: metrics.observe_step(step.outcome, step.timing_ms),
            on_finish=lambda task: metrics.count_task(task.status.value),
        ) as runtime:
            app.state.runtime = runtime
            try:
                async with mcp_lifespan(runtime.mcp):
                    yield
            finally:
                # tasks stop at their next step: wait for them off the event loop
                await anyio.to_thread.run_sync(runtime.tasks.close)
                del app.state.runtime

    app = FastAPI(
        title="droidpilot",
        summary="Ground actions on Android screens and drive phones over ADB.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load from a CDN; install_docs serves ours offline
        redoc_url=None,
    )
    install_docs(app)
    app.state.settings = settings
    app.state.metrics = metrics
    v1 = APIRouter(prefix="/v1")
    v1.include_router(ground.router)
    v1.include_router(plan.router)
    v1.include_router(health.router)
    v1.include_router(devices.router)
    v1.include_router(tasks_routes.router)
    v1.include_router(queue.router)
    v1.include_router(flows_routes.router)
    app.include_router(v1)
    app.include_router(ops.router)
    mount_mcp(app)
    install_error_handlers(app)
    # the last added runs first
    app.add_middleware(BodyLimit, max_bytes=settings.api.max_body_bytes)
    app.add_middleware(CatchAll)
    if settings.api.token is not None:
        app.add_middleware(BearerAuth, token=settings.api.token.get_secret_value())
    app.add_middleware(RequestMetrics, metrics=app.state.metrics)
    app.add_middleware(AccessLog)
    app.add_middleware(RequestId)
    return app
