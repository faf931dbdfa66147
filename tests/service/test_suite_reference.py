"""Every task of the suite is solvable: its reference steps, carried out on a virtual phone
through the real adb server and uiautomator2, reach the goal, and the goal was not met
before them (so the check can fail).

One task per kind runs by default; the rest carry the `slow` marker and run only when
selected (`-m slow`), about two minutes on two cores.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from device import AdbServer, AndroidDevice, DeviceConfig
from service.suite import ExactLabelRunner, Kind, Task, load_tasks, run_task

SEED = 0
FAST = {
    Kind.ONE_STEP: "wifi_on_in_place",
    Kind.MULTI_SCREEN: "screen_timeout",
    Kind.SCROLL: "contact_delete_far",
    Kind.TEXT_ENTRY: "note_add_unicode",
    Kind.INTERRUPTION: "alarm_add_first_launch",
    Kind.ICON_ONLY: "calc_divide",
    Kind.MULTI_APP: "message_share_phone",
}
TASKS = load_tasks()


def _cases() -> list[object]:
    return [
        pytest.param(task, id=task.id, marks=() if task.id in FAST.values() else pytest.mark.slow)
        for task in TASKS
    ]


@pytest.fixture
def device(adb_server: AdbServer, serial: str) -> Iterator[AndroidDevice]:
    android = AndroidDevice(
        serial, config=DeviceConfig(adb_port=adb_server.port, command_timeout_s=10.0)
    )
    yield android
    android.close()


def test_the_fast_subset_covers_every_kind() -> None:
    by_id = {task.id: task for task in TASKS}
    assert all(kind in by_id[task_id].kinds for kind, task_id in FAST.items())
    assert set(FAST) == set(Kind)


@pytest.mark.parametrize("task", _cases())
def test_reference_solution_reaches_the_goal(
    task: Task, request: pytest.FixtureRequest, adb_server: AdbServer
) -> None:
    if task.id not in FAST.values() and "slow" not in str(request.config.option.markexpr):
        pytest.skip("slow: one task per kind runs by default; select the rest with -m slow")
    device = request.getfixturevalue("device")  # a phone only for the tasks that run
    result = run_task(task, device.adb().shell, ExactLabelRunner(device), seed=SEED)
    assert result.error is None, result.error
    assert not result.already_met, f"{task.id}: the goal held before any step ({result.why})"
    assert result.success, f"{task.id} ({result.goal}): {result.why}"
    assert len(result.steps) == len(task.solution)
