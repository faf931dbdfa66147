"""`droidpilot flow`: run flow files on phones for CI, or check them without a phone.

    droidpilot flow run FLOW... [--device SERIAL ...] [--shard-split N | --shard-all N]
                        [--junit out.xml] [--html DIR] [--screenshots DIR] [--max-steps N]
                        [--no-cache] [--server URL]
    droidpilot flow check FLOW...

With `--server URL` the flows are parsed here (variables from this environment) and run on
the service's phones, through `POST /v1/flows/run`; the token, when the service asks for
one, comes from `DROIDPILOT_API_TOKEN`.

Progress goes to stderr, one line per flow start and end and per failing step, then a
summary. Exit status: 0 when every flow passed (or every file parsed), 1 when a flow
failed, 2 for bad arguments, too few phones or flow files that do not parse (each problem
printed as `file:line: what was expected`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path
from typing import TypeVar

from service.config import get_settings
from service.flows.capture import StepShots
from service.flows.errors import FlowError
from service.flows.execute import FlowResult
from service.flows.html import write_html
from service.flows.junit import write_junit
from service.flows.load import load_flow
from service.flows.model import Flow
from service.flows.remote import FlowService, ServiceError
from service.flows.replay import ReplayCache
from service.flows.shards import ShardMode, on_phones, run_shards
from service.phones import farm_for

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)

TOKEN_VARIABLE = "DROIDPILOT_API_TOKEN"
"""The service's own setting (`api.token`), so one CI secret serves both ends."""


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    """The `flow` command and its verbs `run` and `check`."""
    flow = commands.add_parser("flow", help="run or check flow files (droidpilot's or Maestro's)")
    verbs = flow.add_subparsers(
        dest="flow_command", required=True, metavar="VERB", parser_class=type(flow)
    )
    run_verb = verbs.add_parser("run", help="run flows on phones; JUnit for CI")
    run_verb.add_argument("flows", nargs="+", metavar="FLOW", type=Path, help="flow files")
    run_verb.add_argument(
        "--device",
        action="append",
        default=[],
        metavar="SERIAL",
        help="a phone to run on (repeat for several; default: the adb server's phones)",
    )
    shards = run_verb.add_mutually_exclusive_group()
    shards.add_argument(
        "--shard-split", type=int, metavar="N", help="split the flows over N phones, each once"
    )
    shards.add_argument("--shard-all", type=int, metavar="N", help="run every flow on N phones")
    run_verb.add_argument("--junit", type=Path, metavar="FILE", help="write a JUnit XML report")
    run_verb.add_argument(
        "--html",
        type=Path,
        metavar="DIR",
        help="write an HTML report (index.html and a picture per step) into DIR",
    )
    run_verb.add_argument(
        "--screenshots", type=Path, metavar="DIR", help="keep screenshot steps' PNGs here"
    )
    run_verb.add_argument(
        "--max-steps", type=int, metavar="N", help="cap the step budget of every goal: step"
    )
    run_verb.add_argument(
        "--no-cache",
        action="store_true",
        help="ground every step afresh: neither replay nor record the replay cache",
    )
    run_verb.add_argument(
        "--server",
        metavar="URL",
        help="run on the phones of a droidpilot service (its token from "
        f"{TOKEN_VARIABLE}) instead of a local adb server's",
    )
    run_verb.add_argument("--adb-host", help="adb server host (default 127.0.0.1)")
    run_verb.add_argument("--adb-port", type=int, help="adb server port (default 5037)")
    check = verbs.add_parser("check", help="parse flows and report their problems")
    check.add_argument("flows", nargs="+", metavar="FLOW", type=Path, help="flow files")


def run(args: argparse.Namespace) -> int:
    """Run one `flow` verb; the exit status says how it went."""
    flows = _load(args.flows)
    if flows is None:
        return 2
    if args.flow_command == "check":
        for flow in flows:
            steps = len(flow.setup) + len(flow.steps)
            print(f"{flow.path}: ok ({flow.format}, {steps} steps)", file=sys.stderr)
        return 0
    return _run(args, flows)


def _load(paths: list[Path]) -> list[Flow] | None:
    """Every flow parsed, or None once every problem of every file is printed."""
    flows, bad = [], False
    for path in paths:
        try:
            flows.append(load_flow(path))
        except FlowError as exc:
            print(str(exc), file=sys.stderr)
            bad = True
        except OSError as exc:
            print(f"{path}:0: cannot read: {exc.strerror or exc}", file=sys.stderr)
            bad = True
    return None if bad else flows


