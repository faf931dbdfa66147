"""A farm on one machine, loopback only: a Ray head and hosts (`droidpilot node`), each with
its own adb server and virtual phones of its own kind. The cluster suite
(`scripts/test -m cluster`) and `bench/farm.py` start their farms here.

Each host is a process group of its own (the node, its Ray processes and workers), so that a
test can kill a host whole, as a machine that dies is. Every process of the farm shows one
token (`RAY_AUTH_MODE=token`), as a real farm's must: Ray's ports listen on every interface.
The head listens on 127.0.0.1, the hosts on 127.0.0.2, .3 and on: Ray needs an address per
node, and every one is loopback.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from device import AdbServer
from tests.conftest import _free_port

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent

_PHONES = (
    "import sys, time\n"
    "from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer\n"
    "model, api, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])\n"
    "servers = [VirtualPhoneServer(VirtualPhone(PhoneConfig(model=model, sdk=api)), port=0)"
    ".start() for _ in range(count)]\n"
    "print(' '.join(str(server.port) for server in servers), flush=True)\n"
    "time.sleep(3600)\n"
)


HostSpec = tuple[str, str, int, int, Sequence[str]]
"""A host to start: (name, phone model, API level, how many phones, tags)."""


@dataclass
class Host:
    """One farm host: its adb server, its phones' serials, and its node's process group."""

    name: str
    address: str
    adb: AdbServer
    serials: list[str]
    phones: subprocess.Popen[str]
    node: subprocess.Popen[str] | None = None
    log: Path = field(default_factory=lambda: Path(tempfile.mkstemp(suffix=".log")[1]))

    def kill(self) -> None:
        """The host dies: its node, Ray processes and workers at once (not its phones)."""
        if self.node is not None and self.node.poll() is None:
            os.killpg(self.node.pid, signal.SIGKILL)
            self.node.wait(timeout=10)

    def freeze(self) -> None:
        """The host hangs: every process of its node stops, its sockets open and silent."""
        assert self.node is not None
        os.killpg(self.node.pid, signal.SIGSTOP)


@dataclass
class Farm:
    head: str
    hosts: dict[str, Host]
    temp: Path


HEALTH_CHECKS = {
    "RAY_health_check_period_ms": "1000",
    "RAY_health_check_timeout_ms": "1000",
    "RAY_health_check_failure_threshold": "3",
}
"""The head's checks of its nodes: a silent node is dead after about 3 s (Ray's default checks
take longer), so that a frozen host fails its work within seconds."""


def _ray(*arguments: str, temp: Path) -> subprocess.Popen[bytes]:
    environment = os.environ | {"RAY_USAGE_STATS_ENABLED": "0"} | HEALTH_CHECKS
    return subprocess.Popen(
        [str(VENV_BIN / "ray"), "start", *arguments, "--block", "--disable-usage-stats"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        cwd=temp,
    )


def _start_phones(model: str, api: int, count: int) -> tuple[subprocess.Popen[str], list[int]]:
    process = subprocess.Popen(
        [sys.executable, "-c", _PHONES, model, str(api), str(count)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    return process, [int(port) for port in process.stdout.readline().split()]


def start_node(farm_head: str, host: Host, temp: Path, tags: list[str]) -> None:
    """Run `droidpilot node` for the host, and wait until it says it joined."""
    command = [
        str(VENV_BIN / "droidpilot"),
        "node",
        f"--head={farm_head}",
        f"--name={host.name}",
        f"--node-ip={host.address}",
        f"--temp-dir={temp / host.name}",
        f"--adb-port={host.adb.port}",
        *(f"--tag={tag}" for tag in tags),
    ]
    log = host.log.open("w")
    host.node = subprocess.Popen(
        command, stderr=log, stdout=log, text=True, start_new_session=True, cwd=ROOT
    )
    deadline = time.monotonic() + 90
    while "joined" not in host.log.read_text():
        if host.node.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{host.name} did not join:\n{host.log.read_text()[-3000:]}")
        time.sleep(0.3)


@contextmanager
def start_farm(hosts_wanted: Sequence[HostSpec]) -> Iterator[Farm]:
    """A head and the hosts wanted, each with its adb server, phones and node; all stopped
    when the block ends. Once per process: Ray reads the farm's token once."""
    temp = Path(tempfile.mkdtemp(prefix="dp-farm-", dir="/tmp"))  # Ray's socket paths are short
    token = temp / "auth_token"
    token.write_text(secrets.token_hex(32))
    # before this process imports Ray, which reads its token once
    os.environ |= {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(token)}
    port = _free_port()
    head = _ray(
        "--head",
        "--node-ip-address=127.0.0.1",
        f"--port={port}",
        "--num-cpus=1",
        "--include-dashboard=false",
        "--include-log-monitor=false",
        "--object-store-memory=80000000",
        f"--temp-dir={temp / 'head'}",
        temp=temp,
    )
    hosts: dict[str, Host] = {}
    address = f"127.0.0.1:{port}"
    try:
        for number, (name, model, api, count, tags) in enumerate(hosts_wanted):
            ip = f"127.0.0.{number + 2}"
            adb = AdbServer(port=_free_port(), timeout_s=15.0)
            adb.start()
            phones, ports = _start_phones(model, api, count)
            serials = [f"127.0.0.1:{phone_port}" for phone_port in ports]
            for serial in serials:
                adb.connect(serial)
            hosts[name] = Host(name, ip, adb, serials, phones)
            start_node(address, hosts[name], temp, list(tags))
        yield Farm(address, hosts, temp)
    finally:
        for host in hosts.values():
            if host.node is not None and host.node.poll() is None:
                os.killpg(host.node.pid, signal.SIGCONT)  # a frozen host hears SIGTERM
                host.node.send_signal(signal.SIGTERM)
                with suppress(subprocess.TimeoutExpired):
                    host.node.wait(timeout=30)
                host.kill()
            host.phones.kill()
            host.adb.kill()
        os.killpg(head.pid, signal.SIGTERM)
        try:
            head.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(head.pid, signal.SIGKILL)
