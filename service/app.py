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

from fastapi import APIRouter, FastAPI

from service.api.access_log import AccessLog
from service.api.auth import BearerAuth
from service.api.body_limit import BodyLimit
from service.api.catch_all import CatchAll
from service.api.docs import install_docs
from service.api.metrics import Metrics, RequestMetrics
from service.api.request_id import RequestId
from service.api.routes import ground, health, ops, plan
from service.config import Settings
from service.errors import install_error_handlers
from service.ground import Grounder


def create_app(settings: Settings) -> FastAPI:
    """The API under `/v1`; one `Grounder` per app, closed when the app stops."""
    grounder = Grounder(settings.device_config())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        grounder.close()

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
    app.state.metrics = Metrics(models_loaded=lambda: grounder.models_loaded)
    v1 = APIRouter(prefix="/v1")
    v1.include_router(ground.router)
    v1.include_router(plan.router)
    v1.include_router(health.router)
    app.include_router(v1)
    app.include_router(ops.router)
    install_error_handlers(app)
    # the last added runs first
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(CatchAll)
    if settings.api_token is not None:
        app.add_middleware(BearerAuth, token=settings.api_token.get_secret_value())
    app.add_middleware(RequestMetrics, metrics=app.state.metrics)
    app.add_middleware(AccessLog)
    app.add_middleware(RequestId)
    return app
