"""How many objects a validation checked, and the kinds it had no schema for."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# Kinds the line names before it only counts the others
NAMED_KINDS = 5


@dataclass
class Coverage:
    """How many objects were validated, and the kinds of those that had no schema."""

    validated: int = 0
    unchecked: Counter[str] = field(default_factory=Counter)

    def line(self) -> str | None:
        """`312 objects validated, 41 of 9 kinds without a schema: ...` (None: no object)."""
        if not self.validated and not self.unchecked:
            return None
        text = f"{self.validated} object{'' if self.validated == 1 else 's'} validated"
        if not self.unchecked:
            return text
        kinds = sorted(self.unchecked, key=lambda k: (-self.unchecked[k], k))
        named = ", ".join(f"{k} ({self.unchecked[k]})" for k in kinds[:NAMED_KINDS])
        more = f", and {len(kinds) - NAMED_KINDS} more" if len(kinds) > NAMED_KINDS else ""
        count = sum(self.unchecked.values())
        of = f"{len(kinds)} kind{'' if len(kinds) == 1 else 's'}"
        return f"{text}, {count} of {of} without a schema: {named}{more}"
