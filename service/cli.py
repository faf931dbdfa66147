"""The `droidpilot` command line.

    droidpilot virtual [--port 5555] [--size 1080x2400] [--count N]   start virtual phones
    droidpilot devices [--adb-host H] [--adb-port P] [--json]          list an adb server's phones

Errors print one line on stderr and exit non-zero.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import re
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from device import AdbServer, DeviceError
from service.config import get_settings

logger = logging.getLogger(__name__)


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)x(\d+)", text.strip().lower())
    if not match:
        raise argparse.ArgumentTypeError(f"size {text!r} is not WIDTHxHEIGHT, e.g. 1080x2400")
    return int(match[1]), int(match[2])


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (and exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="droidpilot", description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug output")
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
        "--apps-dir",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="extra folder of app definitions (repeatable)",
    )

    devices = commands.add_parser("devices", help="list the phones of an adb server")
    devices.add_argument("--adb-host", help="adb server host (default 127.0.0.1)")
    devices.add_argument("--adb-port", type=int, help="adb server port (default 5037)")
    devices.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def _virtual(args: argparse.Namespace) -> int:
    from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer

    if not 1 <= args.count <= 64:
        raise CliError(f"--count {args.count} out of range: use 1-64")
    if not 0 <= args.port <= 65535 or args.port + args.count - 1 > 65535:
        raise CliError(f"--port {args.port} out of range for {args.count} phone(s)")
    for folder in args.apps_dir:
        if not folder.is_dir():
            raise CliError(f"--apps-dir {folder}: not a directory")
    width, height = args.size
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
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    finally:
        for server in servers:
            server.stop()
    return 0


def _devices(args: argparse.Namespace) -> int:
    settings = get_settings()
    server = AdbServer(
        host=args.adb_host or settings.adb_host,
        port=args.adb_port or settings.adb_port,
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


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    handlers = {"virtual": _virtual, "devices": _devices}
    try:
        return handlers[args.command](args)
    except (CliError, DeviceError) as exc:
        print(f"droidpilot {args.command}: {exc}", file=sys.stderr)
        return 1
    except ValidationError as exc:
        error = exc.errors()[0]
        name = "DROIDPILOT_" + "_".join(str(part) for part in error["loc"]).upper()
        print(f"droidpilot {args.command}: {name}: {error['msg']}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
