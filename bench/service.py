"""The service under load: N virtual phones running script tasks at once through the HTTP API.

For each N of `--phones`, everything on loopback: a private adb server (one for the whole
run), N virtual phones in a subprocess (`droidpilot virtual --count N --port 0`), each
`adb connect`ed, then the service in a subprocess of its own (`droidpilot serve
--no-virtual`, a temporary data folder) so that its memory is measured alone. Each phone
runs `--rounds` script tasks one after another (every task leases its phone itself);
the bench follows each through `/v1/tasks/{id}/events`, then reads its trajectory.
Prints one JSON object a line, one per N; progress goes to stderr:

    python bench/service.py [--phones 1 4 16 32] [--rounds 2] [--phone-processes 1]
                            [--logs-dir DIR] [--task-timeout-s 600]

A step's latency is its `timing_ms` observe + plan + perform from the trajectory (the
episode's own clock: perceiving, the script planner, then grounding, acting and waiting
for the screen to settle); `stage_ms_p50` has the median of each stage the service timed.
`service_rss_mb` is the serve process's resident memory:
`idle` once it started and loaded its models, `peak_run` the highest sampled during the
tasks, `hwm` the kernel's high-water mark (VmHWM, start-up included). `cpu_s` is CPU time
(user + system) spent during the tasks by the service, the phones' processes, the adb
server and this client, which all share the machine's cores. All the phones run in one
Python process unless `--phone-processes` splits them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import measure  # this folder is first on sys.path when run as `python bench/...`
import processes

measure.use_repository_root()

import httpx  # noqa: E402

if TYPE_CHECKING:
    from device import AdbServer

STEPS = (
    'open app "Settings"',
    'tap "Network & internet"',
    'tap "Airplane mode"',
    "press back",
    "press back",
)
"""One task: real grounding on the Settings app (its labels are in
device/virtual/apps/settings.json), ending on the home screen so the next round starts there."""

PYTHON = sys.executable
_PHONE_LINE = re.compile(r"virtual phone (\d+)/(\d+) on ([\d.]+):(\d+)")


@dataclass
class TaskOutcome:
    """One task as the client saw it: its final status and its steps' latencies."""

    round: int
    status: str
    wall_s: float
    step_ms: list[float] = field(default_factory=list)
    stage_ms: list[dict[str, float]] = field(default_factory=list)
    failure: str | None = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--phones", type=int, nargs="+", default=[1, 4, 16, 32], help="phone counts to run"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="tasks run one after another per phone"
    )
    parser.add_argument(
        "--phone-processes",
        type=int,
        default=1,
        help="split the phones over this many `virtual` subprocesses (each is one Python "
        "process: one GIL for all its phones)",
    )
    parser.add_argument(
        "--logs-dir", type=Path, help="keep the service's and the phones' logs here, per N"
    )
    parser.add_argument(
        "--task-timeout-s", type=float, default=600.0, help="give up following a task after this"
    )
    args = parser.parse_args()
    if any(not 1 <= count <= 64 for count in args.phones):
        parser.error(f"--phones must each be 1-64 (the virtual command's limit), got {args.phones}")
    if args.phone_processes < 1:
        parser.error(f"--phone-processes must be at least 1, got {args.phone_processes}")
    if args.rounds < 1:
        parser.error(f"--rounds must be at least 1, got {args.rounds}")

    adb_port = measure.free_port()
    os.environ["ANDROID_ADB_SERVER_PORT"] = str(adb_port)  # before adbutils is imported
    from device import AdbServer
    from device.adb import adb_binary

    os.environ.setdefault("ADBUTILS_ADB_PATH", adb_binary())
    signal.signal(signal.SIGTERM, _interrupt)
    adb = AdbServer(port=adb_port, timeout_s=15.0)
    adb.start()
    try:
        for count in args.phones:
            report = _run_with(
                adb,
                count,
                phone_processes=min(count, args.phone_processes),
                logs_dir=args.logs_dir,
                rounds=args.rounds,
                task_timeout_s=args.task_timeout_s,
            )
            print(json.dumps(report), flush=True)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        with contextlib.suppress(Exception):
            adb.kill()
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _run_with(
    adb: AdbServer,
    count: int,
    *,
    phone_processes: int,
    logs_dir: Path | None,
    rounds: int,
    task_timeout_s: float,
) -> dict[str, Any]:
    """Phones, service, tasks for one phone count; everything started here is stopped here."""
    workdir = Path(tempfile.mkdtemp(prefix=f"droidpilot-bench-service-{count}-"))
    env = {**os.environ, "DROIDPILOT_DATA_DIR": str(workdir / "data"), "PYTHONUNBUFFERED": "1"}
    serials: list[str] = []
    setup_started = time.perf_counter()
    try:
        with contextlib.ExitStack() as stack:
            phones: list[subprocess.Popen[str]] = []
            for number, share in enumerate(_shares(count, phone_processes)):
                log = workdir / f"phones-{number}.log"
                virtual = [PYTHON, "-m", "service.cli", "virtual", "--count", str(share)]
                virtual += ["--port", "0"]
                phones.append(
                    stack.enter_context(processes.logged_process(virtual, env=env, log=log))
                )
                serials += _phone_serials(phones[-1], share, log=log)
            for serial in serials:
                adb.connect(serial)
            _wait_online(adb, serials, timeout_s=60.0)
            api_port = measure.free_port()
            serve = [PYTHON, "-m", "service.cli", "serve", "--no-virtual"]
            serve += ["--port", str(api_port), "--adb-port", str(adb.port)]
            with processes.logged_process(serve, env=env, log=workdir / "serve.log") as service:
                base = f"http://127.0.0.1:{api_port}"
                _wait_ready(base, service, serials, log=workdir / "serve.log")
                setup_s = time.perf_counter() - setup_started
                report = _measure(
                    base,
                    serials,
                    service=service.pid,
                    phones=[process.pid for process in phones],
                    adb_port=adb.port,
                    rounds=rounds,
                    task_timeout_s=task_timeout_s,
                )
        report["setup_s"] = round(setup_s, 1)
        print(
            f"{count} phone(s): {report['tasks']} tasks, {report['steps']} steps in "
            f"{report['wall_s']} s ({report['steps_per_s']} steps/s), "
            f"step p50 {report['step_ms']['p50']} ms, p95 {report['step_ms']['p95']} ms, "
            f"status {report['status']}",
            file=sys.stderr,
            flush=True,
        )
        return report
    finally:
        for serial in serials:
            with contextlib.suppress(Exception):
                adb.disconnect(serial)
        if logs_dir is not None:
            for log in workdir.glob("*.log"):
                (logs_dir / str(count)).mkdir(parents=True, exist_ok=True)
                shutil.copy(log, logs_dir / str(count) / log.name)
        shutil.rmtree(workdir, ignore_errors=True)


