"""Small POSIX/toybox commands: echo, true, false, sleep, id, whoami, date, uname, which, env."""

from __future__ import annotations

import time

from device.virtual.commands.context import Command, Context

_ID = (
    "uid=2000(shell) gid=2000(shell) groups=2000(shell),1004(input),1007(log),3003(inet) "
    "context=u:r:shell:s0"
)


def echo(ctx: Context) -> int:
    args = ctx.args
    newline = True
    if args[:1] == ["-n"]:
        args, newline = args[1:], False
    ctx.out(" ".join(args).encode() + (b"\n" if newline else b""))
    return 0


def true(_ctx: Context) -> int:
    return 0


def false(_ctx: Context) -> int:
    return 1


def sleep(ctx: Context) -> int:
    """Sleeps, but wakes up as soon as the ADB stream is closed."""
    try:
        seconds = sum(float(arg.rstrip("s")) for arg in ctx.args) if ctx.args else -1.0
    except ValueError:
        return ctx.fail(f"sleep: invalid number '{ctx.args[0]}'")
    if seconds < 0:
        return ctx.fail("usage: sleep DURATION")
    ctx.hangup.wait(seconds)
    return 0


def id_(ctx: Context) -> int:
    ctx.say(_ID)
    return 0


def whoami(ctx: Context) -> int:
    ctx.say("shell")
    return 0


def date(ctx: Context) -> int:
    if ctx.args[:1] == ["+%s"]:
        ctx.say(str(int(time.time())))
    else:
        ctx.say(time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime()))
    return 0


def uname(ctx: Context) -> int:
    fields = {
        "-s": "Linux",
        "-n": "localhost",
        "-r": "6.1.75-android15-vphone",
        "-m": "x86_64",
        "-o": "Toybox",
    }
    if "-a" in ctx.args:
        ctx.say("Linux localhost 6.1.75-android15-vphone #1 SMP PREEMPT x86_64 Toybox")
    else:
        ctx.say(" ".join(fields[arg] for arg in ctx.args if arg in fields) or "Linux")
    return 0


def which(ctx: Context) -> int:
    from device.virtual.commands import registry  # the registry imports this module

    status = 0
    for name in ctx.args:
        if name in registry():
            ctx.say(f"/system/bin/{name}")
        else:
            status = 1
    return status


def env(ctx: Context) -> int:
    for name, value in sorted(ctx.env.items()):
        ctx.say(f"{name}={value}")
    return 0


COMMANDS: dict[str, Command] = {
    "echo": echo,
    "true": true,
    "false": false,
    ":": true,
    "sleep": sleep,
    "id": id_,
    "whoami": whoami,
    "date": date,
    "uname": uname,
    "which": which,
    "env": env,
}
