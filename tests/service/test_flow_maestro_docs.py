"""Maestro flows written as Maestro's documentation writes them, run unchanged by
`droidpilot flow run` on a virtual phone whose Contacts app is Google's.

The contacts flow follows the docs' "Automate Android Contacts Flow" example (random name,
number and email, `hideKeyboard`, Save), with the app and the create button of the docs'
first-test tutorial, which targets Google Contacts (`com.google.android.contacts`, "Create
contact"); the example's `com.android.contacts` and "Create new contact" are the older
AOSP app's. The second flow uses the docs' common arguments `label` and `optional`."""

from __future__ import annotations

from pathlib import Path

import pytest

from aci import TypeText
from device import AdbServer, AndroidDevice
from service import cli
from service.flows import ActionStep, load_flow, run_flow_on

CONTACTS = """\
# contacts.yaml
appId: com.google.android.contacts
---
- launchApp

# Start the creation process
- tapOn: "Create contact"

# Maestro generates a realistic first name automatically
- tapOn: "First name"
- inputRandomPersonName

- tapOn: "Last name"
- inputRandomPersonName

- tapOn: "Phone"
- inputRandomNumber:
    length: 10

# The keyboard often covers the 'Email' field.
- hideKeyboard

- tapOn: "Email"
- inputRandomEmail

# Finalize the contact
- tapOn: "Save"
"""

COMMON_ARGUMENTS = """\
appId: com.google.android.contacts
---
- launchApp:
    label: Open Contacts
- assertVisible:
    text: Summer sale is here!
    optional: true
- tapOn:
    text: Create contact
    label: Tap on the Create contact button
- extendedWaitUntil:
    visible: First name
    timeout: 5000
    label: Wait for the contact form
"""


def _run(adb_server: AdbServer, serial: str, path: Path, out: Path) -> int:
    argv = ["flow", "run", str(path), "--device", serial, "--adb-port", str(adb_server.port)]
    return cli.main([*argv, "--junit", str(out)])


def test_the_docs_contacts_flow_saves_a_contact_and_reruns_type_the_same_values(
    adb_server: AdbServer, serial: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = tmp_path / "contacts.yaml"
    flow.write_text(CONTACTS, encoding="utf-8")
    typed = [
        step.action.text
        for step in load_flow(flow).steps
        if isinstance(step, ActionStep) and isinstance(step.action, TypeText)
    ]
    first, last, phone, email = typed
    assert phone.isdigit() and len(phone) == 10 and email.endswith("@example.com")
    check = tmp_path / "saved.yaml"  # the app shows the saved contact after Save
    check.write_text(
        "appId: com.google.android.contacts\n---\n"
        f'- assertVisible: "{first} {last}"\n- assertVisible: "{phone}"\n'
        f'- assertVisible: "{email}"\n',
        encoding="utf-8",
    )
    for run in range(2):  # the rerun types the same values: the same contact again
        out = tmp_path / f"run{run}.xml"
        assert _run(adb_server, serial, flow, out) == 0, capsys.readouterr().err
        assert 'status="SUCCESS"' in out.read_text(encoding="utf-8")
        assert _run(adb_server, serial, check, tmp_path / "check.xml") == 0, capsys.readouterr().err


def test_label_names_a_step_and_an_optional_failure_warns(
    adb_server: AdbServer, serial: str, device: AndroidDevice, tmp_path: Path
) -> None:
    flow = tmp_path / "common_arguments.yaml"
    flow.write_text(COMMON_ARGUMENTS, encoding="utf-8")
    out = tmp_path / "out.xml"
    assert _run(adb_server, serial, flow, out) == 0
    assert 'status="SUCCESS"' in out.read_text(encoding="utf-8")
    result = run_flow_on(load_flow(flow), device)
    assert result.passed, result.message
    top = [record for record in result.steps if record.depth == 0]
    assert [record.text for record in top] == [
        "Open Contacts",
        "optional (1 steps)",
        "Tap on the Create contact button",
        "Wait for the contact form",
    ]
    assert top[1].outcome == "passed" and top[1].detail.startswith("warned: ")
    (failed,) = [record for record in result.steps if record.outcome == "failed"]
    assert "Summer sale is here!" in failed.text and failed.depth == 1
