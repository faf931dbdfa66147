"""Task files, parameters and checks, without a phone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.suite import (
    Kind,
    PhoneState,
    TaskFileError,
    TemplateError,
    draw_params,
    evaluate,
    load_file,
    load_tasks,
    select,
    solution,
)
from service.suite.model import Task
from service.suite.template import fill

CONTACTS = "com.google.android.contacts"


def _task(**overrides: object) -> dict[str, object]:
    task: dict[str, object] = {
        "id": "add_contact",
        "goal": "Add {name}",
        "apps": [CONTACTS],
        "kinds": ["text-entry"],
        "params": {"name": {"generate": "full_name"}},
        "check": {"app": CONTACTS, "list": "contacts", "contains": {"name": "{name}"}},
        "solution": ['type "{name}" into "First name"'],
    }
    task.update(overrides)
    return task


def _write(tmp_path: Path, *tasks: dict[str, object], name: str = "t.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"tasks": list(tasks)}), encoding="utf-8")
    return path


class FakePhone:
    """A phone's shell as far as checks and picks read it: settings and `vphone state`."""

    def __init__(self, settings: dict[str, str], data: dict[str, dict[str, object]]) -> None:
        self.settings = settings
        self.data = data

    def __call__(self, command: str) -> str:
        words = command.split()
        if words[:2] == ["settings", "get"]:
            return self.settings.get(f"{words[2]}/{words[3]}", "null") + "\n"
        if words[:2] == ["vphone", "state"]:
            return json.dumps(self.data.get(words[2], {}))
        raise AssertionError(f"unexpected command {command!r}")


def test_the_builtin_suite_loads_with_every_kind_of_task() -> None:
    tasks = load_tasks()
    assert len({task.id for task in tasks}) == len(tasks)
    kinds = {kind for task in tasks for kind in task.kinds}
    assert {Kind.ONE_STEP, Kind.MULTI_SCREEN, Kind.SCROLL} <= kinds


def test_a_bad_field_is_named_with_its_task(tmp_path: Path) -> None:
    path = _write(tmp_path, _task(kinds=["sideways"]))
    with pytest.raises(TaskFileError, match=r"t\.json: tasks\.0 \(add_contact\)\.kinds\.0"):
        load_file(path)


def test_a_step_that_is_not_an_action_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, _task(solution=["poke the screen"]))
    with pytest.raises(TaskFileError, match=r"solution.*'poke the screen' is not an ACI action"):
        load_file(path)


