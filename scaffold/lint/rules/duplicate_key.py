"""A mapping repeats a key.

## What it does
Reports the second (and later) occurrence of a key in the same YAML mapping,
including the mappings of an inline kustomize patch (`patches[].patch` of a
kustomization.yaml, a Flux Kustomization or a HelmRelease post-renderer), reported
on the file's own line when the patch is a `|` block.

## Why is this bad
YAML parsers disagree: PyYAML and Go's YAML library keep the last value silently,
others refuse the file. Either way one of the two values is lost without a word,
and it is usually the one the author meant to change. In an inline patch kustomize
(v5) keeps the *first* value of a strategic-merge patch and the last of a JSON 6902
operation, without a word: the patch does not do what its last line says.

## Example
```yaml
spec:
  interval: 5m
  interval: 1h
```

## Fix
Keep one occurrence of the key, with the value you want.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "duplicate-key"
DEFAULT_LEVEL = "error"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A mapping repeats a key."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield the repeated keys recorded while reading each file."""
    yield from ctx.recorded_findings(ID)
