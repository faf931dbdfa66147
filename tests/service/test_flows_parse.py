"""Flow files parse into ACI steps, and malformed ones are named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from aci import TypeText
from service.flows import (
    ActionStep,
    ClearState,
    FlowError,
    GoalStep,
    HideKeyboard,
    Launch,
    RepeatBlock,
    RetryBlock,
    RunFlow,
    Screenshot,
    SeedData,
    Settle,
    Step,
    StopApp,
    TapRelative,
    Visible,
    WaitUntil,
    WhenBlock,
    load_flow,
)
from service.flows.model import OptionalBlock

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _texts(steps: list[Step]) -> list[str]:
    return [str(step.action) if isinstance(step, ActionStep) else step.kind for step in steps]


def _maestro(tmp_path: Path, commands: str, header: str = "appId: com.example.app\n") -> list[Step]:
    return load_flow(_write(tmp_path, "flow.yaml", f"{header}---\n{commands}"), environ={}).steps


def _error(path: Path) -> FlowError:
    with pytest.raises(FlowError) as caught:
        load_flow(path, environ={})
    return caught.value


# -- droidpilot's own format ---------------------------------------------------------------


def test_own_format_parses_every_step_kind(tmp_path: Path) -> None:
    _write(tmp_path, "back.yaml", "steps:\n  - press back\n")
    flow = load_flow(
        _write(
            tmp_path,
            "own.yaml",
            """app: com.android.settings
env: {NAME: "Network & internet"}
setup: {launch: true, clear_state: true, seed: 7}
steps:
  - tap "${NAME}"
  - type "Grüße" into "Title"
  - goal: turn on airplane mode
    max_steps: 8
  - retry: {times: 2, steps: [assert visible "Internet"]}
  - when: {visible: "Allow", steps: [tap "Allow"]}
  - repeat: {until_visible: "About phone", times: 5, steps: [scroll down]}
  - run_flow: back.yaml
  - launch: {app: com.google.android.keep, clear_state: true}
  - stop_app: com.google.android.keep
  - clear_state: com.google.android.keep
  - screenshot: done
""",
        ),
        environ={},
    )
    assert flow.format == "droidpilot"
    assert flow.app == "com.android.settings"
    assert flow.setup == [
        SeedData(line=3, seed=7),  # the data first: a launched app shows what it holds
        Launch(line=3, package="com.android.settings", clear_state=True),
    ]
    steps = flow.steps
    assert _texts(steps[:2]) == ['tap "Network & internet"', 'type "Grüße" into "Title"']
    assert [step.line for step in steps] == [5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16]
    assert steps[2] == GoalStep(line=7, goal="turn on airplane mode", max_steps=8)
    assert isinstance(steps[3], RetryBlock) and steps[3].times == 2
    assert _texts(steps[3].steps) == ['assert visible "Internet"']
    assert isinstance(steps[4], WhenBlock) and steps[4].condition == Visible(text="Allow")
    assert isinstance(steps[5], RepeatBlock)
    assert steps[5].condition == Visible(text="About phone", negated=True)
    assert isinstance(steps[6], RunFlow) and _texts(steps[6].flow.steps) == ["press back"]
    assert steps[7] == Launch(line=13, package="com.google.android.keep", clear_state=True)
    assert steps[8:] == [
        StopApp(line=14, package="com.google.android.keep"),
        ClearState(line=15, package="com.google.android.keep"),
        Screenshot(line=16, name="done"),
    ]


def test_variables_come_from_the_flow_then_the_environment(tmp_path: Path) -> None:
    path = _write(tmp_path, "f.yaml", 'env: {A: one}\nsteps:\n  - tap "${A} ${B}"\n')
    flow = load_flow(path, environ={"A": "ignored", "B": "two"})
    assert _texts(flow.steps) == ['tap "one two"']


# -- Maestro's format ----------------------------------------------------------------------


def test_maestro_commands_map_onto_steps(tmp_path: Path) -> None:
    steps = _maestro(
        tmp_path,
        """- launchApp
- launchApp:
    appId: com.other
    clearState: true
- tapOn: "Save"
- tapOn:
    text: "Save"
- tapOn:
    id: "com.example:id/new_note_button"
- tapOn:
    text: "Item"
    index: 1
- tapOn:
    text: "Allow"
    below: "Location"
- tapOn:
    point: "50%,25%"
- tapOn:
    point: "100,200"
- longPressOn: "Photo"
- inputText: "hello"
- eraseText: 10
- assertVisible: "Saved"
- assertNotVisible:
    text: "Error"
- scroll
- swipe:
    direction: LEFT
- swipe:
    start: "90%,50%"
    end: "10%,50%"
- back
- pressKey: Enter
- pressKey: Volume up
- hideKeyboard
- waitForAnimationToEnd
- extendedWaitUntil:
    visible: "Done"
    timeout: 5000
