"""droidpilot as MCP tools, so that an agent (Claude, an IDE, any MCP client) drives phones.

`build_mcp(phones, tasks, settings)` makes the server; `mount_mcp(app)` serves the
server of the app's running `Runtime` at `/mcp`, while the app's lifespan runs
`mcp_lifespan(server)`;
`droidpilot mcp` serves it on stdin/stdout.
"""

from service.mcp_server.transport import (
    MCP_PATH,
    DroidpilotMCP,
    build_mcp,
    mcp_lifespan,
    mount_mcp,
)

__all__ = ["MCP_PATH", "DroidpilotMCP", "build_mcp", "mcp_lifespan", "mount_mcp"]