def _usage(message: str) -> int:
    print(f"droidpilot flow run: {message}", file=sys.stderr)
    return 2


def _run(args: argparse.Namespace, flows: list[Flow]) -> int:
    for flag, value in (("--shard-split", args.shard_split), ("--shard-all", args.shard_all)):
        if value is not None and value < 1:
            return _usage(f"{flag} {value} out of range: use 1 or more")
    if args.max_steps is not None and args.max_steps < 1:
        return _usage(f"--max-steps {args.max_steps} out of range: use 1 or more")
    if args.server is not None:
        local = {
            "--adb-host": args.adb_host,
            "--adb-port": args.adb_port,
            "--screenshots": args.screenshots,
        }
        given = [flag for flag, value in local.items() if value is not None]
        if given:
            return _usage(f"{given[0]} is for phones of a local adb server, not with --server")
        return _through_service(args, flows)
    settings = get_settings().with_adb(args.adb_host, args.adb_port)
    farm = farm_for(settings)
    try:
        online = [d.serial for d in farm.devices() if d.state == "device"]
        serials = _phones(args, online, "on the adb server")
        if isinstance(serials, int):
            return serials
        shots = _step_shots(args)
        run_one = on_phones(
            [farm.device(serial) for serial in serials],
            out_dir=args.screenshots,
            max_steps=args.max_steps,
            data_dir=settings.data.dir,
            step_shots=shots,
            replay=None if args.no_cache else ReplayCache(settings.data.dir / "flows-cache"),
        )
        started = time.perf_counter()
        results = run_shards(flows, serials, run_one, mode=_mode(args), say=_say)
    finally:
        farm.close()
    return _report(args, results, len(serials), time.perf_counter() - started)


def _through_service(args: argparse.Namespace, flows: list[Flow]) -> int:
    """The flows run on the service's phones; reports are written here as for a local run."""
    try:
        service = FlowService(args.server, token=os.environ.get(TOKEN_VARIABLE) or None)
    except ServiceError as exc:
        return _usage(str(exc))
    try:
        online = service.online()
        serials = _phones(args, online, f"on {args.server}")
        if isinstance(serials, int):
            return serials
        replay = not args.no_cache
        run_one = service.runner(
            max_steps=args.max_steps, replay=replay, step_shots=_step_shots(args)
        )
        started = time.perf_counter()
        results = run_shards(flows, serials, run_one, mode=_mode(args), say=_say)
    except ServiceError as exc:
        print(f"droidpilot flow run: {exc}", file=sys.stderr)
        return 1
    finally:
        service.close()
    return _report(args, results, len(serials), time.perf_counter() - started)


def _phones(args: argparse.Namespace, online: list[str], where: str) -> list[str] | int:
    """The serials to run on, or the exit status once the reason they cannot be is printed."""
    count = args.shard_split or args.shard_all
    serials = list(dict.fromkeys(args.device)) or online
    missing = [serial for serial in serials if serial not in online]
    if missing:
        listed = ", ".join(online) or "none"
        return _usage(f"no phone {missing[0]!r} {where} (online: {listed})")
    wanted = count or (len(serials) if args.device else 1)
    if len(serials) < wanted:
        what = "named with --device" if args.device else f"online {where}"
        return _usage(f"{wanted} phones needed, {len(serials)} {what}")
    return serials[:wanted]


def _mode(args: argparse.Namespace) -> ShardMode:
    return "all" if args.shard_all else "split"


def _step_shots(args: argparse.Namespace) -> StepShots | None:
    """A picture after every step, when an HTML report is asked for."""
    if args.html is None:
        return None
    shutil.rmtree(args.html / "shots", ignore_errors=True)  # the last run's pictures
    return StepShots(args.html / "shots")


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _report(args: argparse.Namespace, results: list[FlowResult], phones: int, wall_s: float) -> int:
    """Write the reports asked for, print the summary; the exit status of the run."""
    if args.junit is not None:
        write_junit(results, args.junit)
    if args.html is not None:
        print(f"HTML report: {write_html(results, args.html)}", file=sys.stderr)
    failed = sum(not result.passed for result in results)
    replayed = sum(result.replayed for result in results)
    saved_ms = sum(result.saved_s for result in results) * 1000
    replays = f"; {replayed} steps replayed, {saved_ms:.0f} ms of grounding saved"
    print(
        f"{len(results) - failed} passed, {failed} failed, {len(results)} flows on "
        f"{phones} phone(s) in {wall_s:.1f} s" + replays * bool(replayed),
        file=sys.stderr,
    )
    return 1 if failed else 0
