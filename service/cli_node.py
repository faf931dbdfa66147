"""`droidpilot node`: join this host and its phones to a farm on Ray (the `cluster` extra).

    droidpilot node --head 10.0.0.1:6379 [--name lab-7] [--tag fast] [--node-ip 10.0.0.7]

The head is a Ray head started with `ray start --head`; the service runs beside it with
`DROIDPILOT_CLUSTER_HEAD` set to its address. Ray is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import re
import socket
from pathlib import Path
from typing import TypeVar

from service.config import get_settings

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}")
"""A host name or tag: what Ray's resources and labels take, and a person can type."""


class NodeArgumentError(ValueError):
    """A bad argument to `droidpilot node`."""


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    node = commands.add_parser(
        "node", help="join this host and its phones to a farm on Ray (needs the cluster extra)"
    )
    node.add_argument("--head", required=True, help="the Ray head's address, host:port")
    node.add_argument("--name", default=socket.gethostname(), help="this host's name in the farm")
    node.add_argument(
        "--tag",
        action="append",
        default=[],
        help="a word tasks can ask for (device_query tags); repeat for more",
    )
    node.add_argument("--node-ip", help="the address other hosts reach this one at")
    node.add_argument("--temp-dir", type=Path, help="Ray's session folder for this node")
    node.add_argument("--adb-host", help="this host's adb server host (default 127.0.0.1)")
    node.add_argument("--adb-port", type=int, help="this host's adb server port (default 5037)")


def run(args: argparse.Namespace) -> int:
    """Join and serve until stopped; `NodeError` and `NodeArgumentError` say what is wrong."""
    for word in (args.name, *args.tag):
        if not _NAME.fullmatch(word):
            raise NodeArgumentError(
                f"{word!r}: a host name or tag is letters, digits, '.', '_' and '-' (at most 63)"
            )
    if ":" not in args.head:
        raise NodeArgumentError(f"--head {args.head!r}: give host:port, e.g. 10.0.0.1:6379")
    from service.cluster.node import NodeOptions, run_node

    options = NodeOptions(
        head=args.head,
        name=args.name,
        tags=tuple(dict.fromkeys(args.tag)),
        node_ip=args.node_ip,
        temp_dir=args.temp_dir,
    )
    return run_node(get_settings().with_adb(args.adb_host, args.adb_port), options)
