"""App management commands: `am`, `monkey`, `pm`.

Output mirrors what adbutils and uiautomator2 parse (`Starting: Intent {...}`,
`Events injected: 1`, `package:<name>`, `Success`). `pm install` only checks
that the pushed file exists: APKs are not parsed, and nothing gets installed.
"""

from __future__ import annotations

import hashlib

from device.virtual.commands.context import Command, Context

SYSTEM_PREFIXES = ("android", "com.android.", "com.google.android.")
_AM_VALUE_OPTIONS = {
    "-a",
    "-c",
    "-d",
    "-t",
    "-f",
    "-n",
    "-p",
    "--user",
    "--es",
    "--ei",
    "--ez",
    "--el",
    "--ef",
    "--eu",
    "--esa",
    "--eia",
    "--display",
    "--windowingMode",
    "--activityType",
    "--start-profiler",
    "-P",
    "--receiver-permission",
}
_AM_TWO_VALUE_OPTIONS = {"--es", "--ei", "--ez", "--el", "--ef", "--eu", "--esa", "--eia"}


def is_system(package: str) -> bool:
    """Whether a package counts as preinstalled (`pm list packages -s`)."""
    return package == "android" or package.startswith(SYSTEM_PREFIXES[1:])


def apk_path(package: str) -> str:
    """A stable, realistic `/data/app/~~<hash>/<pkg>-<hash>/base.apk` for a package."""
    digest = hashlib.sha1(package.encode()).hexdigest()
    if is_system(package):
        return (
            f"/system/priv-app/{package.rsplit('.', 1)[-1].capitalize()}/"
            f"{package.rsplit('.', 1)[-1].capitalize()}.apk"
        )
    return f"/data/app/~~{digest[:22]}==/{package}-{digest[22:40]}==/base.apk"


def _intent_options(args: list[str]) -> tuple[dict[str, str], list[str], set[str]]:
    """am's intent options (`-n`, `-a`, ...), positional words, and flags such as `-W`."""
    options: dict[str, str] = {}
    positional: list[str] = []
    flags: set[str] = set()
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in _AM_TWO_VALUE_OPTIONS:
            index += 3
            continue
        if arg in _AM_VALUE_OPTIONS and index + 1 < len(args):
            options[arg] = args[index + 1]
            index += 2
            continue
        if arg.startswith("-"):
            flags.add(arg)
        else:
            positional.append(arg)
        index += 1
    return options, positional, flags


def _describe(options: dict[str, str], component: str | None, *extra: str) -> str:
    parts = []
    if "-a" in options:
        parts.append(f"act={options['-a']}")
    if "-c" in options:
        parts.append(f"cat=[{options['-c']}]")
    if "-d" in options:
        parts.append(f"dat={options['-d']}")
    if component:
        parts.append(f"cmp={component}")
    return "Intent { " + " ".join([*parts, *extra]) + " }"


def am(ctx: Context) -> int:
    verb, rest = (ctx.args[0], ctx.args[1:]) if ctx.args else ("", [])
    if verb in ("start", "start-activity"):
        return _am_start(ctx, rest)
    if verb == "force-stop" and rest:
        ctx.phone.stop_app(rest[-1])
        return 0
    if verb == "broadcast":
        options, _positional, _flags = _intent_options(rest)
        ctx.say(f"Broadcasting: {_describe(options, None, 'flg=0x400000')}")
        ctx.say("Broadcast completed: result=0")
        return 0
    return ctx.fail(
        f"Error: unsupported am command '{verb}' (start, force-stop and broadcast are available)"
    )


def _am_start(ctx: Context, args: list[str]) -> int:
    options, positional, flags = _intent_options(args)
    component = options.get("-n") or (
        positional[0] if positional and "/" in positional[0] else None
    )
    ctx.say(f"Starting: {_describe(options, component)}")
    if component is None:
        return ctx.fail(
            f"Error: Activity not started, unable to resolve {_describe(options, None)}"
        )
    package, _, activity = component.partition("/")
    full = package + activity if activity.startswith(".") else activity
    if "-S" in flags:
        ctx.phone.stop_app(package)
    if not ctx.phone.start_app(package, full or None):
        ctx.err(b"Error type 3\n")
        return ctx.fail(f"Error: Activity class {{{package}/{full}}} does not exist.")
    if "-W" in flags:
        ctx.say(
            f"Status: ok\nLaunchState: COLD\nActivity: {package}/{full}\n"
            "TotalTime: 120\nWaitTime: 125\nComplete"
        )
    return 0


