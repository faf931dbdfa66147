"""The buttons that answer Android's dialogs: which commit what was entered, which grant or
refuse a permission, which get an interruption out of the way.

The wording is Android's own (AOSP and Material strings, the permission controller's
buttons) and that of the apps that follow it, most specific first.
"""

from __future__ import annotations

__all__ = ["ALLOW", "CONFIRM", "DENY", "DISMISS"]

CONFIRM = (
    "Save",
    "Done",
    "OK",
    "Send",
    "Send SMS",
    "Send message",
    "Add",
    "Create",
    "Set",
    "Apply",
    "Confirm",
    "Start",
)
"""Labels of buttons that commit what was entered, most specific first."""

ALLOW = ("While using the app", "Allow", "Only this time", "Allow all the time", "Allow access")
"""Buttons that grant a runtime permission, the one that keeps the app working first."""

DENY = ("Don't allow", "Don\u2019t allow", "Deny", "Deny & don't ask again")
"""Buttons that refuse a runtime permission: with one of them, the screen is a permission prompt."""

DISMISS = (
    "Allow",
    "While using the app",
    "Only this time",
    "Got it",
    "OK",
    "Continue",
    "Skip",
    "Next",
    "Not now",
    "Dismiss",
    "No thanks",
    "Close",
)
"""Affirmative answers to interruptions (permissions, first-launch screens, tips)."""
