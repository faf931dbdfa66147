"""`droidpilot avd`: Android Virtual Devices from the shell, for CI and emulator farms.

    droidpilot avd list [--json]                     the AVDs the SDK knows
    droidpilot avd start NAME [--port N] [--snapshot S] [--no-snapshot-save] [--cold-boot]
                         [--wipe] [--read-only] [--no-wait] [--timeout 300]
    droidpilot avd stop SERIAL                       e.g. emulator-5554
    droidpilot avd wipe NAME                         reset its user data without booting it

`start` prints the serial on stdout once the phone shows its launcher (progress on stderr),
so that a script can `SERIAL=$(droidpilot avd start Pixel_7)`. Errors are `AvdError`s, which
`service.cli` prints as one line.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TypeVar

from device.avd import (
    AvdError,
    BootProgress,
    StartOptions,
    avd_folder,
    find_sdk,
    free_port,
    is_running,
    list_avds,
    run_tool,
    start_avd,
    stop_command,
    wait_for_boot,
    wipe_files,
)
from device.config import DeviceConfig
from service.config import get_settings

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    """The `avd` command and its four verbs."""
    avd = commands.add_parser("avd", help="list, start, stop or wipe Android Virtual Devices")
    verbs = avd.add_subparsers(
        dest="avd_command", required=True, metavar="VERB", parser_class=type(avd)
    )
    listing = verbs.add_parser("list", help="the AVDs of the SDK")
    listing.add_argument("--json", action="store_true", help="print a JSON list")

    start = verbs.add_parser("start", help="boot an AVD headless; print its serial")
    start.add_argument("name", help="the AVD, as `avd list` names it")
    start.add_argument("--port", type=int, help="even console port 5554-5584 (default: free one)")
    start.add_argument("--snapshot", metavar="NAME", help="boot from this snapshot")
    start.add_argument(
        "--no-snapshot-save", action="store_true", help="leave the AVD as found on exit"
    )
    start.add_argument("--cold-boot", action="store_true", help="ignore snapshots when booting")
    start.add_argument("--wipe", action="store_true", help="reset the user data first")
    start.add_argument(
        "--read-only",
        action="store_true",
        help="allow another instance of this AVD (automatic when one runs)",
    )
    start.add_argument("--gpu", default="swiftshader_indirect", help="emulator -gpu mode")
    start.add_argument("--no-wait", action="store_true", help="return without waiting for boot")
    start.add_argument(
        "--timeout", type=float, default=300.0, help="seconds to wait for boot (default 300)"
    )
    for verb in (start, verbs.add_parser("stop", help="shut an emulator down")):
        verb.add_argument("--adb-host", help="adb server host (default 127.0.0.1)")
        verb.add_argument("--adb-port", type=int, help="adb server port (default 5037)")
    verbs.choices["stop"].add_argument("serial", help="the emulator, e.g. emulator-5554")

    wipe = verbs.add_parser("wipe", help="delete an AVD's user data and snapshots")
    wipe.add_argument("name", help="the AVD, as `avd list` names it")


def run(args: argparse.Namespace) -> int:
    """Run one `avd` verb; AvdError says what went wrong."""
    if args.avd_command == "list":
        names = list_avds(find_sdk())
        if args.json:
            print(json.dumps(names))
        elif not names:
            print("no AVDs (create one with: avdmanager create avd)", file=sys.stderr)
        else:
            print("\n".join(names))
        return 0
    if args.avd_command == "wipe":
        gone = wipe_files(avd_folder(args.name))
        print(f"wiped {args.name}: {len(gone)} file(s) deleted", file=sys.stderr)
        return 0
    config = _device_config(args)
    if args.avd_command == "stop":
        run_tool(stop_command(args.serial, adb_port=config.adb_port), timeout_s=30.0)
        print(f"{args.serial} stopping", file=sys.stderr)
        return 0
    return _start(args, config)


def _start(args: argparse.Namespace, config: DeviceConfig) -> int:
    if args.timeout <= 0:
        raise AvdError(f"--timeout {args.timeout:g} out of range: use seconds more than 0")
    sdk = find_sdk()
    try:
        shared = is_running(avd_folder(args.name))
    except AvdError:
        shared = False  # an AVD home the emulator finds by itself; let it say what is wrong
    options = StartOptions(
        port=args.port if args.port is not None else free_port(),
        snapshot=args.snapshot,
        save_snapshot=not args.no_snapshot_save,
        cold_boot=args.cold_boot,
        read_only=args.read_only or shared,
        wipe=args.wipe,
        gpu=args.gpu,
    )
    started = start_avd(sdk, args.name, options)
    print(f"starting {args.name} as {started.serial} (log: {started.log})", file=sys.stderr)
    if not args.no_wait:
        wait_for_boot(
            started.serial,
            args.timeout,
            config=config,
            on_progress=_progress,
            abort=started.exited,
        )
    print(started.serial)
    return 0


def _device_config(args: argparse.Namespace) -> DeviceConfig:
    adb = get_settings().with_adb(args.adb_host, args.adb_port).adb
    return DeviceConfig(adb_host=adb.host, adb_port=adb.port, command_timeout_s=10.0)


def _progress(progress: BootProgress) -> None:
    print(f"{progress.elapsed_s:6.1f} s  {progress.message}", file=sys.stderr, flush=True)
