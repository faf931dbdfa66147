"""The farm on Ray (`pip install 'droidpilot[cluster]'`): many hosts, each with its phones.

`droidpilot node` joins a host to a Ray cluster with a resource per phone
(`device:<serial>`) and runs the host's agent, which reports its phones; the service's
`RayExecutor` (the dispatcher) runs each task's episode as one Ray task on the host that holds
the phone. Only this package imports Ray, and only when a farm is asked for: a plain install
runs every task in process (`service.executor.LocalExecutor`).
"""

from __future__ import annotations

import importlib
import os
import socket
from types import ModuleType

__all__ = [
    "AGENT_PREFIX",
    "NAMESPACE",
    "FarmError",
    "check_head",
    "host_resource",
    "import_ray",
    "phone_resource",
    "quiet_environment",
]

NAMESPACE = "droidpilot"
"""The Ray namespace of the farm's named actors."""
AGENT_PREFIX = "host:"
"""A host agent's actor name is this and the host's name."""

_QUIET = {
    "RAY_USAGE_STATS_ENABLED": "0",  # Ray reports usage to its makers unless told not to
    "RAY_DISABLE_IMPORT_WARNING": "1",
}
"""Environment every Ray process of the farm starts with: nothing phones home."""


class FarmError(Exception):
    """Why the farm cannot be reached, or a host could not join it; one line for the user."""


_HEAD_TIMEOUT_S = 3.0
"""A head on the farm's network answers in milliseconds; Ray itself would retry for minutes."""


def check_head(address: str) -> None:
    """FarmError unless something listens at the head's `host:port`: said at once, where
    Ray's own connection attempts would go on for minutes before failing."""
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=_HEAD_TIMEOUT_S):
            return
    except (OSError, ValueError) as exc:
        raise FarmError(
            f"no Ray head answers at {address} ({exc}); start one with `ray start --head`"
            " there, or leave DROIDPILOT_CLUSTER_HEAD unset to run tasks in process"
        ) from exc


def quiet_environment() -> dict[str, str]:
    """`os.environ` with Ray's usage reporting off, for Ray's own processes."""
    return {**os.environ, **_QUIET}


def import_ray() -> ModuleType:
    """Ray, with its usage reporting off; a one-line ImportError naming the extra without it."""
    os.environ.update(_QUIET)
    try:
        # import_module types the same with and without Ray installed (the plain install's
        # type check runs without it).
        return importlib.import_module("ray")
    except ImportError as exc:
        raise ImportError("the farm needs Ray: pip install 'droidpilot[cluster]'") from exc


def phone_resource(serial: str) -> str:
    """The Ray resource one phone is: a task asking for 1 of it has the phone alone."""
    return f"device:{serial}"


def host_resource(host: str) -> str:
    """The Ray resource that places a host's agent on that host."""
    return f"droidpilot-host:{host}"
