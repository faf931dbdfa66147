"""Errors of the virtual phone's UI.

UiError
 └── AppSpecError (also a ValueError): an app definition file is malformed
"""

from __future__ import annotations


class UiError(Exception):
    """Root of the UI errors."""


class AppSpecError(UiError, ValueError):
    """An app definition is malformed; the message names the file and the field path."""
