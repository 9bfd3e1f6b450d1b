"""Sealed files would be ignored by Git.

## What it does
Asks the repository's `.gitignore` files, with Git's own matching rules, whether
a file named like `app-sealed.yaml` or `app-values-sealed.yaml` would be ignored
at the root, in every sync path and its helm directories, and in every directory
that holds files. Only checked when the repository has a sync path.

## Why is this bad
SealedSecrets are safe to commit and must be committed: Flux can only apply what
is in Git. A broad ignore rule (`*-values-*.yaml` without its exception) makes
`git add` silently skip them, and the cluster never gets the secret.

## Example
```
# .gitignore
*-values-*.yaml      # also ignores app-values-sealed.yaml
```

## Fix
End the rules with `!*-sealed.yaml`; `gitops-scaffold lint --fix` appends the
block of the `gitignore-values-not-ignored` rule, whose last line is that exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import AppendText, RawFinding
from scaffold.model.probes import first_ignored
from scaffold.repository.convention import GITIGNORE, IGNORE_BLOCK, SEALED_PROBES

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "gitignore-sealed-ignored"
DEFAULT_LEVEL = "error"
FIXABLE = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A `*-sealed.yaml` file would be ignored by Git."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield one finding when some probed sealed file would be ignored."""
    if not ctx.sync_paths:
        return
    hidden = first_ignored(ctx, SEALED_PROBES)
    if hidden is not None:
        yield RawFinding(
            ID,
            GITIGNORE,
            1,
            1,
            f"a sealed file such as `{hidden}` would be ignored by Git, so Flux never gets it",
            "end the root .gitignore with `!*-sealed.yaml`, or run `gitops-scaffold lint --fix`",
            fixes=(AppendText(GITIGNORE, IGNORE_BLOCK),),
        )
