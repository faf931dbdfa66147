"""The `droidpilot` command line.

    droidpilot virtual [--port 5555] [--count N] [--seed N]            start virtual phones
    droidpilot devices [--adb-host H] [--adb-port P] [--json]          list an adb server's phones
    droidpilot serve [--host 127.0.0.1] [--port 8000] [--no-virtual]   run the HTTP API
    droidpilot ground --image F [--hierarchy F] 'tap "Wi-Fi"'          ground one action, print JSON
    droidpilot run [--device S] [--planner explorer|llm|script] 'goal'  pursue a goal on a phone
    droidpilot explore [--device S] [--budget-s 120] APP               map an app's screens
    droidpilot mcp [--adb-host H] [--adb-port P]                       MCP tools on stdin/stdout
    droidpilot avd list|start|stop|wipe NAME                           Android Virtual Devices
    droidpilot flow run|check FLOW...                                  run flow files (CI)

Errors print one line on stderr and exit non-zero.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from device import AdbServer, DeviceError
from service import cli_avd, cli_flow, cli_node
from service.config import get_settings
from service.logs import configure_logging

logger = logging.getLogger(__name__)


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)x(\d+)", text.strip().lower())
    if not match:
        raise argparse.ArgumentTypeError(f"size {text!r} is not WIDTHxHEIGHT, e.g. 1080x2400")
    return int(match[1]), int(match[2])


_SOURCES = ("hierarchy", "ocr", "detector")


def _sources(text: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    unknown = [name for name in names if name not in _SOURCES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown source {', '.join(map(repr, unknown)) or repr(text)}: "
            f"use a comma-separated list of {', '.join(_SOURCES)}"
        )
    return names


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (and exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="droidpilot", description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug output")
    parser.add_argument(
        "--log-format",
        choices=("text", "json"),
        default=os.environ.get("DROIDPILOT_LOG_FORMAT", "text"),
        help="log lines for people (text) or one JSON object a line (json); "
        "default $DROIDPILOT_LOG_FORMAT or text",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    virtual = commands.add_parser("virtual", help="start virtual phones that adb can connect to")
    virtual.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    virtual.add_argument(
        "--port",
        type=int,
        default=5555,
        help="port of the first phone; the next ones count up (0 = any free)",
    )
    virtual.add_argument(
        "--size",
        type=_size,
        default=(1080, 2400),
        metavar="WxH",
        help="screen size in pixels (default 1080x2400)",
    )
    virtual.add_argument(
        "--density", type=int, default=420, metavar="DPI", help="screen density (default 420)"
    )
    virtual.add_argument("--count", type=int, default=1, metavar="N", help="how many phones")
    virtual.add_argument(
        "--seed",
        type=int,
        metavar="N",
        help="generate the apps' contacts, messages, notes... from this seed (default: built-in)",
    )
    virtual.add_argument(
        "--apps-dir",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="extra folder of app definitions (repeatable)",
    )
    virtual.add_argument(
        "--model", default="VirtualPhone", help="the model the phones report (ro.product.model)"
    )
    virtual.add_argument(
        "--api", type=int, default=35, metavar="N", help="the API level they report (29-36; 35)"
    )
    virtual.add_argument(
        "--abi", default="x86_64", help="the ABI they report (x86_64, arm64-v8a, x86, armeabi-v7a)"
    )

    devices = commands.add_parser("devices", help="list the phones of an adb server")
    _add_adb_args(devices)
    devices.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _add_serve_parser(commands)
    _add_ground_parser(commands)
    _add_run_parser(commands)
    _add_explore_parser(commands)

    mcp = commands.add_parser(
        "mcp", help="serve the phones as MCP tools on stdin/stdout (for an agent to launch)"
    )
    _add_adb_args(mcp)
    cli_avd.add_parser(commands)
    cli_flow.add_parser(commands)
    cli_node.add_parser(commands)
    return parser


def _add_adb_args(parser: argparse.ArgumentParser) -> None:
    """--adb-host and --adb-port: the adb server a command reaches the phones through."""
    parser.add_argument("--adb-host", help="adb server host (default 127.0.0.1)")
    parser.add_argument("--adb-port", type=int, help="adb server port (default 5037)")


def _add_serve_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    serve = commands.add_parser(
        "serve", help="run the HTTP API (starts a virtual phone when no phone is attached)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port of the API (0 = any free)")
    _add_adb_args(serve)
    serve.add_argument(
        "--no-virtual",
        dest="virtual",
        action="store_false",
        help="serve without a phone instead of starting a virtual one when none is attached",
    )
    serve.add_argument(
        "--virtual-port",
        type=int,
        default=5555,
        help="port of the virtual phone (default 5555; a free one if taken; 0 = any free)",
    )


def _add_ground_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    ground = commands.add_parser(
        "ground", help="ground one action on a screenshot and/or a UI dump; print JSON"
    )
    ground.add_argument("action", help="the action in ACI text, e.g. 'tap \"Wi-Fi\"'")
    ground.add_argument("--image", type=Path, metavar="FILE", help="screenshot (PNG or JPEG)")
    ground.add_argument(
        "--hierarchy", type=Path, metavar="FILE", help="UI hierarchy XML (uiautomator dump)"
    )
    ground.add_argument(
        "--sources",
        type=_sources,
        default=_SOURCES,
        metavar="LIST",
        help="comma-separated perception sources (default: hierarchy,ocr,detector)",
    )


def _add_run_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    run = commands.add_parser(
        "run", help="pursue a goal on a phone with a planner; print the episode as JSON"
    )
    run.add_argument("goal", help="what should happen, e.g. 'turn on Wi-Fi'")
    run.add_argument("--device", metavar="SERIAL", help="the phone (default: the only one)")
    _add_adb_args(run)
    run.add_argument(
        "--planner",
        choices=("explorer", "llm", "script"),
        default="explorer",
        help="who plans: the embedded explorer (default), an OpenAI-compatible model "
        "(DROIDPILOT_LLM_*), or the --step list",
    )
    run.add_argument(
        "--step",
        action="append",
        default=[],
        metavar="ACTION",
        help="a step of the script planner in ACI text (repeat, in order)",
    )
    run.add_argument("--max-steps", type=int, default=30, help="step budget (default 30)")
    run.add_argument(
        "--sources",
        type=_sources,
        default=("hierarchy",),
        metavar="LIST",
        help="perception sources of the planner's screen (default: hierarchy)",
    )


def _add_explore_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    explore = commands.add_parser(
        "explore", help="explore an app within a budget and keep a map of its screens"
    )
    explore.add_argument("app", help="a package or an app name, e.g. Settings")
    explore.add_argument("--device", metavar="SERIAL", help="the phone (default: the only one)")
    _add_adb_args(explore)
    explore.add_argument(
        "--budget-s", type=float, default=120.0, help="seconds to explore for (default 120)"
    )
    explore.add_argument(
        "--max-screens", type=int, default=60, help="screens to map at most (default 60)"
    )
    explore.add_argument("--json", action="store_true", help="print the summary as JSON")


def _virtual(args: argparse.Namespace) -> int:
    from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer

    if not 1 <= args.count <= 64:
        raise CliError(f"--count {args.count} out of range: use 1-64")
    if not 0 <= args.port <= 65535 or args.port + args.count - 1 > 65535:
        raise CliError(f"--port {args.port} out of range for {args.count} phone(s)")
    for folder in args.apps_dir:
        if not folder.is_dir():
            raise CliError(f"--apps-dir {folder}: not a directory")
    if args.seed is not None and args.seed < 0:
        raise CliError(f"--seed {args.seed} out of range: use a whole number 0 or more")
    width, height = args.size
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # before the first line is printed
    servers: list[VirtualPhoneServer] = []
    try:
        for number in range(args.count):
            try:
                config = PhoneConfig(
                    width_px=width,
                    height_px=height,
                    density_dpi=args.density,
                    serial=f"vphone{number + 1:04d}",
                    apps_dirs=tuple(args.apps_dir),
                    seed=args.seed,
                    model=args.model,
                    sdk=args.api,
                    abi=args.abi,
                )
            except ValueError as exc:
                raise CliError(str(exc)) from exc
            port = args.port + number if args.port else 0
            server = VirtualPhoneServer(VirtualPhone(config), host=args.host, port=port)
            try:
                server.start()
            except OSError as exc:
                raise CliError(
                    f"cannot listen on {args.host}:{port}: {exc.strerror or exc}"
                ) from exc
            servers.append(server)
            print(
                f"virtual phone {number + 1}/{args.count} on {args.host}:{server.port} "
                f"({width}x{height}, {args.density} dpi)",
                flush=True,
            )
        first = f"{args.host}:{servers[0].port}"
        print("\nconnect with:")
        for server in servers:
            print(f"  adb connect {args.host}:{server.port}")
        print(f"  python -c 'import uiautomator2 as u2; print(u2.connect(\"{first}\").info)'")
        print("press Ctrl-C to stop", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    finally:
        for server in servers:
            server.stop()
    return 0


def _devices(args: argparse.Namespace) -> int:
    settings = get_settings()
    server = AdbServer(
        host=args.adb_host or settings.adb.host,
        port=args.adb_port or settings.adb.port,
        timeout_s=10.0,
    )
    devices = server.devices()
    if args.json:
        print(json.dumps([vars(device) for device in devices], indent=2))
    elif not devices:
        print(
            f"no devices on adb server {server.host}:{server.port} "
            "(start one with: droidpilot virtual)"
        )
    else:
        print(f"{'SERIAL':24} {'STATE':12} {'MODEL':16} PRODUCT")
        for device in devices:
            print(f"{device.serial:24} {device.state:12} {device.model:16} {device.product}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from service.serve import ServeError, ServeOptions, serve

    for flag, port in (("--port", args.port), ("--virtual-port", args.virtual_port)):
        if not 0 <= port <= 65535:
            raise CliError(f"{flag} {port} out of range: use 0-65535 (0 = any free port)")
    settings = get_settings().with_adb(args.adb_host, args.adb_port)
    options = ServeOptions(
        host=args.host, port=args.port, virtual=args.virtual, virtual_port=args.virtual_port
    )
    try:
        return serve(settings, options)
    except ServeError as exc:
        raise CliError(str(exc)) from exc


def _ground(args: argparse.Namespace) -> int:
    from aci import ActionSyntaxError
    from grounding.errors import GroundingError
    from service.errors import InvalidInputError, describe
    from service.ground import Grounder, read_action
    from service.phones import farm_for

    if args.image is None and args.hierarchy is None:
        raise _UsageError("give --image FILE (a screenshot), --hierarchy FILE (a UI dump) or both")
    image = _read_file(args.image, "--image") if args.image else None
    hierarchy = None
    if args.hierarchy:
        try:
            hierarchy = _read_file(args.hierarchy, "--hierarchy").decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CliError(f"--hierarchy {args.hierarchy}: not UTF-8 text ({exc})") from exc
    settings = get_settings()
    grounder = Grounder(settings, farm_for(settings))
    try:
        result = grounder.ground(
            read_action(args.action),
            image=image,
            hierarchy=hierarchy,
            sources=args.sources,
        )
    except (ActionSyntaxError, GroundingError, InvalidInputError) as exc:
        raise CliError(describe(exc)) from exc
    print(result.model_dump_json(indent=2))
    return 0


def _run(args: argparse.Namespace) -> int:
    from service import cli_run

    try:
        return cli_run.run(args)
    except cli_run.RunError as exc:
        raise CliError(str(exc)) from exc


def _explore(args: argparse.Namespace) -> int:
    import time

    from planning.appmap import ScreenNode
    from service import explore
    from service.phones import farm_for, only_phone

    if not args.budget_s > 0 or args.max_screens < 1:
        raise _UsageError("use --budget-s more than 0 and --max-screens 1 or more")
    settings = get_settings().with_adb(args.adb_host, args.adb_port)
    farm, started = farm_for(settings), time.monotonic()

    def found(node: ScreenNode) -> None:
        where = node.title or node.activity or node.package
        print(f"{time.monotonic() - started:6.1f} s  {node.kind}: {where}", file=sys.stderr)

    try:
        done = explore.explore_and_keep(
            only_phone(farm, args.device),
            args.app,
            settings.data.dir,
            budget_s=args.budget_s,
            max_screens=args.max_screens,
            on_screen=found,
        )
    except explore.ExploreError as exc:
        raise CliError(str(exc)) from exc
    finally:
        farm.close()
    if not done.version_told:
        print(f"{done.app_map.package} did not tell its version: kept as unknown", file=sys.stderr)
    print(json.dumps(done.summary(), indent=2) if args.json else done.describe())
    return 0


def _mcp(args: argparse.Namespace) -> int:
    import anyio

    from service.runtime import open_runtime

    # stdout carries the protocol: logs go to stderr, nothing is printed; the SDK points file
    # descriptor 1 at stderr while it serves, whatever a library prints
    with open_runtime(get_settings().with_adb(args.adb_host, args.adb_port)) as runtime:
        anyio.run(runtime.mcp.run_stdio_async)
    return 0


def _read_file(path: Path, flag: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CliError(f"{flag} {path}: {exc.strerror or exc}") from exc


class _UsageError(CliError):
    """A missing or conflicting argument: exit status 2, as for argparse's own errors."""


def _node(args: argparse.Namespace) -> int:
    from service.cluster import FarmError

    try:
        return cli_node.run(args)
    except cli_node.NodeArgumentError as exc:
        raise _UsageError(str(exc)) from exc
    except FarmError as exc:
        raise CliError(str(exc)) from exc


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    configure_logging(verbose=args.verbose, log_format=args.log_format)
    if args.command == "serve" and not args.verbose:
        for name in ("service.api.access_log", "service.tasks.manager"):
            logging.getLogger(name).setLevel(logging.INFO)  # a line a request, a task
    handlers = {
        "virtual": _virtual,
        "devices": _devices,
        "serve": _serve,
        "ground": _ground,
        "run": _run,
        "explore": _explore,
        "mcp": _mcp,
        "avd": cli_avd.run,
        "flow": cli_flow.run,
        "node": _node,
    }
    try:
        return handlers[args.command](args)
    except (CliError, DeviceError) as exc:
        print(f"droidpilot {args.command}: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, _UsageError) else 1
    except ValidationError as exc:
        error = exc.errors()[0]
        name = "DROIDPILOT_" + "_".join(str(part) for part in error["loc"]).upper()
        print(f"droidpilot {args.command}: {name}: {error['msg']}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
