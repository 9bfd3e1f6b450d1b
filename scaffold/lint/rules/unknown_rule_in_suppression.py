"""A suppression comment names a rule that does not exist.

## What it does
Reports each rule id in a `# gitops-scaffold: disable=...` comment that is not the id
of a lint rule, with the id it most likely meant.

## Why is this bad
A mistyped id silences nothing: the finding the comment was written for is still
reported, or worse, the comment looks like it documents a deliberate exception that
lint never honours. Either way the typo goes unnoticed.

## Example
```yaml
# gitops-scaffold: disable=unresolved-values-fro
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
```

## Fix
Write the rule's id exactly as `gitops-scaffold rules` lists it, or remove the comment.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.lint.rule_ids import closest_rule
from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "unknown-rule-in-suppression"
DEFAULT_LEVEL = "warning"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A suppression comment names a rule that does not exist."
# Longer ids are shortened in the message: a comment is not a place for long text.
SHOWN_CHARS = 60
# Every registered rule's id: the registry, which imports this module, fills it in.
KNOWN_IDS: frozenset[str] = frozenset()


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield every unknown id of every `disable=` comment, at the comment's line."""
    for path in sorted(ctx.facts):
        for line, ids in ctx.facts[path].suppressions.lines:
            for rule_id in sorted(ids - KNOWN_IDS):
                close = closest_rule(rule_id, KNOWN_IDS)
                shown = rule_id if len(rule_id) <= SHOWN_CHARS else rule_id[:SHOWN_CHARS] + "..."
                hint = f"did you mean `{close}`? " if close else ""
                yield RawFinding(
                    ID,
                    path,
                    line,
                    1,
                    f"the suppression names `{shown}`, which is not a rule; it silences nothing",
                    hint + "`gitops-scaffold rules` lists the rule ids",
                )
