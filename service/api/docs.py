"""`/docs`: Swagger UI served from the service itself, so that it works with no internet.

FastAPI's own page loads Swagger UI from a CDN and is blank offline. The assets come from
the `swagger-ui-bundle-v2` package (Swagger UI 5, which reads FastAPI's OpenAPI 3.1) and
are served under `ASSETS_PATH`. There is no ReDoc page: it would need a CDN as well.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

__all__ = ["ASSETS_PATH", "DOCS_PATH", "install_docs"]

DOCS_PATH = "/docs"
ASSETS_PATH = "/docs/assets"
"""Where Swagger UI's JavaScript, CSS and icons are served from."""


def install_docs(app: FastAPI) -> None:
    """Serve Swagger UI at `DOCS_PATH` for `app.openapi_url`, every asset from this server."""
    openapi_url = app.openapi_url
    if openapi_url is None:
        raise ValueError("the docs need the OpenAPI document: create the app with an openapi_url")
    app.mount(ASSETS_PATH, StaticFiles(directory=Path(swagger_ui_path)), name="docs-assets")

    async def swagger_ui(request: Request) -> HTMLResponse:
        # behind a proxy with a path prefix, the page and its assets live under that prefix
        root = str(request.scope.get("root_path", "")).rstrip("/")
        return get_swagger_ui_html(
            openapi_url=root + openapi_url,
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_PATH}/favicon-32x32.png",
            swagger_ui_parameters=app.swagger_ui_parameters,
        )

    app.add_route(DOCS_PATH, swagger_ui, include_in_schema=False)
