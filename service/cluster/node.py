"""`droidpilot node --head ADDRESS`: join this host and its phones to the farm.

The host's phones are those its adb server lists online when the node starts. The node
starts a Ray worker node (`ray start --block`) with one resource per phone
(`device:<serial>`: 1, what a task for the phone asks for) and a label naming the host,
then places the host's agent (`service.cluster.host.HostAgent`) on it, which reports the
phones and their attributes to the dispatcher. The node runs until it is stopped (Ctrl-C,
SIGTERM), and then takes its Ray processes down with it: the farm sees the host leave.
A phone attached later needs a restart of the node to get a resource.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

from device.errors import DeviceError
from service.cluster import (
    AGENT_PREFIX,
    NAMESPACE,
    FarmError,
    host_resource,
    import_ray,
    phone_resource,
    quiet_environment,
)
from service.config import Settings
from service.phones import farm_for

__all__ = ["NodeOptions", "run_node"]

_JOIN_TIMEOUT_S = 60.0
"""How long the node waits for Ray to register it with the head."""


@dataclass(frozen=True)
class NodeOptions:
    head: str
    """The Ray head's address, `host:port` (`ray start --head` prints it)."""
    name: str
    """This host's name in the farm (default: its hostname)."""
    tags: tuple[str, ...] = ()
    """Words tasks can ask for: `fast`, `gpu`, `lab-2`."""
    node_ip: str | None = None
    """The address the other hosts reach this one at (Ray's default: its outward IP)."""
    temp_dir: Path | None = None
    """Ray's session folder (one per node when several run on one machine)."""


def run_node(settings: Settings, options: NodeOptions) -> int:
    """Join, serve until stopped, leave; exit status 0 when stopped by a signal."""
    serials = _online_phones(settings)
    ray_cli = shutil.which("ray") or str(Path(sys.executable).with_name("ray"))
    if not Path(ray_cli).exists():
        raise FarmError("the farm needs Ray: pip install 'droidpilot[cluster]'")
    resources = {phone_resource(serial): 1 for serial in serials}
    resources[host_resource(options.name)] = 1
    command = [
        ray_cli,
        "start",
        f"--address={options.head}",
        "--block",
        "--disable-usage-stats",
        "--num-cpus=0",  # phones are the resource: a task takes a phone, not a CPU
        f"--resources={json.dumps(resources)}",
        f"--labels=droidpilot.host={options.name}",
    ]
    if options.node_ip:
        command.append(f"--node-ip-address={options.node_ip}")
    if options.temp_dir:
        command.append(f"--temp-dir={options.temp_dir}")
    environment = quiet_environment() | {
        "DROIDPILOT_ADB_HOST": settings.adb.host,
        "DROIDPILOT_ADB_PORT": str(settings.adb.port),
    }
    ray_node = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
    stopped = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        _agent = _start_agent(options, serials, ray_node)  # held: the agent lives while it is
        print(
            f"droidpilot node: host {options.name} joined {options.head} with"
            f" {len(serials)} phones: {', '.join(serials)}",
            file=sys.stderr,
            flush=True,
        )
        while not stopped.wait(1.0):
            if ray_node.poll() is not None:
                raise FarmError(f"the Ray node stopped (exit status {ray_node.returncode})")
        return 0
    finally:
        ray = import_ray()
        if ray.is_initialized():
            ray.shutdown()
        ray_node.send_signal(signal.SIGTERM)
        try:
            ray_node.wait(timeout=30)
        except subprocess.TimeoutExpired:
            ray_node.kill()


def _online_phones(settings: Settings) -> list[str]:
    farm = farm_for(settings)
    try:
        serials = [phone.serial for phone in farm.devices() if phone.state == "device"]
        errors = farm.server_errors()
    except DeviceError as exc:
        raise FarmError(str(exc)) from exc
    finally:
        farm.close()
    if not serials:
        where = f"{settings.adb.host}:{settings.adb.port}"
        why = f" ({errors[where]})" if where in errors else ""
        raise FarmError(
            f"no phone is online on adb server {where}{why}; attach one or start"
            " `droidpilot virtual`"
        )
    return serials


def _start_agent(
    options: NodeOptions, serials: list[str], ray_node: subprocess.Popen[bytes]
) -> Any:
    """Connect to the cluster once Ray has registered this node, and place its agent there;
    the agent lives as long as this process holds the handle returned."""
    ray = import_ray()
    from service.cluster.host import HostAgent

    deadline = time.monotonic() + _JOIN_TIMEOUT_S
    init_options: dict[str, object] = {}
    if options.node_ip:
        init_options["_node_ip_address"] = options.node_ip
    if options.temp_dir:
        init_options["_temp_dir"] = str(options.temp_dir)
    while not _registered(ray, options.name):
        if ray_node.poll() is not None:
            raise FarmError(
                f"Ray could not join the head at {options.head} (exit status"
                f" {ray_node.returncode}); is `ray start --head` running there?"
            )
        if time.monotonic() >= deadline:
            raise FarmError(f"the head at {options.head} did not register this node in time")
        time.sleep(0.5)
        if not ray.is_initialized():
            try:
                ray.init(
                    address=options.head,
                    namespace=NAMESPACE,
                    log_to_driver=False,
                    logging_level="WARNING",
                    **init_options,
                )
            except (ConnectionError, RuntimeError):
                continue  # this host's raylet is not up yet
    agent = (
        ray.remote(HostAgent)
        .options(
            name=AGENT_PREFIX + options.name,
            namespace=NAMESPACE,
            num_cpus=0,
            resources={host_resource(options.name): 1},
            max_restarts=0,
        )
        .remote(options.name, list(options.tags), serials)
    )
    ray.get(agent.ping.remote(), timeout=_JOIN_TIMEOUT_S)
    return agent


def _registered(ray: ModuleType, host: str) -> bool:
    """Whether the cluster has this host's node, alive."""
    if not ray.is_initialized():
        return False
    return any(
        node["Alive"] and host_resource(host) in node.get("Resources", {}) for node in ray.nodes()
    )
