"""An object's metadata.name is not a valid Kubernetes name.

## What it does
Checks `metadata.name` of every manifest as the cluster will get it (after
kustomize `namespace:` renames a `Namespace`): a lowercase RFC 1123 subdomain
(lowercase letters, digits, `-` and `.`, starting and ending alphanumeric, at
most 253 characters) for most kinds; an RFC 1123 label (no `.`, at most 63) for
`Namespace` and `Service`; for RBAC kinds only what a path segment allows (no
`/` or `%`). Names holding a `${VAR}` or a template (`<< >>`, `{{ }}`) are
skipped: they are only known once substituted.

## Why is this bad
The API server rejects the object, so kustomize-controller fails to apply the
whole Kustomization it is part of.

## Example
```yaml
kind: ConfigMap
metadata:
  name: App_Config
```

## Fix
Rename it in lowercase with `-` (`app-config`), and update what refers to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "invalid-resource-name"
DEFAULT_LEVEL = "error"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A metadata.name the API server would reject (not a DNS-1123 name)."

SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
LABEL_KINDS = ("Namespace", "Service")
PATH_SEGMENT_KINDS = ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")
TEMPLATES = ("${", "<<", "{{")


def problem(kind: str, name: str) -> str | None:
    """Why `name` is not valid for `kind`, or None."""
    if kind in PATH_SEGMENT_KINDS:
        bad = name in (".", "..") or "/" in name or "%" in name
        return "may not be `.`/`..` nor hold `/` or `%`" if bad else None
    if kind in LABEL_KINDS:
        ok = len(name) <= 63 and LABEL.match(name)
        return None if ok else "must be an RFC 1123 label (a-z, 0-9, `-`; at most 63)"
    ok = len(name) <= 253 and SUBDOMAIN.match(name)
    return None if ok else "must be an RFC 1123 subdomain (a-z, 0-9, `-`, `.`)"


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each manifest whose name the API server would reject."""
    renamed = _renamed(ctx)
    for facts, doc in ctx.documents():
        if not doc.api_version or not doc.kind or not doc.name or doc.name_pos is None:
            continue
        names = renamed.get((facts.path, doc.index))
        if names is None:
            names = {doc.name}
        elif len(names) > 1:
            names = names - {doc.name}  # a component kustomize renames wherever it is used
        for name in sorted(names):
            why = None if any(t in name for t in TEMPLATES) else problem(doc.kind, name)
            if why is None:
                continue
            yield RawFinding(
                ID,
                facts.path,
                *doc.name_pos,
                f"{doc.kind} name `{name}` is not valid: it {why}",
                "rename the object (lowercase letters, digits and `-`), and what refers to it",
            )
            break


def _renamed(ctx: RepoContext) -> dict[tuple[str, int], set[str]]:
    """The names kustomize gives Namespace objects it renames, per document."""
    names: dict[tuple[str, int], set[str]] = {}
    builds = ctx.builds
    builds.build_everything()
    for directory in builds.kustomization:
        for item in builds.build(directory):
            if item.kind == "Namespace":
                names.setdefault((item.path, item.index), set()).add(item.name)
    for placed in ctx.graph.placed:
        if placed.item.kind == "Namespace":
            names.setdefault((placed.item.path, placed.item.index), set()).add(placed.item.name)
    return names
