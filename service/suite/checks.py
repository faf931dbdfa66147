"""Success checks, read from the phone's state through its shell.

Settings come from `settings get`, app data from `vphone state <package>` (JSON), a
runtime permission's answer from `dumpsys package <package>` as on any phone.
Text compares ignoring case and surrounding spaces; `{"has": ...}` looks for a part
of the text and `{"digits": ...}` compares only digits, so "(650) 555-0142" holds
"650-555-0142".
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from service.suite.errors import StartStateError
from service.suite.model import (
    AllCheck,
    AnyCheck,
    Check,
    Digits,
    FieldMatch,
    Has,
    ListCheck,
    PermissionCheck,
    SettingCheck,
    ValueCheck,
)
from service.suite.template import Params, fill

Shell = Callable[[str], str]
"""Runs one shell command on the phone and returns its output."""

PermissionAnswer = Literal["granted", "denied", "not asked"]


@dataclass(frozen=True)
class Verdict:
    """Whether the check holds, and what was read, for the report."""

    ok: bool
    why: str


class PhoneState:
    """The phone's settings and app data, read through its shell (each read is fresh)."""

    def __init__(self, shell: Shell) -> None:
        self._shell = shell

    def setting(self, key: str) -> str | None:
        namespace, _, name = key.partition("/")
        value = self._shell(f"settings get {namespace} {shlex.quote(name)}").strip()
        return None if value == "null" else value

    def settings(self, namespace: str) -> dict[str, str]:
        """Every setting of a namespace (`settings list`), by key."""
        output = self._shell(f"settings list {shlex.quote(namespace)}")
        pairs = (line.partition("=") for line in output.splitlines())
        return {key: value for key, sep, value in pairs if sep and key}

    def data(self, package: str) -> dict[str, object]:
        """An app's data (`vphone state <package>`)."""
        return self._json(f"vphone state {shlex.quote(package)}")

    def permission(self, package: str, name: str) -> PermissionAnswer | None:
        """The answer for an app's runtime permission, from its `NAME: granted=true|false,
        flags=[ ... ]` line in `dumpsys package`: granted; refused (the USER_SET flag: the
        user or `pm revoke` answered); else never answered. None when the app does not
        request it (or is not installed)."""
        output = self._shell(f"dumpsys package {shlex.quote(package)}")
        line = re.search(
            rf"^\s*{re.escape(name)}: granted=(true|false)(?:, flags=\[([^\]]*)\])?",
            output,
            re.MULTILINE,
        )
        if line is None:
            return None
        if line.group(1) == "true":
            return "granted"
        flags = {flag.strip() for flag in (line.group(2) or "").split("|")}
        return "denied" if "USER_SET" in flags else "not asked"

    def every_app(self) -> dict[str, dict[str, object]]:
        """Every app's data by package (`vphone state`)."""
        report = self._json("vphone state")
        return {package: data for package, data in report.items() if isinstance(data, dict)}

    def _json(self, command: str) -> dict[str, object]:
        output = self._shell(command)
        try:
            value = json.loads(output)
        except ValueError as exc:
            raise StartStateError(f"`{command}` did not print JSON: {output[:200]!r}") from exc
        if not isinstance(value, dict):
            raise StartStateError(f"`{command}` printed {type(value).__name__}")
        return value


def evaluate(check: Check, params: Params, state: PhoneState) -> Verdict:
    """Whether the phone's state satisfies the check, parameters filled in."""
    match check:
        case SettingCheck(setting=key, equals=equals, not_equals=not_equals):
            value = state.setting(key)
            if equals is not None:
                expected = fill(equals, params)
                return Verdict(value == expected, f"{key} is {value!r}, want {expected!r}")
            unwanted = fill(not_equals or "", params)
            return Verdict(value != unwanted, f"{key} is {value!r}, want not {unwanted!r}")
        case ValueCheck(app=app, value=name, equals=expected_match):
            found = state.data(app).get(name)
            text = found if isinstance(found, str) else ""
            wanted = _filled(expected_match, params)
            return Verdict(
                found is not None and matches(text, wanted),
                f"{app} {name} is {found!r}, want {_show(wanted)}",
            )
        case ListCheck(app=app, items=name, contains=contains, lacks=lacks):
            records = state.data(app).get(name)
            items = [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []
            pattern = filled_pattern(contains or lacks or {}, params)
            hits = [record for record in items if record_matches(record, pattern)]
            shown = ", ".join(f"{key}={_show(value)}" for key, value in pattern.items())
            if contains is not None:
                return Verdict(bool(hits), f"{app} {name}: {len(hits)} record(s) with {shown}")
            return Verdict(not hits, f"{app} {name}: {len(hits)} record(s) with {shown}, want 0")
        case PermissionCheck(app=app, permission=name, equals=wanted):
            answer = state.permission(app, name)
            shown = answer or "not requested"
            return Verdict(answer == wanted, f"{app} {name} is {shown}, want {wanted}")
        case AllCheck(all=parts):
            verdicts = [evaluate(part, params, state) for part in parts]
            return Verdict(all(v.ok for v in verdicts), "; ".join(v.why for v in verdicts))
        case AnyCheck(any=parts):
            verdicts = [evaluate(part, params, state) for part in parts]
            return Verdict(any(v.ok for v in verdicts), " | ".join(v.why for v in verdicts))


def matches(text: str, wanted: FieldMatch) -> bool:
    """Whether one field's text satisfies one match (see the module docstring)."""
    match wanted:
        case str():
            return text.strip().casefold() == wanted.strip().casefold()
        case Has(has=part):
            return part.strip().casefold() in text.casefold()
        case Digits(digits=digits):
            want = _digits(digits)
            return bool(want) and want in _digits(text)


def record_matches(record: Mapping[str, object], pattern: dict[str, FieldMatch]) -> bool:
    """Whether every field of the pattern matches the record's field of that name."""
    return all(
        isinstance(record.get(key), str) and matches(str(record[key]), wanted)
        for key, wanted in pattern.items()
    )


def filled_pattern(pattern: dict[str, FieldMatch], params: Params) -> dict[str, FieldMatch]:
    """A list check's record pattern with the parameters filled in."""
    return {key: _filled(value, params) for key, value in pattern.items()}


def _filled(wanted: FieldMatch, params: Params) -> FieldMatch:
    match wanted:
        case str():
            return fill(wanted, params)
        case Has(has=part):
            return Has(has=fill(part, params))
        case Digits(digits=digits):
            return Digits(digits=fill(digits, params))


def _show(wanted: FieldMatch) -> str:
    match wanted:
        case str():
            return repr(wanted)
        case Has(has=part):
            return f"containing {part!r}"
        case Digits(digits=digits):
            return f"with digits {_digits(digits)}"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)
