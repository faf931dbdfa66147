"""`create_app(settings)`: the FastAPI app, its routers, error handlers and body limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from service.api.body_limit import BodyLimit
from service.api.routes import ground, health, plan
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
    )
    app.state.settings = settings
    app.state.grounder = grounder
    v1 = APIRouter(prefix="/v1")
    v1.include_router(ground.router)
    v1.include_router(plan.router)
    v1.include_router(health.router)
    app.include_router(v1)
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app
