"""A finding as lint reports it: a raw finding with the severity configuration gives it."""

from __future__ import annotations

from dataclasses import dataclass, field

from scaffold.model.findings import Fix


@dataclass(frozen=True)
class Finding:
    """A finding as reported: rule id, final severity, position, message and hint."""

    rule: str
    severity: str
    path: str
    line: int
    column: int
    message: str
    hint: str
    fixable: bool
    fixes: tuple[Fix, ...] = field(default=(), compare=False, repr=False)

    def sort_key(self) -> tuple[str, int, str, int, str]:
        """Order of the report: path, line, rule (then column and message for stability)."""
        return (self.path, self.line, self.rule, self.column, self.message)


def _cacheable() -> None:
    # The last run's findings are stored with the facts codec: let its tags name Finding.
    from scaffold.model.facts import codec

    codec.register(Finding)


_cacheable()
