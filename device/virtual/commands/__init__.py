"""The shell's commands, one module per family, and `toybox` which dispatches to them.

Each module exports `COMMANDS: dict[str, Command]`; `registry()` merges them.
"""

from __future__ import annotations

from functools import cache

from device.virtual.commands import (
    app_process,
    apps,
    basic,
    cmd,
    dumpsys,
    files,
    input,
    screen,
    system,
    vphone,
)
from device.virtual.commands.context import Command, Context

__all__ = ["Command", "Context", "registry"]

_TOYBOX_APPLETS = (
    "cat",
    "chmod",
    "date",
    "echo",
    "env",
    "false",
    "id",
    "ifconfig",
    "ls",
    "md5sum",
    "mkdir",
    "ps",
    "rm",
    "sleep",
    "touch",
    "true",
    "uname",
    "which",
    "whoami",
)


def _toybox(ctx: Context) -> int:
    if not ctx.args:
        ctx.say(" ".join(_TOYBOX_APPLETS))
        return 0
    if ctx.args[0] not in _TOYBOX_APPLETS:
        return ctx.fail(f"toybox: Unknown command {ctx.args[0]}")
    ctx.argv = ctx.args
    return registry()[ctx.argv[0]](ctx)


@cache
def registry() -> dict[str, Command]:
    """Command name -> implementation, built once."""
    commands: dict[str, Command] = {"toybox": _toybox}
    for module in (basic, files, input, system, dumpsys, apps, cmd, screen, app_process, vphone):
        commands.update(module.COMMANDS)
    return commands
