"""A YAML file that does not parse.

## What it does
Reports a `.yaml`/`.yml` file that YAML cannot parse (or that is not UTF-8), at
the line and column where parsing failed. It also reports a document whose
aliases would expand past a million nodes (an "alias bomb"); lint never expands it.

## Why is this bad
kustomize-controller fails the whole Kustomization when one file under its path
does not parse, so one typo stops every change of that cluster.

## Example
```yaml
metadata:
  name: podinfo
   namespace: podinfo   # indented one space too far
```

## Fix
Correct the syntax at the reported position.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "invalid-yaml"
DEFAULT_LEVEL = "error"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A YAML file does not parse."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield the parse failures recorded while reading each file."""
    yield from ctx.recorded_findings(ID)
