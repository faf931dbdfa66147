"""droidpilot as MCP tools, so that an agent (Claude, an IDE, any MCP client) drives phones.

`build_mcp(phones, tasks, settings)` makes the server; `mount_mcp(app, server)` serves it
at `/mcp` inside the API while the app's lifespan runs `mcp_lifespan(server)`;
`run_stdio(settings)` serves it on stdin/stdout for `droidpilot mcp`.
"""

from service.mcp_server.transport import (
    MCP_PATH,
    DroidpilotMCP,
    build_mcp,
    mcp_lifespan,
    mount_mcp,
    run_stdio,
)

__all__ = ["MCP_PATH", "DroidpilotMCP", "build_mcp", "mcp_lifespan", "mount_mcp", "run_stdio"]