def monkey(ctx: Context) -> int:
    options, _positional, _flags = _intent_options(ctx.args)
    package = options.get("-p")
    if package is None or not ctx.phone.start_app(package, None):
        ctx.say("** No activities found to run, monkey aborted.")
        return 251
    ctx.say(
        f"  bash arg: -p\n  bash arg: {package}\n  bash arg: -c\n"
        "  bash arg: android.intent.category.LAUNCHER\n  bash arg: 1\n"
        "args: [-p, " + package + ", -c, android.intent.category.LAUNCHER, 1]\n"
        "Events injected: 1\n"
        "## Network stats: elapsed time=12ms (0ms mobile, 0ms wifi, 12ms not connected)"
    )
    return 0


def pm(ctx: Context) -> int:
    verb, rest = (ctx.args[0], ctx.args[1:]) if ctx.args else ("", [])
    packages = ctx.phone.packages()
    if verb == "list" and rest[:1] == ["packages"]:
        flags = {arg for arg in rest[1:] if arg.startswith("-")}
        words = [arg for arg in rest[1:] if not arg.startswith("-")]
        for package in packages:
            if ("-3" in flags and is_system(package)) or ("-s" in flags and not is_system(package)):
                continue
            if words and words[-1] not in package:
                continue
            prefix = f"package:{apk_path(package)}=" if "-f" in flags else "package:"
            ctx.say(prefix + package)
        return 0
    if verb == "path" and rest:
        if rest[-1] not in packages:
            return 1
        ctx.say(f"package:{apk_path(rest[-1])}")
        return 0
    if verb == "install":
        paths = [arg for arg in rest if not arg.startswith("-")]
        if not paths or not ctx.phone.files.exists(paths[-1]):
            return ctx.fail(f"Error: Can't open file: {paths[-1] if paths else ''}")
        ctx.say("Performing Streamed Install\nSuccess")
        return 0
    if verb == "clear" and rest:
        if rest[-1] not in packages:
            return ctx.fail("Failed")
        with ctx.phone.changing():
            ctx.phone.ui.clear(rest[-1])
        ctx.say("Success")
        return 0
    if verb == "uninstall" and rest:
        return ctx.fail("Failure [DELETE_FAILED_INTERNAL_ERROR]")
    if verb in ("grant", "revoke"):
        return _grant(ctx, verb, _without_user(rest), packages)
    if verb in ("enable", "disable-user", "trim-caches"):
        return 0
    return ctx.fail(f"Error: unsupported pm command '{verb}'")


def _without_user(args: list[str]) -> list[str]:
    """Arguments without `--user N` (every pm verb takes it)."""
    out: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--user":
            skip = True
        else:
            out.append(arg)
    return out


def _grant(ctx: Context, verb: str, args: list[str], packages: list[str]) -> int:
    """`pm grant|revoke <package> <permission>`: the answer the permission dialog asks for."""
    if len(args) != 2:
        return ctx.fail(f"Error: usage: pm {verb} <package> <permission>")
    package, permission = args
    exception = f"Exception occurred while executing '{verb}':"
    if package not in packages:
        return ctx.fail(
            f"{exception} java.lang.IllegalArgumentException: Unknown package: {package}", 255
        )
    with ctx.phone.changing():
        known = ctx.phone.ui.set_permission(
            package, permission, "granted" if verb == "grant" else "denied"
        )
    if not known:
        return ctx.fail(
            f"{exception} java.lang.SecurityException: Package {package} has not requested "
            f"permission {permission}",
            255,
        )
    return 0


COMMANDS: dict[str, Command] = {"am": am, "monkey": monkey, "pm": pm}
