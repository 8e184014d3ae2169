"""Stage 3, roles: the source and content of each cue.

`find_roles(unit, cue)` is the one entry point the pipeline calls. It runs the
hand-written rules (`roles_rules.rule_roles`) and, for the languages switched on in
`USE_ROLE_MODEL`, lets the learned labeller amend their claim (`roles_learned.
combined_roles`: what it may change is set per language in `roles_learned.POLICIES`).
Another finder with the same signature (a `RoleFinder`) can replace both by assigning
`ROLE_FINDER`, or per call with `finder=`.
"""

from collections.abc import Callable

from .records import Cue, ExtractedClaim, Unit
from .roles_learned import combined_roles
from .roles_rules import rule_roles

# Given a unit and one of its cues: the claim (content, source, cue spans), or None.
type RoleFinder = Callable[[Unit, Cue], ExtractedClaim | None]

ROLE_FINDER: RoleFinder = rule_roles

# Languages whose rule claims the learned labeller may amend (roles_learned.py). Off for
# a language: the rules alone, as before (still measurable with eval_halves --role-model).
USE_ROLE_MODEL: dict[str, bool] = {"en": True, "fr": True}


def find_roles(unit: Unit, cue: Cue, finder: RoleFinder | None = None) -> ExtractedClaim | None:
    """Source span and content span of `cue` in `unit`, as a claim (None: no claim)."""
    if finder is None and ROLE_FINDER is rule_roles and USE_ROLE_MODEL.get(unit.lang):
        finder = combined_roles
    return (finder or ROLE_FINDER)(unit, cue)
