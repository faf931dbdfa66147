"""`Grounded`: what grounding answers for one action, and `Candidate`, one ranked runner-up."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

import aci

__all__ = ["Candidate", "Grounded"]


class Candidate(BaseModel):
    """An element the target might mean, how well it matched (0-1) and why."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    element: aci.Element
    score: float = Field(ge=0, le=1)
    why: str


class Grounded(BaseModel):
    """The answer for one action: the command to run (if any), the element chosen and why.

    `found=False` means no element matched well enough: `command` is None and
    `candidates` holds the closest ones, so the caller can replan instead of tapping.
    """

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    found: bool
    command: aci.Command | None
    element: aci.Element | None
    confidence: float = Field(ge=0, le=1)
    candidates: list[Candidate] = Field(max_length=5)
    """Ranked runners-up, best first, the chosen element excluded."""
    reason: str
