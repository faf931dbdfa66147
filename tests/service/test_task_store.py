"""The task store: records round-trip, survive a restart, keep screenshots only for the
newest tasks, and never hand out a path outside the data folder."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import aci
from grounding.grounded import Candidate, Grounded
from service.tasks import (
    INTERRUPTED_FAILURE,
    GroundingBrief,
    ScreenBrief,
    StepRecord,
    TaskConflictError,
    TaskInputError,
    TaskRecord,
    TaskStatus,
    TaskStore,
    UnknownTaskError,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"png pixels"
JPEG = b"\xff\xd8\xff\xe0" + b"jpeg pixels"

WIFI = aci.Element(
    bounds=(0, 100, 1080, 200), text="Wi-Fi", role=aci.Role.TEXT, sources=("hierarchy",)
)
BLUETOOTH = aci.Element(bounds=(0, 200, 1080, 300), text="Bluetooth", sources=("hierarchy", "ocr"))
SCREEN = aci.Screen(
    width=1080, height=2400, elements=(WIFI, BLUETOOTH), package="com.android.settings"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[TaskStore]:
    with TaskStore(tmp_path / "data") as store:
        yield store


def _task(**fields: Any) -> TaskRecord:
    values: dict[str, Any] = {
        "goal": "turn on Wi-Fi",
        "planner": "explorer",
        "device": "emulator-5554",
        "max_steps": 20,
    }
    return TaskRecord(**(values | fields))


def _step(index: int, action: str = 'tap "Wi-Fi"') -> StepRecord:
    grounded = Grounded(
        found=True,
        command=aci.TapCommand(x=540, y=150),
        element=WIFI,
        confidence=0.93,
        candidates=[Candidate(element=BLUETOOTH, score=0.2, why="different words")],
        reason="exact text 'Wi-Fi'",
    )
    return StepRecord(
        index=index,
        action=action,
        outcome="succeeded",
        reason="Wi-Fi is where the goal leads",
        screen=ScreenBrief.of(SCREEN),
        grounding=GroundingBrief.of(grounded),
        commands=[aci.TapCommand(x=540, y=150), aci.WaitCommand(seconds=0.5)],
        timing_ms={"plan": 12.5, "ground": 3.0},
    )


def test_a_task_round_trips_through_create_get_update_and_list(store: TaskStore) -> None:
    first = store.create(_task(created_at=1000.0))
    second = store.create(
        _task(goal=None, steps=['tap "Wi-Fi"'], planner="script", created_at=2000.0)
    )

    assert store.get(first.id) == first
    running = store.update(first.id, status="running", started_at=1001.0, own_lease=True)
    assert running.status is TaskStatus.RUNNING
    assert (running.started_at, running.own_lease, running.goal) == (
        1001.0,
        True,
        "turn on Wi-Fi",
    )
    assert store.get(first.id) == running

    assert [task.id for task in store.list()] == [second.id, first.id]
    assert [task.id for task in store.list(status=TaskStatus.RUNNING)] == [first.id]
    assert [task.id for task in store.list(status=TaskStatus.QUEUED)] == [second.id]
    assert [task.id for task in store.list(limit=1)] == [second.id]


def test_an_unknown_task_is_none_or_an_error_that_names_it(store: TaskStore) -> None:
    missing = "0" * 32
    assert store.get(missing) is None
    assert store.screenshot_path(missing, 0) is None
    with pytest.raises(UnknownTaskError, match=missing):
        store.update(missing, status="done")
    with pytest.raises(UnknownTaskError):
        store.steps(missing)
    with pytest.raises(UnknownTaskError):
        store.add_step(missing, _step(0))


def test_updates_are_validated_and_records_never_overwritten(store: TaskStore) -> None:
    task = store.create(_task())
    with pytest.raises(ValueError, match="cannot update"):
        store.update(task.id, id="f" * 32)
    with pytest.raises(ValueError, match="cannot update"):
        store.update(task.id, colour="blue")
    with pytest.raises(ValidationError):
        store.update(task.id, max_steps=0)
    with pytest.raises(TaskConflictError):
        store.create(task)
    assert store.get(task.id) == task


def test_steps_and_their_screenshots_are_stored_under_the_data_folder(
    store: TaskStore, tmp_path: Path
) -> None:
    task = store.create(_task())
    first = _step(0)
    stored = [
        store.add_step(task.id, first, PNG, "png"),
        store.add_step(task.id, _step(1, "scroll down"), JPEG, None),
        store.add_step(task.id, _step(2, "press back")),
    ]

    assert [step.screenshot for step in stored] == ["0.png", "1.jpg", None]
    assert store.steps(task.id) == stored
    assert stored[0] == first.model_copy(update={"screenshot": "0.png"})
    folder = (tmp_path / "data" / "screenshots" / task.id).resolve()
    assert store.screenshot_path(task.id, 0) == folder / "0.png"
    assert (folder / "0.png").read_bytes() == PNG
    assert (folder / "1.jpg").read_bytes() == JPEG
    assert store.screenshot_path(task.id, 2) is None
    assert store.screenshot_path(task.id, 3) is None
    updated = store.get(task.id)
    assert updated is not None and updated.step_count == 3


def test_a_step_index_is_stored_once(store: TaskStore) -> None:
    task = store.create(_task())
    store.add_step(task.id, _step(0), PNG, "png")
    with pytest.raises(TaskConflictError, match="step 0"):
        store.add_step(task.id, _step(0, "press back"), JPEG, "jpg")
    assert [step.action for step in store.steps(task.id)] == ['tap "Wi-Fi"']
    assert store.screenshot_path(task.id, 0) is not None
    updated = store.get(task.id)
    assert updated is not None and updated.step_count == 1


def test_steps_after_an_index_are_what_a_stream_has_not_sent(store: TaskStore) -> None:
    task = store.create(_task())
    for index in range(4):
        store.add_step(task.id, _step(index))
    assert [step.index for step in store.steps(task.id, after=1)] == [2, 3]
    assert store.steps(task.id, after=3) == []
    assert [step.index for step in store.steps(task.id)] == [0, 1, 2, 3]


def test_tasks_and_steps_survive_a_reopen(tmp_path: Path) -> None:
    with TaskStore(tmp_path) as store:
        task = store.create(_task())
        store.update(task.id, status="done", finished_at=5.0)
        step = store.add_step(task.id, _step(0), PNG, "png")
    with TaskStore(tmp_path) as reopened:
        assert reopened.interrupted_at_open == 0
        done = reopened.get(task.id)
        assert done is not None
        assert (done.status, done.finished_at, done.step_count, done.failure) == (
            TaskStatus.DONE,
            5.0,
            1,
            None,
        )
        assert reopened.steps(task.id) == [step]
        path = reopened.screenshot_path(task.id, 0)
        assert path is not None and path.read_bytes() == PNG


def test_a_task_left_running_or_queued_is_interrupted_on_reopen(tmp_path: Path) -> None:
    with TaskStore(tmp_path) as store:
        running = store.create(_task())
        store.update(running.id, status="running", started_at=10.0)
        queued = store.create(_task())
        done = store.update(store.create(_task()).id, status="done", finished_at=20.0)

    with TaskStore(tmp_path) as reopened:
        assert reopened.interrupted_at_open == 2
        for task_id in (running.id, queued.id):
            task = reopened.get(task_id)
            assert task is not None
            assert task.status is TaskStatus.INTERRUPTED
            assert task.failure == INTERRUPTED_FAILURE
            assert task.finished_at is not None
        assert reopened.get(done.id) == done
        assert reopened.list(status=TaskStatus.RUNNING) == []

    with TaskStore(tmp_path) as again:
        assert again.interrupted_at_open == 0


def test_only_the_newest_tasks_keep_screenshots_and_older_steps_stay(tmp_path: Path) -> None:
    with TaskStore(tmp_path, keep_screenshots_of=2) as store:
        tasks = [store.create(_task()) for _ in range(3)]
        for task in tasks:
            store.add_step(task.id, _step(0), PNG, "png")
            store.add_step(task.id, _step(1), JPEG, "jpg")
        oldest, middle, newest = tasks

        assert not (tmp_path / "screenshots" / oldest.id).exists()
        assert [step.screenshot for step in store.steps(oldest.id)] == [None, None]
        assert store.screenshot_path(oldest.id, 0) is None
        survivor = store.get(oldest.id)
        assert survivor is not None and survivor.step_count == 2
        for task in (middle, newest):
            assert [step.screenshot for step in store.steps(task.id)] == ["0.png", "1.jpg"]
            assert store.screenshot_path(task.id, 1) is not None

    with TaskStore(tmp_path, keep_screenshots_of=1) as fewer:
        assert _kept(fewer, tasks) == [False, False, True]
        assert not (tmp_path / "screenshots" / middle.id).exists()


def _kept(store: TaskStore, tasks: list[TaskRecord]) -> list[bool]:
    """Whether each task still has the screenshot of its first step."""
    return [store.screenshot_path(task.id, 0) is not None for task in tasks]


def test_keeping_no_screenshots_writes_none(tmp_path: Path) -> None:
    with TaskStore(tmp_path, keep_screenshots_of=0) as store:
        task = store.create(_task())
        assert store.add_step(task.id, _step(0), PNG, "png").screenshot is None
        assert not (tmp_path / "screenshots").exists()


@pytest.mark.parametrize(
    "task_id",
    [
        "../../etc/passwd",
        "../" + "a" * 29,
        "A" * 32,
        "a" * 31,
        "a" * 33,
        "a" * 31 + "/",
        "a" * 32 + "\n",
        "",
    ],
)
def test_an_id_that_is_no_task_id_is_refused(store: TaskStore, task_id: str) -> None:
    with pytest.raises(TaskInputError, match="32 lowercase hex digits"):
        store.screenshot_path(task_id, 0)
    with pytest.raises(TaskInputError):
        store.get(task_id)
    with pytest.raises(TaskInputError):
        store.steps(task_id)


@pytest.mark.parametrize("index", [-1, True, "../0", 1.5])
def test_an_index_that_is_no_step_index_is_refused(store: TaskStore, index: Any) -> None:
    task = store.create(_task())
    store.add_step(task.id, _step(0), PNG, "png")
    with pytest.raises(TaskInputError, match="step index"):
        store.screenshot_path(task.id, index)


def test_an_unknown_image_format_is_refused(store: TaskStore) -> None:
    task = store.create(_task())
    with pytest.raises(ValueError, match="image_format"):
        store.add_step(task.id, _step(0), PNG, "gif")
    with pytest.raises(ValueError, match="neither PNG nor JPEG"):
        store.add_step(task.id, _step(0), b"GIF89a", None)
    assert store.steps(task.id) == []


def test_steps_added_from_many_threads_are_all_kept(store: TaskStore) -> None:
    tasks = [store.create(_task()) for _ in range(4)]
    per_thread = 25
    errors: list[BaseException] = []

    def record(task: TaskRecord, offset: int) -> None:
        try:
            for index in range(offset, offset + per_thread):
                store.add_step(task.id, _step(index), PNG if index % 2 else None, "png")
        except BaseException as exc:
            errors.append(exc)

    # two threads per task, on disjoint indexes, so that steps of one task interleave
    threads = [
        threading.Thread(target=record, args=(task, offset))
        for task in tasks
        for offset in (0, per_thread)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    for task in tasks:
        assert [step.index for step in store.steps(task.id)] == list(range(2 * per_thread))
        stored = store.get(task.id)
        assert stored is not None and stored.step_count == 2 * per_thread
        assert store.screenshot_path(task.id, 1) is not None


def test_a_screen_brief_lists_each_label_once_and_at_most_thirty() -> None:
    elements = tuple(
        aci.Element(bounds=(0, i, 10, i + 1), text=f"item {i // 2}", sources=("ocr",))
        for i in range(100)
    )
    brief = ScreenBrief.of(aci.Screen(width=1080, height=2400, elements=elements))
    assert brief.elements == 100
    assert brief.texts == [f"item {i}" for i in range(30)]
    assert ScreenBrief.of(SCREEN).texts == ["Wi-Fi", "Bluetooth"]


def test_a_status_says_whether_the_task_has_finished() -> None:
    assert [status for status in TaskStatus if status.finished] == [
        TaskStatus.DONE,
        TaskStatus.FAILED,
        TaskStatus.CANCELLED,
        TaskStatus.INTERRUPTED,
    ]


def test_a_task_needs_something_to_do_and_a_proper_id() -> None:
    with pytest.raises(ValidationError, match="a goal or a list of steps"):
        _task(goal=None)
    with pytest.raises(ValidationError, match="32 lowercase hex digits"):
        _task(id="../../etc/passwd")
    assert len({_task().id for _ in range(10)}) == 10