- takeScreenshot: shot
- stopApp
- clearState
""",
    )
    assert steps[0] == Launch(line=3, package="com.example.app", stop_first=True)
    assert steps[1] == Launch(line=4, package="com.other", clear_state=True)
    assert _texts(steps[2:7]) == [
        'tap "Save"',
        'tap "Save"',
        "tap new note button",
        'tap the 2nd element labelled "Item"',
        'tap the element labelled "Allow" below "Location"',
    ]
    assert steps[7] == TapRelative(line=18, x_share=0.5, y_share=0.25)
    assert _texts(steps[8:19]) == [
        "tap (100, 200)",
        'long press "Photo"',
        'type "hello"',
        "clear",
        'assert visible "Saved"',
        'assert not visible "Error"',
        "scroll down",
        "swipe left",
        "swipe left",
        "press back",
        "press enter",
    ]
    assert _texts(steps[19:20]) == ["press volume_up"]
    assert isinstance(steps[20], HideKeyboard)
    assert isinstance(steps[21], Settle)
    assert steps[22] == WaitUntil(line=39, condition=Visible(text="Done"), timeout_s=5.0)
    assert steps[23:] == [
        Screenshot(line=42, name="shot"),
        StopApp(line=43, package="com.example.app"),
        ClearState(line=44, package="com.example.app"),
    ]


def test_maestro_blocks_and_includes(tmp_path: Path) -> None:
    _write(tmp_path, "login.yaml", "appId: com.example.app\n---\n- tapOn: ${USER}\n")
    steps = _maestro(
        tmp_path,
        """- scrollUntilVisible:
    element: "About phone"
    direction: DOWN
- runFlow: login.yaml
- runFlow:
    file: login.yaml
    when:
      visible: "Sign in"
- runFlow:
    when:
      platform: iOS
    commands:
      - back
- repeat:
    times: 3
    commands:
      - scroll
- repeat:
    while:
      notVisible: "End"
    commands:
      - scroll
- retry:
    maxRetries: 2
    commands:
      - tapOn: "Retry"
- tapOn:
    text: "Skip"
    optional: true
""",
        header="appId: com.example.app\nenv:\n  USER: alice\n",
    )
    scroll = steps[0]
    assert isinstance(scroll, RepeatBlock) and scroll.timeout_s == 20
    assert scroll.condition == Visible(text="About phone", negated=True)
    assert _texts(scroll.steps) == ["scroll down"]
    assert isinstance(steps[1], RunFlow) and _texts(steps[1].flow.steps) == ['tap "alice"']
    assert isinstance(steps[2], WhenBlock) and isinstance(steps[2].steps[0], RunFlow)
    assert isinstance(steps[3], RepeatBlock) and steps[3].times == 3  # the iOS-only flow dropped
    assert steps[4].kind == "repeat" and steps[4].condition == Visible(text="End", negated=True)
    assert isinstance(steps[5], RetryBlock) and steps[5].times == 2
    assert isinstance(steps[6], OptionalBlock) and _texts(steps[6].steps) == ['tap "Skip"']


# -- errors ------------------------------------------------------------------------------


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.yaml", 'steps:\n  - tap "a"\n  - [unclosed\n')
    error = _error(path)
    assert str(error).startswith(f"{path}:")
    assert error.line in (3, 4) and "not valid YAML" in error.message


def test_every_unsupported_maestro_command_is_named(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "f.yaml",
        "appId: a.b\n---\n- tapOn: OK\n- evalScript: ${1+1}\n- frobnicate: 1\n- copyTextFrom: x\n",
    )
    lines = str(_error(path)).splitlines()
    assert lines == [
        f"{path}:4: Maestro command evalScript is not supported: JavaScript is not run",
        f"{path}:5: unknown Maestro command 'frobnicate'",
        f"{path}:6: Maestro command copyTextFrom is not supported: the ACI has no clipboard",
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("app: a.b\n", 1, "missing key 'steps'"),
        (
            "app: a.b\nsteps:\n  - retry: {steps: [press back]}\n  - when: {steps: []}\n",
            4,
            "when needs",
        ),
        ("app: a.b\nsteps:\n  - goal: x\n    max_steps: many\n", 3, "whole number"),
        ("app: a.b\nsetup: {seed: default}\nsteps: []\n", 2, "whole number"),
        ("app: a.b\nsteps: tap x\n", 2, "expected a list for steps"),
        ('app: a.b\nsteps:\n  - tapp "x"\n', 3, "not an ACI action"),
        ('app: a.b\nsteps:\n  - tap "${NOPE}"\n', 3, "undefined variable ${NOPE}"),
        (
            "appId: a.b\n---\n- tapOn:\n    text: A\n    enabled: true\n",
            5,
            "'enabled' is not supported",
        ),
        ("appId: a.b\n---\n- tapOn:\n    text: A\n    below: {id: x}\n", 5, "text anchor only"),
        ("appId: a.b\n---\n- scrollUntilVisible: {direction: DOWN}\n", 3, "needs element"),
        ("appId: a.b\n---\n- pressKey: lock\n", 3, "pressKey 'lock' is not supported"),
        ("appId: a.b\n---\n- inputText: ${MISSING}\n", 3, "undefined variable ${MISSING}"),
        ("appId: a.b\n---\n- tapOn: {text: 'Item [0-9]+'}\n", 3, "regular expression"),
    ],
)
def test_malformed_flows_name_file_line_and_what_was_expected(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = _write(tmp_path, "f.yaml", text)
    error = _error(path)
    assert any(p.line == line and words in p.message for p in error.problems), str(error)
    assert all(str(p).startswith(f"{path}:") for p in error.problems)


def test_run_flow_cycle_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", "steps:\n  - run_flow: b.yaml\n")
    _write(tmp_path, "b.yaml", "steps:\n  - press back\n  - run_flow: a.yaml\n")
    error = _error(tmp_path / "a.yaml")
    assert error.path == tmp_path / "b.yaml" and error.line == 3
    assert "run_flow cycle: a.yaml -> b.yaml -> a.yaml" in error.message


def test_missing_included_file_is_named(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "a.yaml", "appId: a.b\n---\n- runFlow: nowhere.yaml\n"))
    assert error.line == 3 and "not found: nowhere.yaml" in error.message


def test_a_file_in_neither_format_says_what_was_expected(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "x.yaml", "hello: world\n"))
    assert "expected a droidpilot flow" in error.message


def test_random_inputs_type_values_repeatable_per_file(tmp_path: Path) -> None:
    commands = """\
