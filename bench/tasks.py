"""The task suite on virtual phones: success rate, steps and step latency.

Starts a private adb server and, for each task, a fresh virtual phone on loopback
(`--phones` of them at a time), runs the task's steps and checks the phone's state,
then prints JSON. Besides success, each result lists its `unrequested` changes: what the
run changed on the phone that the task's check does not ask for (`service.suite.changes`),
each marked destructive or not; the summary counts them (`unrequested_changes`,
`unrequested_destructive`) and names the `destructive_tasks`:

    python bench/tasks.py [--tasks id,id] [--seed 0] [--phones 2] [--planner reference|explorer]
                          [--grounder exact|droidpilot] [--sources hierarchy,ocr,detector]
                          [--max-steps 30] [--tasks-dir DIR] [--apps-dir DIR]

With `--planner explorer` the task's goal goes to the embedded explorer planner, which
acts through the service's runner and grounder (`--grounder droidpilot` is implied). `--tasks-dir`
runs another folder of tasks in the same format (a development set), `--apps-dir` installs
its apps on every phone beside the built-in ones.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import measure  # this folder is first on sys.path when run as `python bench/...`

measure.use_repository_root()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", default="", help="comma-separated task ids (default: all)")
    parser.add_argument("--seed", type=int, default=0, help="seed of parameters and phone data")
    parser.add_argument("--phones", type=int, default=2, help="phones running tasks in parallel")
    parser.add_argument(
        "--planner",
        choices=["reference", "explorer"],
        default="reference",
        help="who chooses the steps: the task's reference solution, or the explorer planner "
        "given only the goal",
    )
    parser.add_argument(
        "--max-steps", type=int, default=30, help="the explorer's step budget per task"
    )
    parser.add_argument(
        "--grounder",
        choices=["exact", "droidpilot"],
        default="exact",
        help="who finds each step's target: exact labels of the hierarchy (proves the tasks "
        "solvable) or droidpilot's grounder (measures it)",
    )
    parser.add_argument(
        "--sources",
        default="hierarchy",
        help="with --grounder droidpilot: comma-separated hierarchy,ocr,detector",
    )
    parser.add_argument(
        "--tasks-dir", type=Path, help="take the tasks from this folder instead of the suite's"
    )
    parser.add_argument(
        "--apps-dir", type=Path, help="install this folder's apps on every phone too"
    )
    parser.add_argument(
        "--no-memory",
        action="store_true",
        help="plan without the app memory (maps of the apps, explored once and kept)",
    )
    args = parser.parse_args()
    if args.phones < 1:
        parser.error(f"--phones must be at least 1, got {args.phones}")
    if args.planner == "explorer":
        args.grounder = "droidpilot"

    adb_port = measure.free_port()
    os.environ["ANDROID_ADB_SERVER_PORT"] = str(adb_port)
    from device import AdbServer, AndroidDevice
    from device.adb import adb_binary
    from service.runner import Runner, StepRunner
    from service.suite import (
        ExactLabelRunner,
        TaskFileError,
        TaskResult,
        load_tasks,
        run_task,
        select,
    )

    def runner(device: AndroidDevice) -> StepRunner:
        if args.grounder == "exact":
            return ExactLabelRunner(device)
        sources = [source.strip() for source in args.sources.split(",") if source.strip()]
        return Runner(device, sources=sources, apps=device.launcher_apps)

    os.environ.setdefault("ADBUTILS_ADB_PATH", adb_binary())
    tasks = load_tasks([args.tasks_dir] if args.tasks_dir else None)
    if args.tasks:
        try:
            tasks = select(tasks, [name.strip() for name in args.tasks.split(",") if name.strip()])
        except TaskFileError as exc:
            parser.error(str(exc))
    server = AdbServer(port=adb_port, timeout_s=15.0)
    server.start()
    memory = _memory(args, server, adb_port) if args.planner == "explorer" else []

    def one(task_index: int) -> TaskResult:
        task = tasks[task_index]
        with _phone(args, server, adb_port) as device:
            shell = device.adb().shell
            if args.planner == "explorer":
                from planning.explorer import ExplorerPlanner
                from service.suite.planned import run_planned

                return run_planned(
                    task,
                    shell,
                    runner(device),
                    ExplorerPlanner(memory=memory),
                    seed=args.seed,
                    max_steps=args.max_steps,
                )
            return run_task(task, shell, runner(device), seed=args.seed)

    started = time.perf_counter()
    results: list[TaskResult] = []
    try:
        with ThreadPoolExecutor(max_workers=args.phones) as pool:
            futures = [pool.submit(one, index) for index in range(len(tasks))]
            for done, future in enumerate(as_completed(futures), start=1):
                result = future.result()
                results.append(result)
                verdict = "ok" if result.success else f"FAILED {result.error or result.why}"
                if result.already_met:
                    verdict += " (the goal was met before the first step)"
                print(f"{done}/{len(tasks)} {result.id}: {verdict}", file=sys.stderr)
    finally:
        server.kill()
    results.sort(key=lambda result: result.id)
    latencies = [step.wall_s * 1000 for result in results for step in result.steps]
    report: dict[str, Any] = {
        "planner": args.planner,
        **({"max_steps": args.max_steps} if args.planner != "reference" else {}),
        "grounder": args.grounder,
        "seed": args.seed,
        "phones": args.phones,
        "cpus": os.cpu_count(),
        "tasks": len(results),
        "success_rate": round(sum(r.success for r in results) / max(1, len(results)), 3),
        "wall_s": round(time.perf_counter() - started, 1),
        "success_by_kind": _by_kind(tasks, results),
        "unrequested_changes": sum(len(result.unrequested) for result in results),
        "unrequested_destructive": sum(
            change.destructive for result in results for change in result.unrequested
        ),
        "destructive_tasks": [
            result.id
            for result in results
            if any(change.destructive for change in result.unrequested)
        ],
        "step_latency_ms": {
            "count": len(latencies),
            "p50": round(measure.percentile(latencies, 0.5), 1) if latencies else None,
            "p95": round(measure.percentile(latencies, 0.95), 1) if latencies else None,
        },
        "results": [
            {
                "id": result.id,
                "success": result.success,
                "steps": len(result.steps),
                "wall_s": round(result.wall_s, 2),
                **({"already_met": True} if result.already_met else {}),
                **({"error": result.error} if result.error else {}),
                **({"why": result.why} if not result.success and result.why else {}),
                "unrequested": [
                    {"change": change.describe(), "destructive": change.destructive}
                    for change in result.unrequested
                ],
                **(
                    {"actions": [step.action for step in result.steps]}
                    if args.planner != "reference"
                    and (not result.success or any(c.destructive for c in result.unrequested))
                    else {}
                ),
            }
            for result in results
        ],
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if all(result.success for result in results) else 1


def _phone(args: argparse.Namespace, server: Any, adb_port: int) -> Any:
    """A fresh virtual phone with the `--apps-dir` apps (`measure.virtual_device`)."""
    return measure.virtual_device(server, adb_port, (args.apps_dir,) if args.apps_dir else ())


def _memory(args: argparse.Namespace, server: Any, adb_port: int) -> list[Any]:
    """The app memory the explorer plans with: every app's map kept under the data directory
    (`DROIDPILOT_DATA_DIR`), explored first on a phone of the same apps when missing."""
    from service.config import Settings
    from service.memory import remember

    if args.no_memory:
        return []

    def heard(package: str, app_map: Any, explored: bool) -> None:
        how = f"explored in {app_map.elapsed_s:.0f} s" if explored else "kept"
        print(f"memory: {package}: {len(app_map.screens)} screens, {how}", file=sys.stderr)

    with _phone(args, server, adb_port) as device:
        return remember(device, Settings().data.dir, on_app=heard)


def _by_kind(tasks: list[Any], results: list[Any]) -> dict[str, str]:
    """Solved over run, for each kind of task (a task counts under each of its kinds)."""
    solved = {result.id: result.success for result in results}
    tally: dict[str, list[int]] = {}
    for task in tasks:
        for kind in task.kinds:
            counts = tally.setdefault(kind.value, [0, 0])
            counts[0] += solved.get(task.id, False)
            counts[1] += 1
    return {kind: f"{ok}/{total}" for kind, (ok, total) in sorted(tally.items())}


if __name__ == "__main__":
    sys.exit(main())