def _phone_serials(phones: subprocess.Popen[str], count: int, *, log: Path) -> list[str]:
    """The `host:port` of each phone, read from the lines the virtual command prints."""
    deadline = time.monotonic() + 60.0
    while time.monotonic() < deadline:
        found = _PHONE_LINE.findall(log.read_text())
        if len(found) == count:
            return [f"{host}:{port}" for _, _, host, port in found]
        if phones.poll() is not None:
            break
        time.sleep(0.1)
    raise RuntimeError(f"the virtual phones did not start: {_tail(log)}")


def _wait_online(adb: AdbServer, serials: list[str], *, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    wanted = set(serials)
    while time.monotonic() < deadline:
        online = {entry.serial for entry in adb.devices() if entry.state == "device"}
        if wanted <= online:
            return
        time.sleep(0.2)
    raise RuntimeError(f"phones not online after {timeout_s:g} s: {sorted(wanted - online)}")


def _wait_ready(
    base: str, service: subprocess.Popen[str], serials: list[str], *, log: Path
) -> None:
    """Until /healthz answers, the service lists every phone, and its start-up (loading the
    grounding models in the background) has gone quiet."""
    deadline = time.monotonic() + 180.0
    with httpx.Client(base_url=base, timeout=10.0) as client:
        while time.monotonic() < deadline:
            if service.poll() is not None:
                raise RuntimeError(f"serve exited with {service.returncode}: {_tail(log)}")
            with contextlib.suppress(httpx.HTTPError):
                if client.get("/healthz").status_code == 200:
                    listed = client.get("/v1/devices").json()
                    online = {d["serial"] for d in listed if d.get("state") == "device"}
                    if set(serials) <= online and "droidpilot API on" in log.read_text():
                        break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"serve not ready after 180 s: {_tail(log)}")
    # idle: under 0.1 CPU seconds per half second, twice in a row
    quiet, before = 0, processes.cpu_s(service.pid)
    while quiet < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
        now = processes.cpu_s(service.pid)
        quiet = quiet + 1 if now - before < 0.1 else 0
        before = now


