"""`screencap` and `uiautomator dump`: the screen as pixels and as a view-tree dump."""

from __future__ import annotations

import struct

from device.virtual.commands.context import Command, Context
from device.virtual.files import normalize

DEFAULT_DUMP = "/sdcard/window_dump.xml"
_RGBA_8888 = 1


def screencap(ctx: Context) -> int:
    png = False
    target: str | None = None
    args = list(ctx.args)
    while args:
        arg = args.pop(0)
        if arg == "-p":
            png = True
        elif arg == "-d" and args:
            args.pop(0)
        elif arg in ("-h", "--help"):
            return ctx.fail("usage: screencap [-hp] [-d display-id] [FILENAME]")
        elif not arg.startswith("-"):
            target = arg
    if target is not None and target.endswith(".png"):
        png = True
    if png:
        data = ctx.phone.screenshot_png()
    else:
        image = ctx.phone.screenshot().convert("RGBA")
        data = struct.pack("<4I", image.width, image.height, _RGBA_8888, 0) + image.tobytes()
    if target is None:
        ctx.out(data)
        return 0
    try:
        ctx.phone.files.write(normalize(target, ctx.cwd), data)
    except OSError as exc:
        return ctx.fail(f"Error opening file: {target} ({exc.strerror})")
    return 0


def uiautomator(ctx: Context) -> int:
    args = [arg for arg in ctx.args if arg not in ("--compressed", "--verbose")]
    if not args or args[0] != "dump":
        return ctx.fail(
            "Usage: uiautomator <subcommand> [options]\n\n"
            "Available subcommands:\n\n"
            "help: displays help message\n\n"
            "dump: creates an XML dump of current UI hierarchy\n"
        )
    xml = ctx.phone.hierarchy_xml(form="dump")
    target = args[1] if len(args) > 1 else DEFAULT_DUMP
    if target == "/dev/tty":
        ctx.out(xml.encode())
        return 0
    try:
        ctx.phone.files.write(normalize(target, ctx.cwd), xml.encode())
    except OSError as exc:
        return ctx.fail(f"ERROR: could not write {target}: {exc.strerror}")
    ctx.say(f"UI hierchary dumped to: {target}")
    return 0


COMMANDS: dict[str, Command] = {"screencap": screencap, "uiautomator": uiautomator}
