"""`vphone`: the virtual phone's own command, to read and set what its apps hold.

    vphone state [<package-or-label>]   an app's data as JSON (with "permissions" when
                                        it asks for one); every app's, by package,
                                        without an argument
    vphone seed <N>                     regenerate every app's seeded data with seed N
    vphone reset [<package>]            put back the initial data (of every app without one)
    vphone load <package> '<json>'      merge the object's top-level keys into the data
    vphone toast                        the text of the last toast
    vphone help                         this text

Bad input prints one line on stderr and exits with status 1. Changes show on the
screen at once (a page whose record is gone closes).
"""

from __future__ import annotations

import json

from device.virtual.commands.context import Command, Context
from device.virtual.ui.engine import UiEngine

USAGE = __doc__.split("\n\n")[1].rstrip() if __doc__ else ""


def vphone(ctx: Context) -> int:
    verb, rest = (ctx.args[0], ctx.args[1:]) if ctx.args else ("help", [])
    handler = _VERBS.get(verb)
    if handler is None:
        return ctx.fail(f"vphone: unknown command {verb!r} (try: {', '.join(_VERBS)})")
    with ctx.phone.changing():
        return handler(ctx, ctx.phone.ui, rest)


def _help(ctx: Context, _ui: UiEngine, _args: list[str]) -> int:
    ctx.say("usage:\n" + USAGE)
    return 0


def _state(ctx: Context, ui: UiEngine, args: list[str]) -> int:
    if len(args) > 1:
        return ctx.fail("vphone state: takes at most one app (a package or a label)")
    if not args:
        report = {app.package: ui.store.report(app.package) for app in ui.apps()}
        ctx.say(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    package = _package(ui, args[0], by_label=True)
    if package is None:
        return ctx.fail(_unknown(ui, args[0]))
    ctx.say(json.dumps(ui.store.report(package), indent=2, ensure_ascii=False))
    return 0


def _seed(ctx: Context, ui: UiEngine, args: list[str]) -> int:
    if len(args) != 1 or not args[0].isdigit():
        return ctx.fail(f"vphone seed: expected one whole number, got {' '.join(args)!r}")
    ui.reseed(int(args[0]))
    return 0


def _reset(ctx: Context, ui: UiEngine, args: list[str]) -> int:
    if len(args) > 1:
        return ctx.fail("vphone reset: takes at most one package")
    package = _package(ui, args[0], by_label=False) if args else None
    if args and package is None:
        return ctx.fail(_unknown(ui, args[0]))
    ui.reset_data(package)
    return 0


def _load(ctx: Context, ui: UiEngine, args: list[str]) -> int:
    if len(args) != 2:
        return ctx.fail("vphone load: usage: vphone load <package> '<json object>'")
    package = _package(ui, args[0], by_label=False)
    if package is None:
        return ctx.fail(_unknown(ui, args[0]))
    try:
        values = json.loads(args[1])
    except json.JSONDecodeError as exc:
        return ctx.fail(f"vphone load: invalid JSON at column {exc.colno}: {exc.msg}")
    if not isinstance(values, dict):
        return ctx.fail(f"vphone load: expected a JSON object, got {type(values).__name__}")
    try:
        ui.load_data(package, values)
    except ValueError as exc:
        return ctx.fail(f"vphone load: {exc}")
    return 0


def _toast(ctx: Context, ui: UiEngine, args: list[str]) -> int:
    if args:
        return ctx.fail("vphone toast: takes no arguments")
    text = ui.last_toast()
    if text is None:
        return ctx.fail("vphone toast: no toast has been shown")
    ctx.say(text)
    return 0


def _package(ui: UiEngine, name: str, *, by_label: bool) -> str | None:
    """The package named, or (with by_label) the app with that label, any case."""
    apps = ui.apps()
    for app in apps:
        if app.package == name:
            return app.package
    if by_label:
        for app in apps:
            if app.label.lower() == name.lower():
                return app.package
    return None


def _unknown(ui: UiEngine, name: str) -> str:
    packages = ", ".join(sorted(app.package for app in ui.apps()))
    return f"vphone: no app {name!r} (installed: {packages})"


_VERBS = {
    "state": _state,
    "seed": _seed,
    "reset": _reset,
    "load": _load,
    "toast": _toast,
    "help": _help,
}

COMMANDS: dict[str, Command] = {"vphone": vphone}
