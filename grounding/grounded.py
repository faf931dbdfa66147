"""`Grounded`: what grounding answers for one action, and `Candidate`, one ranked runner-up."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

import aci

__all__ = ["Candidate", "Grounded"]


class Candidate(BaseModel):
    """An element the target might mean, how well it matched (0-1) and why."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    element: aci.Element
    """The element on the screen."""
    score: float = Field(ge=0, le=1)
    """How well it answers the target, 0-1 (rounded to 3 places); grounding acts on a match
    of 0.55 or more."""
    why: str
    """How it matched, in words, e.g. which of its words or its id fit the target."""


class Grounded(BaseModel):
    """The answer for one action: the command to run (if any), the element chosen and why.

    `found=False` means no element matched well enough: `command` is None and
    `candidates` holds the closest ones, so the caller can replan instead of tapping.
    """

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    found: bool
    """Whether grounding resolved the action; false when no element matched well enough."""
    command: aci.Command | None
    """What to run on the phone, in pixels; null when nothing was found or the action needs
    no command (done, fail, assert)."""
    element: aci.Element | None
    """The element the action lands on or checks; null when there is none (a key, a wait)."""
    confidence: float = Field(ge=0, le=1)
    """How sure grounding is, 0-1: 1 for actions that need no matching, lowered when other
    elements match almost as well; 0 when nothing was found."""
    candidates: list[Candidate] = Field(max_length=5)
    """Ranked runners-up, best first, the chosen element excluded."""
    reason: str
    """Why this answer, in words: what matched and how, or why nothing did."""
