"""Perception and grounding: from an observation to a `Screen`, from an `Action` to a `Command`.

`parse_hierarchy` reads a uiautomator dump into `aci.Element`s; `ground`
matches one action's target against a screen's elements and answers a
`Grounded`: the command, the element, a confidence, the runners-up and why.
Imports only `aci`.
"""

from grounding.errors import GroundingError, PerceptionError
from grounding.ground import ground
from grounding.grounded import Candidate, Grounded
from grounding.hierarchy import hierarchy_size, parse_hierarchy

__all__ = [
    "Candidate",
    "Grounded",
    "GroundingError",
    "PerceptionError",
    "ground",
    "hierarchy_size",
    "parse_hierarchy",
]
