"""A file lint did not check: it could not, or would not, read it.

## What it does
Reports a file lint skipped: a symlink that points outside the repository, or
that does not resolve (dangling, or a loop), which lint never follows; a YAML
file it is not allowed to read; a YAML file larger than `max_file_size`
bytes (default 10 MiB), which it does not parse; and one holding more than
500,000 YAML nodes (a long flow list), whose parse would take gigabytes.

## Why is this bad
What lint does not read, it cannot check: a plaintext secret in a skipped file
goes unnoticed. A symlink out of the repository makes what the cluster applies
depend on the machine that checked it out, and Flux refuses to follow it.

## Example
```
clusters/dev/apps/shared.yaml -> /home/me/shared.yaml   # outside the repository
clusters/dev/crds/all.yaml                              # 60 MB
```

## Fix
Replace the symlink by the file it points to (or a symlink inside the
repository), make the file readable, or split a huge file; raise the limit in
`.gitops-scaffold.yaml` if the file is meant to be that big:

```yaml
rules:
  unchecked-file:
    max_file_size: 104857600
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.files.names import is_yaml
from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "unchecked-file"
DEFAULT_LEVEL = "warning"
FIXABLE = False
MAX_FILE_SIZE = 10 * 1024 * 1024
OPTIONS: dict[str, tuple[type, object]] = {"max_file_size": (int, MAX_FILE_SIZE)}
SUMMARY = "A file was not checked: an escaping symlink, unreadable, or too big."
UNREADABLE_HINT = "make the file readable by the user running lint"


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield the files discovery skipped, the unreadable ones and the oversized ones."""
    for path, reason, hint in ctx.skipped:
        yield RawFinding(ID, path, 1, 1, reason, hint)
    for path in ctx.files:
        if path not in ctx.facts and is_yaml(path):
            yield RawFinding(
                ID, path, 1, 1, f"`{path}` cannot be read; not checked", UNREADABLE_HINT
            )
    yield from ctx.recorded_findings(ID)