def test_broken_json_and_duplicate_ids_are_errors(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(TaskFileError, match=r"broken\.json: not JSON"):
        load_file(tmp_path / "broken.json")
    _write(tmp_path, _task(), name="a.json")
    _write(tmp_path, _task(), name="b.json")
    (tmp_path / "broken.json").unlink()
    with pytest.raises(TaskFileError, match=r"'add_contact' is also in a\.json"):
        load_tasks([tmp_path])


def test_select_names_an_unknown_task(tmp_path: Path) -> None:
    tasks = load_tasks([_write(tmp_path, _task())])
    assert select(tasks, ["add_contact"]) == tasks
    with pytest.raises(TaskFileError, match="unknown task 'nope'"):
        select(tasks, ["nope"])


def test_same_seed_same_params_and_other_seeds_vary() -> None:
    task = Task.model_validate(
        _task(
            params={
                "name": {"generate": "full_name"},
                "phone": {"generate": "phone"},
                "hour": {"int": [1, 12]},
                "pair": {"choice": [{"a": "84", "b": "12"}, {"a": "9", "b": "3"}]},
            }
        )
    )
    first = draw_params(task, 7, lambda _package: {})
    assert first == draw_params(task, 7, lambda _package: {})
    assert 1 <= int(str(first["hour"])) <= 12
    draws = {json.dumps(draw_params(task, seed, lambda _package: {})) for seed in range(10)}
    assert len(draws) > 1


def test_a_pick_reads_the_phone_and_can_avoid_an_earlier_pick() -> None:
    contacts = [
        {"id": str(n), "name": name, "phone": f"555-000{n}"}
        for n, name in enumerate(["Zoe Adams", "ana Lopez", "Bob Ray"])
    ]
    phone = FakePhone({}, {CONTACTS: {"contacts": contacts}})
    task = Task.model_validate(
        _task(
            params={
                "last": {
                    "pick": {"app": CONTACTS, "list": "contacts", "sort_by": "name", "at": "last"}
                },
                "other": {"pick": {"app": CONTACTS, "list": "contacts", "unlike": ["last"]}},
            },
            goal="Send {last.phone} to {other.name}",
            check={"setting": "global/wifi_on", "equals": "1"},
            solution=['tap "{other.name}"'],
        )
    )
    params = draw_params(task, 1, PhoneState(phone).data)
    assert params["last"] == contacts[0]
    assert params["other"] != contacts[0]
    assert fill(task.goal, params).startswith("Send 555-0000 to ")


def test_templates_name_what_is_missing() -> None:
    assert fill("{hour}:{minute:02} {{x}}", {"hour": "7", "minute": "5"}) == "7:05 {x}"
    with pytest.raises(TemplateError, match="no parameter 'nme'"):
        fill("Call {nme}", {"name": "Ana"})
    with pytest.raises(TemplateError, match="is a record"):
        fill("Call {who}", {"who": {"name": "Ana"}})


def test_solution_steps_get_the_parameters() -> None:
    task = Task.model_validate(_task())
    assert solution(task, {"name": "Ana Lopez"}) == ['type "Ana Lopez" into "First name"']


def test_checks_read_settings_and_data_ignoring_case_and_spaces() -> None:
    phone = FakePhone(
        {"global/wifi_on": "1"},
        {CONTACTS: {"contacts": [{"id": "1", "name": " ana lopez ", "phone": "(650) 555-0142"}]}},
    )
    state = PhoneState(phone)
    contains = Task.model_validate(
        _task(
            check={
                "all": [
                    {"setting": "global/wifi_on", "equals": "1"},
                    {
                        "app": CONTACTS,
                        "list": "contacts",
                        "contains": {"name": "{name}", "phone": {"digits": "650-555-0142"}},
                    },
                ]
            }
        )
    ).check
    assert evaluate(contains, {"name": "Ana Lopez"}, state).ok
    verdict = evaluate(contains, {"name": "Ana Lopes"}, state)
    assert not verdict.ok and "0 record(s)" in verdict.why
    lacks = Task.model_validate(
        _task(check={"app": CONTACTS, "list": "contacts", "lacks": {"name": {"has": "lopez"}}})
    ).check
    assert not evaluate(lacks, {}, state).ok
    either = Task.model_validate(
        _task(
            check={
                "any": [
                    {"setting": "global/wifi_on", "equals": "0"},
                    {"setting": "global/missing", "not_equals": "1"},
                ]
            }
        )
    ).check
    assert evaluate(either, {}, state).ok


def test_a_check_needs_exactly_one_test(tmp_path: Path) -> None:
    path = _write(tmp_path, _task(check={"setting": "global/wifi_on"}))
    with pytest.raises(TaskFileError, match=r"check\.setting: .*exactly one of 'equals'"):
        load_file(path)
    path = _write(tmp_path, _task(check={"all": [{"app": CONTACTS, "list": "contacts"}]}))
    with pytest.raises(TaskFileError, match=r"check\.all\.0\.list: .*'contains' or 'lacks'"):
        load_file(path)
    path = _write(tmp_path, _task(params={"n": {"range": [1, 2]}}))
    with pytest.raises(TaskFileError, match=r"params\.n: expected an object with one of the keys"):
        load_file(path)


def test_a_name_no_parameter_gives_is_an_error_at_load(tmp_path: Path) -> None:
    path = _write(tmp_path, _task(solution=['type "{nmae}" into "First name"']))
    with pytest.raises(TaskFileError, match=r"solution uses \{nmae\} but no parameter"):
        load_file(path)


def test_the_package_exports_its_public_names() -> None:
    import service.suite

    assert set(service.suite.__all__) == {
        "ExactLabelRunner", "Kind", "PhoneState", "RunnerConfig", "StartStateError",
        "StepError", "StepRecord", "StepRunner", "SuiteError", "Task", "TaskFileError",
        "TaskResult", "TemplateError", "Verdict", "draw_params", "evaluate", "load_file",
        "load_tasks", "prepare", "run_task", "select", "solution",
    }  # fmt: skip
    assert all(hasattr(service.suite, name) for name in service.suite.__all__)
