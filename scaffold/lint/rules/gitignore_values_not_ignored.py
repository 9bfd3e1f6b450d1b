"""Plaintext values files are not ignored by Git.

## What it does
Asks the repository's `.gitignore` files, with Git's own matching rules, whether
a file named like `app-values-prod.yaml` would be ignored at the root, in every
sync path and its helm directories, and in every directory that holds files.
Reports the first such path that would not be ignored. Only checked when the
repository has a sync path.

## Why is this bad
`<chart>-values-<env>.yaml` files hold the plaintext values you seal into
SealedSecrets. If Git does not ignore them, the next `git add -A` commits your
secrets into history.

## Example
```
# .gitignore
*.yaml          # ...and no `*-values-*.yaml` rule
```

## Fix
`gitops-scaffold lint --fix` appends the block to the root `.gitignore`:

```
# Ignore all YAML files containing the `-values-` string.
*-values-*.yaml

# Do not ignore sealed YAML files.
!*-sealed.yaml
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import AppendText, RawFinding
from scaffold.model.probes import first_unignored
from scaffold.repository.convention import GITIGNORE, IGNORE_BLOCK, VALUES_PROBE

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "gitignore-values-not-ignored"
DEFAULT_LEVEL = "error"
FIXABLE = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "The ignore rules do not ignore `*-values-*.yaml` files."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield one finding when some probed values file would not be ignored."""
    if not ctx.sync_paths:
        return
    exposed = first_unignored(ctx, VALUES_PROBE)
    if exposed is not None and not ctx.exists(GITIGNORE):
        # Line 0: the finding is about a file that does not exist, not a line of it.
        yield RawFinding(
            ID,
            GITIGNORE,
            0,
            0,
            f"the repository has no root {GITIGNORE}: a plaintext values file such as "
            f"`{exposed}` would be committed",
            f"create {GITIGNORE} with `*-values-*.yaml` then `!*-sealed.yaml`, "
            "or run `gitops-scaffold lint --fix` to create it",
            fixes=(AppendText(GITIGNORE, IGNORE_BLOCK),),
        )
    elif exposed is not None:
        yield RawFinding(
            ID,
            GITIGNORE,
            1,
            1,
            f"a plaintext values file such as `{exposed}` would not be ignored by Git",
            "add `*-values-*.yaml` (then `!*-sealed.yaml`) to the root .gitignore, "
            "or run `gitops-scaffold lint --fix`",
            fixes=(AppendText(GITIGNORE, IGNORE_BLOCK),),
        )
