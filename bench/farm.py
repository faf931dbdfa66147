"""A farm on one machine: throughput and step latency of 2 hosts x 8 phones against 1 x 16.

For each layout (`HOSTSxPHONES`) starts a loopback farm (`tests/cluster/farm.py`: a Ray head,
hosts running `droidpilot node`, each with its adb server and virtual phones) and the service
against it, waits until `GET /v1/devices` lists every phone, then submits
`phones x --tasks-per-phone` short scripts at once with `device_query: {}` (any phone), so the
service's queue spreads them over free phones. Prints JSON per layout: the wall from first
submit to last finish, tasks per minute and steps per second, each step's latency (its
`timing_ms` stages summed) and each task's queue wait (p50/p95), done and failed counts, the
bench process's peak RSS and the farm's processes' peak RSS (sampled with `ps`). Each layout
runs in a process of its own: Ray reads a farm's auth token once per process.

    python bench/farm.py [--layouts 2x8,1x16] [--tasks-per-phone 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import measure  # this folder is first on sys.path when run as `python bench/...`

measure.use_repository_root()

STEPS = ['open app "Settings"', 'tap "Network & internet"', "press back", "press home"]
FINISHED = {"done", "failed", "cancelled", "interrupted"}


def _layout(text: str) -> tuple[int, int]:
    hosts, _, phones = text.partition("x")
    if not (hosts.isdigit() and phones.isdigit() and int(hosts) > 0 and int(phones) > 0):
        raise argparse.ArgumentTypeError(f"a layout is HOSTSxPHONES, e.g. 2x8; got {text!r}")
    return int(hosts), int(phones)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layouts", default="2x8,1x16", help="HOSTSxPHONES, comma-separated")
    parser.add_argument("--tasks-per-phone", type=int, default=3, help="tasks submitted per phone")
    args = parser.parse_args()
    layouts = [_layout(text.strip()) for text in args.layouts.split(",") if text.strip()]
    if not layouts or args.tasks_per_phone < 1:
        parser.error("give at least one layout and --tasks-per-phone of at least 1")
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count()},
        "steps_per_task": len(STEPS),
        "tasks_per_phone": args.tasks_per_phone,
        "layouts": {},
    }
    if len(layouts) == 1:
        hosts, phones = layouts[0]
        _progress(f"{hosts}x{phones}: starting {hosts} host(s) with {phones} phones each")
        report["layouts"][f"{hosts}x{phones}"] = _bench_layout(hosts, phones, args.tasks_per_phone)
        report["bench_peak_rss_mb"] = measure.peak_rss_mb()
    else:  # a farm per process: Ray reads its auth token once per process
        for hosts, phones in layouts:
            report["layouts"] |= _layout_in_child(f"{hosts}x{phones}", args.tasks_per_phone)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    failed = sum(layout["failed"] for layout in report["layouts"].values())
    return 0 if failed == 0 else 1


def _layout_in_child(layout: str, tasks_per_phone: int) -> dict[str, Any]:
    command = [sys.executable, __file__, f"--layouts={layout}"]
    child = subprocess.run(
        [*command, f"--tasks-per-phone={tasks_per_phone}"], stdout=subprocess.PIPE, text=True
    )
    start = child.stdout.find("{\n")  # anything a farm process wrote before the report
    if start < 0:
        raise SystemExit(f"the {layout} run failed (exit {child.returncode}): {child.stdout!r}")
    if start > 0:
        _progress(f"{layout}: before its report the run wrote {child.stdout[:start][-300:]!r}")
    figures: dict[str, Any] = json.JSONDecoder().raw_decode(child.stdout, start)[0]
    layouts: dict[str, Any] = figures["layouts"]
    layouts[layout]["bench_peak_rss_mb"] = figures["bench_peak_rss_mb"]
    return layouts


def _progress(line: str) -> None:
    print(f"[farm] {line}", file=sys.stderr, flush=True)


def _bench_layout(hosts: int, phones: int, tasks_per_phone: int) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from planning import LlmSettings
    from service.app import create_app
    from service.config import AdbSection, ClusterSection, DataSection, Settings
    from tests.cluster.farm import start_farm

    specs = [(f"host-{n}", "Pixel 8", 34, phones, ()) for n in range(hosts)]
    started = time.monotonic()
    with start_farm(specs) as farm, tempfile.TemporaryDirectory(prefix="dp-bench-") as data:
        settings = Settings(
            adb=AdbSection(port=1, command_timeout_s=5.0),  # the service's host has no phones
            data=DataSection(dir=Path(data)),
            llm=LlmSettings(),
            cluster=ClusterSection(head=farm.head),
        )
        serials = {serial for host in farm.hosts.values() for serial in host.serials}
        with TestClient(create_app(settings)) as client:
            _wait_for_phones(client, serials)
            farm_start_s = round(time.monotonic() - started, 1)
            _progress(f"farm up in {farm_start_s} s; submitting")
            figures = _run_tasks(client, len(serials) * tasks_per_phone)
    figures["farm_start_s"] = farm_start_s
    return figures


def _wait_for_phones(client: Any, serials: set[str], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        listed = {phone["serial"] for phone in client.get("/v1/devices").json()}
        if serials <= listed:
            return
        if time.monotonic() > deadline:
            raise SystemExit(f"the service lists {len(serials & listed)} of {len(serials)} phones")
        time.sleep(0.5)


def _run_tasks(client: Any, count: int) -> dict[str, Any]:
    body = {"device_query": {}, "steps": STEPS, "queue_timeout_s": 600}
    first = time.time()
    ids: list[str] = []
    for _ in range(count):
        answer = client.post("/v1/tasks", json=body)
        if answer.status_code != 202:
            raise SystemExit(f"POST /v1/tasks answered {answer.status_code}: {answer.json()}")
        ids.append(answer.json()["id"])
    finished: dict[str, dict[str, Any]] = {}
    farm_rss_mb, reported = 0.0, 0
    deadline = time.monotonic() + 900
    while len(finished) < count and time.monotonic() < deadline:
        for task in client.get("/v1/tasks", params={"limit": 500}).json():
            if task["id"] in ids and task["status"] in FINISHED:
                finished[task["id"]] = task
        farm_rss_mb = max(farm_rss_mb, _descendants_rss_mb())
        if len(finished) >= reported + 10 or len(finished) == count:
            reported = len(finished)
            _progress(f"{reported}/{count} tasks finished after {time.time() - first:.1f} s")
        time.sleep(0.5)
    tasks = list(finished.values())
    last = max((task["finished_at"] for task in tasks), default=time.time())
    wall_s = last - first
    step_ms = [
        sum(step["timing_ms"].values())
        for task in tasks
        for step in client.get(f"/v1/tasks/{task['id']}/trajectory").json()["steps"]
    ]
    waits = [task["started_at"] - task["created_at"] for task in tasks if task["started_at"]]
    by_host: dict[str, int] = {}
    for task in tasks:
        by_host[str(task["host"])] = by_host.get(str(task["host"]), 0) + 1
    return {
        "tasks": count,
        "done": sum(task["status"] == "done" for task in tasks),
        "failed": count - sum(task["status"] == "done" for task in tasks),
        "failures": sorted({str(task["failure"]) for task in tasks if task["failure"]})[:5],
        "tasks_by_host": by_host,
        "wall_s": round(wall_s, 2),
        "tasks_per_min": round(len(tasks) / wall_s * 60, 1),
        "steps_per_s": round(len(step_ms) / wall_s, 2),
        "step_ms_p50": round(measure.percentile(step_ms, 0.5), 1),
        "step_ms_p95": round(measure.percentile(step_ms, 0.95), 1),
        "queue_wait_s_p50": round(measure.percentile(waits, 0.5), 2),
        "queue_wait_s_p95": round(measure.percentile(waits, 0.95), 2),
        "farm_peak_rss_mb": round(farm_rss_mb, 1),
    }


def _descendants_rss_mb() -> float:
    """The resident memory of every process under this one (the farm's head, hosts, Ray
    workers and phones), in MiB."""
    table = subprocess.run(
        ["ps", "-e", "-o", "pid=,ppid=,rss="], capture_output=True, text=True, check=True
    ).stdout
    rows = [tuple(int(field) for field in line.split()) for line in table.splitlines()]
    children: dict[int, list[tuple[int, int]]] = {}
    for pid, ppid, rss in rows:
        children.setdefault(ppid, []).append((pid, rss))
    total, stack = 0, [os.getpid()]
    while stack:
        for pid, rss in children.get(stack.pop(), []):
            total += rss
            stack.append(pid)
    return total / 1024


if __name__ == "__main__":
    sys.exit(main())
