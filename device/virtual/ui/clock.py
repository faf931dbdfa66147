"""The phone's clock: the time in the status bar and the time and date apps show.

The phone keeps UTC (its `persist.sys.timezone`, and what `date` in its shell prints);
times are shown as a Pixel in English shows them: `10:42`, `Sun, Nov 22`.
"""

from __future__ import annotations

from datetime import UTC, datetime


def clock_text(now: float) -> str:
    """The time as the status bar and the Clock show it: `10:42` (24-hour)."""
    moment = datetime.fromtimestamp(now, UTC)
    return f"{moment:%H:%M}"


def date_text(now: float) -> str:
    """The date as the Clock and the lock screen show it: `Sun, Nov 22`."""
    moment = datetime.fromtimestamp(now, UTC)
    return f"{moment:%a}, {moment:%b} {moment.day}"


def phone_values(now: float) -> dict[str, str]:
    """Template names every app can show: `{clock}` and `{today}`."""
    return {"clock": clock_text(now), "today": date_text(now)}
