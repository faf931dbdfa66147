"""The chat messages the LLM planner sends: the rules and grammar, then goal, history and screen.

The system message teaches the ACI text form and the rules (one action, no
repeat of a step that failed); the user message carries this step's facts.
Follow-up messages ask again after an unreadable reply or a repeated failure.
"""

from __future__ import annotations

from collections.abc import Sequence

import aci
from planning.base import Step
from planning.history import describe_outcome, describe_step
from planning.screen_text import screen_lines

__all__ = ["MAX_ELEMENTS", "build_messages", "retry_different", "retry_unreadable"]

MAX_ELEMENTS = 150
"""Elements listed in a prompt; a screen with more says how many were left out."""

Message = dict[str, str]

SYSTEM = """\
You operate an Android phone to reach the user's goal, one action at a time. Each turn you get \
the goal, the steps taken so far with their outcomes, and the current screen as a list of \
elements: [index] role "text" state (position).

Answer with exactly one action, in this text form, on the first line:
  tap "Wi-Fi"                     tap an element by its text or description
  tap [8]                         tap the element listed as [8] (for one without words)
  long press "Photo 3"
  type "hello" into "Search"      type into a field (type "hello" types into the focused field)
  scroll down                     scroll up/down/left/right; scroll down in "Alarms" for one list
  swipe left                      a fling: swipe left/right/up/down
  set "Call volume" to max        a slider: to min, max or a percentage (set "Brightness" to 40%)
  clear "Title"                   empty a field (clear alone empties the focused field)
  press back                      keys: back, home, enter, recents, delete, search
  open app "Clock"                open an app by its name
  wait 2s
  done                            the goal is reached on this screen
  fail "why"                      the goal cannot be reached
Strings are in double quotes; use the words shown on the screen as the target. \
Then, on a second line, "Reason: " and a short reason.

Rules:
- A step whose outcome is target_not_found or screen_unchanged did not work. Do not repeat it \
as is: choose a different action (another target, scroll to reveal it, go back, open the app).
- Answer done only when the screen shows that the goal is reached.
- Answer fail when the goal cannot be reached from here."""


def build_messages(
    goal: str,
    screen: aci.Screen,
    history: Sequence[Step],
    *,
    max_elements: int = MAX_ELEMENTS,
    known: Sequence[str] = (),
) -> list[Message]:
    """The system rules and this step's user message; `known` are lines of the app memory
    that may serve the goal (`Recall.hints`)."""
    if history:
        steps = [describe_step(number, step) for number, step in enumerate(history, start=1)]
    else:
        steps = ["(none yet)"]
    user = "\n".join(
        [
            f"Goal: {goal}",
            "",
            *(
                [
                    "Known from exploring the apps (controls that may fit the goal, and the "
                    "steps from the app's start screen to them):",
                    *(f"- {line}" for line in known),
                    "",
                ]
                if known
                else []
            ),
            "Steps so far (action -> outcome):",
            *steps,
            "",
            "Current screen:",
            *screen_lines(screen, limit=max_elements),
            "",
            "The next action:",
        ]
    )
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def retry_unreadable(problem: str) -> Message:
    """The follow-up after a reply with no readable action."""
    return {
        "role": "user",
        "content": (
            f"Your reply could not be read as an action: {problem}\n"
            'Answer again with exactly one action in the text form, e.g. tap "Wi-Fi", '
            "on the first line, then a line starting with Reason:."
        ),
    }


def retry_different(action: aci.Action, failed: Step) -> Message:
    """The follow-up when the model proposes exactly the step that just failed."""
    return {
        "role": "user",
        "content": (
            f"{action} is the step that just failed: {describe_outcome(failed)}. "
            "Repeating it will fail again. Answer with a different action."
        ),
    }
