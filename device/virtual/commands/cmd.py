"""`cmd package`: the package manager's shell, as Android 14 prints it.

`query-activities` and `resolve-activity` answer from the installed apps: each app
declares one launch activity with the filter `MAIN` + `LAUNCHER`, the home app
`MAIN` + `HOME` + `DEFAULT`. Other `cmd package` verbs are `pm`'s (on a phone `pm`
is a thin wrapper of `cmd package`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from device.virtual.commands.apps import pm
from device.virtual.commands.context import Command, Context

ACTION_MAIN = "android.intent.action.MAIN"
CATEGORY_LAUNCHER = "android.intent.category.LAUNCHER"
CATEGORY_HOME = "android.intent.category.HOME"
CATEGORY_DEFAULT = "android.intent.category.DEFAULT"
RESOLVER = "android/com.android.internal.app.ResolverActivity"
"""What `resolve-activity` names when more than one activity matches (the chooser)."""
_MATCH_CATEGORY = 0x108000
"""`IntentFilter.MATCH_CATEGORY_EMPTY | MATCH_ADJUSTMENT_NORMAL`: an action and category match."""
_VALUE_OPTIONS = {"-a", "-c", "-d", "-t", "-n", "-p", "-f", "--user", "--query-flags"}
_EXTRA_OPTIONS = {"--es", "--ei", "--ez", "--el", "--ef", "--eu", "--esa", "--eia"}


@dataclass
class _Query:
    """The intent of a `query-activities`/`resolve-activity` call, and how to print matches."""

    action: str | None = None
    categories: set[str] = field(default_factory=set)
    package: str | None = None
    component: str | None = None
    data: bool = False
    brief: bool = False
    components: bool = False


@dataclass(frozen=True)
class _Match:
    package: str
    activity: str
    """Full class name."""
    categories: frozenset[str]

    @property
    def short(self) -> str:
        """`ComponentName.flattenToShortString()`: `pkg/.Cls` when the class is in the package."""
        if self.activity.startswith(self.package + "."):
            return f"{self.package}/{self.activity[len(self.package) :]}"
        return f"{self.package}/{self.activity}"


def _parse(args: list[str]) -> _Query | str:
    """The query, or what is wrong with the arguments (as the package shell says it)."""
    query = _Query()
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in _EXTRA_OPTIONS:
            index += 3
            continue
        if arg in _VALUE_OPTIONS:
            if index + 1 >= len(args):
                return f"Error: No argument supplied for option {arg}"
            value = args[index + 1]
            if arg == "-a":
                query.action = value
            elif arg == "-c":
                query.categories.add(value)
            elif arg == "-p":
                query.package = value
            elif arg == "-n":
                query.component = value
            elif arg in ("-d", "-t"):
                query.data = True
            index += 2
            continue
        if arg == "--brief":
            query.brief = True
        elif arg == "--components":
            query.components = True
        elif arg.startswith("-"):
            return f"Error: Unknown option: {arg}"
        elif ":" in arg:
            query.data = True
        elif "/" in arg:
            query.component = arg
        else:
            query.package = arg
        index += 1
    return query


def _activities(ctx: Context) -> list[_Match]:
    """Every declared launch activity, with the categories of its intent filter."""
    with ctx.phone.lock:
        matches = []
        for info in ctx.phone.ui.apps():
            spec = ctx.phone.ui.app(info.package)
            home = spec is not None and spec.role == "home"
            categories = {CATEGORY_HOME, CATEGORY_DEFAULT} if home else {CATEGORY_LAUNCHER}
            matches.append(_Match(info.package, info.activity, frozenset(categories)))
    return sorted(matches, key=lambda match: match.package)


def _matching(ctx: Context, query: _Query) -> list[_Match]:
    """The activities whose filter takes the intent (no action in the intent passes any filter)."""
    if query.data or query.action not in (None, ACTION_MAIN):
        return []
    found = []
    for match in _activities(ctx):
        if query.package is not None and match.package != query.package:
            continue
        if query.component is not None:
            package, _, name = query.component.partition("/")
            full = package + name if name.startswith(".") else name
            if (package, full) != (match.package, match.activity):
                continue
        if query.categories <= match.categories:
            found.append(match)
    return found


def _print(ctx: Context, match: _Match, query: _Query, prefix: str) -> None:
    """`printResolveInfo`: the component (after a priority line unless `--components`)."""
    if query.brief or query.components:
        if not query.components:
            default = "true" if CATEGORY_DEFAULT in match.categories else "false"
            ctx.say(
                f"{prefix}priority=0 preferredOrder=0 match=0x{_MATCH_CATEGORY:x} "
                f"specificIndex=-1 isDefault={default}"
            )
        ctx.say(prefix + match.short)
        return
    ctx.say(f"{prefix}priority=0 preferredOrder=0 match=0x{_MATCH_CATEGORY:x} specificIndex=-1")
    ctx.say(f"{prefix}ActivityInfo:")
    ctx.say(f"{prefix}  name={match.activity}")
    ctx.say(f"{prefix}  packageName={match.package}")
    ctx.say(f"{prefix}  enabled=true exported=true directBootAware=false")
    ctx.say(f"{prefix}  taskAffinity={match.package} targetActivity=null")


def _query_activities(ctx: Context, query: _Query) -> int:
    matches = _matching(ctx, query)
    if not matches:
        ctx.say("No activities found")
        return 0
    if query.components:
        for match in matches:
            _print(ctx, match, query, "")
        return 0
    ctx.say(f"{len(matches)} activities found:")
    for number, match in enumerate(matches):
        ctx.say(f"  Activity #{number}:")
        _print(ctx, match, query, "    ")
    return 0


def _resolve_activity(ctx: Context, query: _Query) -> int:
    matches = _matching(ctx, query)
    if not matches:
        ctx.say("No activity found")
    elif len(matches) > 1 and query.brief:
        ctx.say("priority=0 preferredOrder=0 match=0x0 specificIndex=-1 isDefault=false")
        ctx.say(RESOLVER)
    elif len(matches) > 1:
        ctx.say(RESOLVER)
    else:
        _print(ctx, matches[0], query, "")
    return 0


def cmd(ctx: Context) -> int:
    if not ctx.args:
        return ctx.fail("cmd: No service specified; use -l to list all running services.")
    service, rest = ctx.args[0], ctx.args[1:]
    if service == "-l":
        ctx.say("Currently running services:\n  package")
        return 0
    if service != "package":
        return ctx.fail(f"cmd: unsupported service '{service}' (package is available)")
    verb = rest[0] if rest else ""
    if verb in ("query-activities", "resolve-activity"):
        query = _parse(rest[1:])
        if isinstance(query, str):
            return ctx.fail(query, 255)
        if verb == "query-activities":
            return _query_activities(ctx, query)
        return _resolve_activity(ctx, query)
    ctx.argv = ["pm", *rest]
    return pm(ctx)


COMMANDS: dict[str, Command] = {"cmd": cmd}
