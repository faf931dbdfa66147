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
from service.api.routes import devices, ground, health, ops, plan
from service.api.routes import tasks as tasks_routes
from service.config import Settings
from service.errors import install_error_handlers
from service.ground import Grounder
from service.mcp_server import build_mcp, mcp_lifespan, mount_mcp
from service.phones import Phones, farm_for
from service.tasks.manager import TaskManager
from service.tasks.store import TaskStore


def create_app(settings: Settings) -> FastAPI:
    """The API under `/v1`, and MCP at `/mcp`. The app owns the farm (phones and leases),
    the grounder and the task manager with its store; when it stops, running tasks are
    cancelled and the uiautomator2 servers it started are stopped."""
    farm = farm_for(settings)
    grounder = Grounder(settings, farm)
    phones = Phones(settings, farm)
    store = TaskStore(settings.data.dir, keep_screenshots_of=settings.data.keep_screenshots_of)
    metrics = Metrics(
        models_loaded=lambda: grounder.models_loaded,
        devices_by_health=farm.health_counts,
        tasks_by_status=store.counts,
    )
    tasks = TaskManager(
        farm,
        store,
        on_step=lambda step: metrics.observe_step(step.outcome, step.timing_ms),
        on_finish=lambda task: metrics.count_task(task.status.value),
    )
    mcp = build_mcp(phones, tasks, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with mcp_lifespan(mcp):
            try:
                yield
            finally:
                await anyio.to_thread.run_sync(tasks.close)
                store.close()
                farm.close()

    app = FastAPI(
        title="droidpilot",
        summary="Ground actions on Android screens and drive phones over ADB.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load from a CDN; install_docs serves ours offline
        redoc_url=None,
    )
    install_docs(app)
    app.state.settings = settings
    app.state.grounder = grounder
    app.state.phones = phones
    app.state.tasks = tasks
    app.state.metrics = metrics
    v1 = APIRouter(prefix="/v1")
    v1.include_router(ground.router)
    v1.include_router(plan.router)
    v1.include_router(health.router)
    v1.include_router(devices.router)
    v1.include_router(tasks_routes.router)
    app.include_router(v1)
    app.include_router(ops.router)
    mount_mcp(app, mcp)
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