- inputRandomPersonName
- inputRandomEmail
- inputRandomNumber:
    length: 10
- inputRandomText
- inputRandomNumber
"""
    steps = _maestro(tmp_path, commands)
    typed = [
        step.action.text
        for step in steps
        if isinstance(step, ActionStep) and isinstance(step.action, TypeText)
    ]
    assert len(typed) == len(steps) == 5
    name, email, number, text, short = typed
    assert len(name.split()) == 2 and name.istitle()
    assert email.endswith("@example.com") and "." in email.split("@")[0]
    assert number.isdigit() and len(number) == 10 and number[0] != "0"
    assert text.isalpha() and len(text) == 8 and len(short) == 8
    assert _maestro(tmp_path, commands) == steps  # the same file: the same values
    other = load_flow(_write(tmp_path, "other.yaml", f"appId: a.b\n---\n{commands}"), environ={})
    assert other.steps != steps  # another file: other values


def test_a_random_input_option_it_does_not_take_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "f.yaml", "appId: a.b\n---\n- inputRandomEmail:\n    length: 3\n")
    assert "length" in _error(path).message


def test_label_and_optional_are_taken_by_every_command_written_as_a_mapping(
    tmp_path: Path,
) -> None:
    steps = _maestro(
        tmp_path,
        """\
- tapOn:
    id: buy-now
    label: Tap on Buy Now button
- inputText:
    label: Input the company email
    text: ops@example.com
- swipe:
    direction: LEFT
    label: Swipe for onboarding
- extendedWaitUntil:
    visible: Recommended Products
    timeout: 5000
    label: Wait for the content
- assertVisible:
    text: Summer sale is here!
    optional: true
- launchApp:
    label: Open the app
    optional: true
- inputRandomNumber:
    length: 4
    label: A PIN
""",
    )
    labels = [step.label for step in steps]
    assert labels == [
        "Tap on Buy Now button",
        "Input the company email",
        "Swipe for onboarding",
        "Wait for the content",
        None,
        None,
        "A PIN",
    ]
    assert _texts(steps[:2]) == ["tap buy now", 'type "ops@example.com"']
    optional, launch = steps[4], steps[5]
    assert isinstance(optional, OptionalBlock)
    assert _texts(optional.steps) == ['assert visible "Summer sale is here!"']
    assert isinstance(launch, OptionalBlock) and launch.steps[0].label == "Open the app"


def test_launch_app_stops_the_app_first_unless_told_not_to(tmp_path: Path) -> None:
    steps = _maestro(tmp_path, "- launchApp\n- launchApp:\n    stopApp: false\n")
    assert [step.stop_first for step in steps if isinstance(step, Launch)] == [True, False]


def test_label_must_be_text_and_optional_a_flag(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "f.yaml", "appId: a.b\n---\n- tapOn:\n    text: X\n    optional: maybe\n"
    )
    assert "optional" in _error(path).message


# -- examples ----------------------------------------------------------------------------


def test_the_examples_parse() -> None:
    own = load_flow(EXAMPLES / "settings_smoke.yaml", environ={})
    assert own.format == "droidpilot" and own.app == "com.android.settings"
    assert 'tap "Network & internet"' in _texts(own.steps)
    keep = load_flow(EXAMPLES / "maestro_keep_note.yaml", environ={})
    assert keep.format == "maestro" and keep.app == "com.google.android.keep"
    assert keep.steps[0] == Launch(line=9, package="com.google.android.keep", clear_state=True)
    assert 'type "Groceries"' in _texts(keep.steps)
