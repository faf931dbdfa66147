"""Errors of the task suite.

SuiteError
├── TaskFileError      a task file that does not parse or validate (names file and field)
├── TemplateError      a `{name}` in a task that no parameter gives
└── StartStateError    the phone refused a start-state command

A step that cannot be carried out raises the runner's `service.runner.StepError`.
"""

from __future__ import annotations


class SuiteError(Exception):
    """Root of the task suite's errors."""


class TaskFileError(SuiteError):
    pass


class TemplateError(SuiteError):
    pass


class StartStateError(SuiteError):
    pass
