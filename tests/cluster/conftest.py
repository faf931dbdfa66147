"""The cluster suite's farm: a head and two hosts with phones of different kinds (see
`tests.cluster.farm`). The suite needs the `cluster` extra (Ray) and runs with `-m cluster`
(`scripts/test -m cluster`); the default run skips it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest

from tests.cluster.farm import Farm, start_farm

HOSTS = (
    ("host-a", "Pixel 8", 34, 2, ("fast",)),
    ("host-b", "Pixel 9", 35, 3, ()),
)
"""`host-a`: 2 phones, API 34, `Pixel 8`, tagged fast; `host-b`: 3 phones, API 35, `Pixel 9`."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The cluster suite runs only when asked for (`-m cluster`): it starts Ray."""
    if "cluster" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="cluster: select with -m cluster (needs the cluster extra)")
    for item in items:
        if "cluster" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def farm() -> Iterator[Farm]:
    """The head and the two hosts of `HOSTS`, for the whole session."""
    if importlib.util.find_spec("ray") is None:  # not imported here: Ray reads its token then
        pytest.skip("the cluster suite needs: pip install -e '.[cluster]'")
    with start_farm(HOSTS) as started:
        yield started