def _measure(
    base: str,
    serials: list[str],
    *,
    service: int,
    phones: list[int],
    adb_port: int,
    rounds: int,
    task_timeout_s: float,
) -> dict[str, Any]:
    load1_before = round(os.getloadavg()[0], 2)
    adb_pid = processes.adb_server_pid(adb_port)
    pids = {"service": [service], "phones": phones, **({"adb": [adb_pid]} if adb_pid else {})}
    cpu_before = {name: sum(map(processes.cpu_s, group)) for name, group in pids.items()}
    client_cpu_before = time.process_time()
    idle_rss = processes.status_mb(service, "VmRSS")
    sampler = processes.RssSampler(service)
    sampler.start()
    outcomes: list[TaskOutcome] = []
    lock = threading.Lock()

    def drive(serial: str) -> None:
        with httpx.Client(base_url=base, timeout=httpx.Timeout(30.0, read=60.0)) as client:
            for number in range(rounds):
                outcome = _one_task(client, serial, number, timeout_s=task_timeout_s)
                with lock:
                    outcomes.append(outcome)

    started = time.perf_counter()
    threads = [threading.Thread(target=drive, args=(s,), daemon=True) for s in serials]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(timeout=0.5)
    wall_s = time.perf_counter() - started
    sampler.stop()
    cpu = {
        name: round(sum(map(processes.cpu_s, group)) - cpu_before[name], 1)
        for name, group in pids.items()
    }
    cpu["client"] = round(time.process_time() - client_cpu_before, 1)

    steps = [ms for outcome in outcomes for ms in outcome.step_ms]
    later = [ms for outcome in outcomes if outcome.round > 0 for ms in outcome.step_ms]
    task_s = [outcome.wall_s for outcome in outcomes]
    failures = Counter(outcome.failure for outcome in outcomes if outcome.failure)
    return {
        "phones": len(serials),
        "phone_processes": len(phones),
        "rounds": rounds,
        "tasks": len(outcomes),
        "steps": len(steps),
        "wall_s": round(wall_s, 2),
        "steps_per_s": round(len(steps) / wall_s, 2) if wall_s else None,
        "step_ms_from": "trajectory timing_ms observe+plan+perform",
        "step_ms": _percentiles(steps),
        "step_ms_after_round1": _percentiles(later) if rounds > 1 else None,
        "stage_ms_p50": _stage_medians(outcomes),
        "task_s": _percentiles(task_s, digits=2),
        "status": dict(sorted(Counter(outcome.status for outcome in outcomes).items())),
        **({"failures": dict(failures.most_common(5))} if failures else {}),
        "service_rss_mb": {
            "idle": idle_rss,
            "peak_run": sampler.peak_mb,
            "hwm": processes.status_mb(service, "VmHWM"),
        },
        "cpu_s": cpu,
        "cpus": os.cpu_count(),
        "load1_before": load1_before,
    }


def _one_task(client: httpx.Client, serial: str, number: int, *, timeout_s: float) -> TaskOutcome:
    """Submit the script, follow its events to the end, read the trajectory."""
    started = time.perf_counter()
    try:
        task_id = _submit(client, serial)
        _follow(client, task_id, deadline=time.monotonic() + timeout_s)
        answer = client.get(f"/v1/tasks/{task_id}/trajectory")
        answer.raise_for_status()
    except (httpx.HTTPError, RuntimeError) as exc:
        failure = f"client: {type(exc).__name__}: {exc}"
        return TaskOutcome(number, "client_error", time.perf_counter() - started, failure=failure)
    trajectory = answer.json()
    task = trajectory["task"]
    if task["status"] not in ("done", "failed", "cancelled", "interrupted"):
        status, failure = "timed_out", f"still {task['status']} after {timeout_s:g} s"
    else:
        status, failure = task["status"], task.get("failure")
    step_ms = [
        sum(step["timing_ms"].get(stage, 0.0) for stage in ("observe", "plan", "perform"))
        for step in trajectory["steps"]
    ]
    stage_ms = [step["timing_ms"] for step in trajectory["steps"]]
    return TaskOutcome(number, status, time.perf_counter() - started, step_ms, stage_ms, failure)


def _submit(client: httpx.Client, serial: str) -> str:
    """POST the task; a 409 (the previous task's lease not yet given back) is tried again."""
    for _ in range(50):
        answer = client.post("/v1/tasks", json={"device": serial, "steps": list(STEPS)})
        if answer.status_code == 202:
            return str(answer.json()["id"])
        if answer.status_code != 409:
            raise RuntimeError(f"POST /v1/tasks answered {answer.status_code}: {answer.text[:300]}")
        time.sleep(0.1)
    raise RuntimeError(f"POST /v1/tasks: {serial} still leased after 5 s")


def _follow(client: httpx.Client, task_id: str, *, deadline: float) -> None:
    """Read the task's event stream until its `end` event (or the deadline)."""
    with client.stream("GET", f"/v1/tasks/{task_id}/events") as stream:
        stream.raise_for_status()
        for line in stream.iter_lines():
            if line.startswith("event: end") or time.monotonic() > deadline:
                return


def _percentiles(values: list[float], *, digits: int = 1) -> dict[str, Any]:
    return {
        "count": len(values),
        "p50": round(measure.percentile(values, 0.5), digits) if values else None,
        "p95": round(measure.percentile(values, 0.95), digits) if values else None,
    }


def _stage_medians(outcomes: list[TaskOutcome]) -> dict[str, float]:
    """The median of each stage the steps timed; a stage a step skipped (0 ms: `ground` of
    `press back`) is not counted."""
    stages: dict[str, list[float]] = {}
    for outcome in outcomes:
        for timing in outcome.stage_ms:
            for stage, ms in timing.items():
                if ms > 0:
                    stages.setdefault(stage, []).append(ms)
    return {stage: round(measure.percentile(values, 0.5), 1) for stage, values in stages.items()}


def _shares(count: int, parts: int) -> list[int]:
    """`count` phones over `parts` processes, as evenly as they go."""
    return [count // parts + (index < count % parts) for index in range(parts)]


def _tail(log: Path, lines: int = 15) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(log.read_text().splitlines()[-lines:])
    return "(no log)"


if __name__ == "__main__":
    sys.exit(main())
