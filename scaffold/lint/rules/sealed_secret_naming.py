"""A file in helm/secrets is not a properly named SealedSecret, or a sealed file is not one.

## What it does
Reports a file in a sync path's `helm/secrets/` whose name does not end in
`-sealed.yaml` (`.gitkeep` excepted), and a `*-sealed.yaml` file anywhere that
holds anything but SealedSecrets with a non-empty `spec.encryptedData`.

## Why is this bad
The root `.gitignore` re-includes only `*-sealed.yaml`; any other name in
`helm/secrets` is probably a plaintext values file one rename away from being
committed. And a file named `-sealed` that holds a plain Secret defeats the ignore
rule that was protecting it.

## Example
```
clusters/dev/helm/secrets/db-credentials.yaml     # not *-sealed.yaml
```

## Fix
Seal the values with `kubeseal` (or `gitops-scaffold seal`) and name the result
`<name>-sealed.yaml`; keep plaintext out of `helm/secrets`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding
from scaffold.repository.convention import KEEP_FILES, SECRETS, helm_dir, is_sealed_file

if TYPE_CHECKING:
    from scaffold.model.facts.documents import FileFacts
    from scaffold.model.repo import RepoContext

ID = "sealed-secret-naming"
DEFAULT_LEVEL = "error"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A helm/secrets file is not `*-sealed.yaml`, or a sealed file holds no SealedSecret."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield misnamed files in helm/secrets and sealed files that are not SealedSecrets."""
    secret_dirs = tuple(helm_dir(s, SECRETS) + "/" for s in ctx.sync_paths)
    for path in ctx.files:
        name = posixpath.basename(path)
        if is_sealed_file(name):
            facts = ctx.facts.get(path)
            if facts is not None:
                yield from _check_sealed(facts)
        elif name not in KEEP_FILES and secret_dirs and path.startswith(secret_dirs):
            yield RawFinding(
                ID,
                path,
                1,
                1,
                f"`{name}` in helm/secrets is not named `*-sealed.yaml`",
                "keep only sealed files here, named `<name>-sealed.yaml`",
            )


def _check_sealed(facts: FileFacts) -> Iterator[RawFinding]:
    documents = [d for d in facts.documents if not d.empty]
    if not documents and facts.yaml and not facts.findings:
        yield RawFinding(
            ID, facts.path, 1, 1, "sealed file holds no SealedSecret",
            "put the output of kubeseal in it, or delete it",
        )  # fmt: skip
    for doc in documents:
        if doc.kind != "SealedSecret":
            yield RawFinding(
                ID, facts.path, *doc.position,
                f"sealed file holds a `{doc.kind or 'document without kind'}`, not a SealedSecret",
                "seal the secret with kubeseal; a `-sealed.yaml` name must only hold SealedSecrets",
            )  # fmt: skip
        elif not doc.encrypted_data:
            yield RawFinding(
                ID, facts.path, *doc.position,
                f"SealedSecret `{doc.name or '?'}` has no `spec.encryptedData`",
                "re-seal the secret with kubeseal",
            )  # fmt: skip
