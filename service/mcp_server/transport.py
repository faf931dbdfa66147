"""The MCP server and its streamable HTTP transport at `/mcp` inside the API (behind its
bearer token); `droidpilot mcp` serves the same server on stdio."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable

from fastapi import FastAPI
from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from mcp_types import ToolAnnotations
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from service.config import Settings
from service.mcp_server.tools import Tools
from service.phones import Phones
from service.tasks.manager import TaskManager

__all__ = ["MCP_PATH", "DroidpilotMCP", "build_mcp", "mcp_lifespan", "mount_mcp"]

logger = logging.getLogger(__name__)

MCP_PATH = "/mcp"
"""Where the API serves MCP over streamable HTTP."""
_LOOPBACK_HOSTS = ["127.0.0.1", "127.0.0.1:*", "localhost", "localhost:*", "[::1]", "[::1]:*"]
_LOOPBACK_ORIGINS = ["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"]

_INSTRUCTIONS = """\
droidpilot drives Android phones. Every tool names its phone by serial (list_devices).
Work on a phone: optionally acquire_device to hold it (then pass lease_id everywhere),
observe to see its screen as elements, act with one ACI action such as tap "Wi-Fi",
type "hello" into "Search", scroll down, press back, open app "Settings", long press
"Photo"; droidpilot finds the element on the screen and answers with the new screen.
plan_next suggests the next action towards a goal; run_task runs a whole goal (or a
list of ACI steps) in the background and get_task follows it. release_device when done."""


class DroidpilotMCP(MCPServer[object]):
    """The MCP server, with the guard its streamable HTTP transport needs under `settings`.

    Without an API token the service listens on loopback only, so the SDK's DNS-rebinding
    guard admits loopback Host and Origin headers only. With a token, the token is the guard
    (a page that rebinds its name to the service cannot know it) and any Host is fine.
    """

    def __init__(self, settings: Settings) -> None:
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level
        super().__init__("droidpilot", instructions=_INSTRUCTIONS, log_level="WARNING")
        # the SDK sets up the root logger of a process that has not: logging is the
        # embedding program's (or droidpilot's CLI's) to configure, not a library's
        root.handlers[:] = handlers
        root.setLevel(level)
        if settings.api.token is None:
            self.transport_security = TransportSecuritySettings(
                allowed_hosts=list(_LOOPBACK_HOSTS), allowed_origins=list(_LOOPBACK_ORIGINS)
            )
        else:
            self.transport_security = TransportSecuritySettings(
                enable_dns_rebinding_protection=False
            )


def build_mcp(phones: Phones, tasks: TaskManager, settings: Settings) -> DroidpilotMCP:
    """The droidpilot MCP server over these phones and tasks."""
    server = DroidpilotMCP(settings)
    tools = Tools(phones, tasks, settings)
    looks = ToolAnnotations(read_only_hint=True, open_world_hint=False)
    holds = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)
    drives = ToolAnnotations(read_only_hint=False, destructive_hint=True, open_world_hint=False)
    registered: list[tuple[Callable[..., object], ToolAnnotations]] = [
        (tools.list_devices, looks),
        (tools.acquire_device, holds),
        (tools.release_device, holds),
        (tools.observe, looks),
        (tools.act, drives),
        (tools.plan_next, looks),
        (tools.run_task, drives),
        (tools.get_task, looks),
    ]
    for tool, hints in registered:
        server.add_tool(tool, annotations=hints)
    return server


def mount_mcp(app: FastAPI) -> None:
    """Serve MCP at exactly `/mcp` of `app` (streamable HTTP), behind the app's middleware,
    bearer token included: the server of the app's running `Runtime` (`app.state.runtime`),
    whose lifespan runs `mcp_lifespan(runtime.mcp)`."""
    app.router.routes.append(Route(MCP_PATH, endpoint=_McpEndpoint()))


@contextlib.asynccontextmanager
async def mcp_lifespan(server: DroidpilotMCP) -> AsyncIterator[None]:
    """Run the MCP sessions of `/mcp` while the app runs.

    Each run gets a fresh session manager (the SDK's runs only once), so that an app
    started twice, as tests do, serves MCP both times.
    """
    server.streamable_http_app(
        streamable_http_path=MCP_PATH, transport_security=server.transport_security
    )
    async with server.session_manager.run():
        yield


class _McpEndpoint:
    """The ASGI app at `/mcp` (a class: Starlette calls a plain function with a request):
    each request goes to the session manager of the app's current run."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        server: DroidpilotMCP = scope["app"].state.runtime.mcp
        await server.session_manager.handle_request(scope, receive, send)
