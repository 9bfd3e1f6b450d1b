"""A Kubernetes object breaks the schema the API server checks it against.

## What it does
Checks every built-in object (Deployments, Services, ConfigMaps, Ingresses, CronJobs,
RBAC...) against the schemas of the Kubernetes release the cluster runs, bundled with
gitops-scaffold for Kubernetes 1.32 to 1.37 (`kubernetes_version` in
`.gitops-scaffold.yaml` chooses; default 1.37), and every custom resource whose
`CustomResourceDefinition` the repository itself applies (vendored operator CRDs,
`gotk-components.yaml`) against that CRD's schema for its served version. It
reports, at the offending key or value and naming its path:

- a value of the wrong type (`replicas: "3"`, `containerPort: http`), read with the
  YAML 1.1 rules of the API server's decoder (`value: yes` is a boolean);
- a quantity that is not one (`memory: 1 GB`); int-or-string fields take either;
- a field the schema does not define (`resource:`), with "did you mean `resources`?";
- a missing required field (a container without `name`);
- a value outside an enum, a pattern, a length or a range a CRD declares;
- an apiVersion of a Kubernetes group that the release does not serve (one it removed
  is `removed-kubernetes-api`'s finding instead).

Fields marked `x-kubernetes-preserve-unknown-fields` hold anything, embedded resources
may carry apiVersion, kind and metadata, and values that Flux substitutes later
(`${VAR}`) are not type-checked. Files that a `kustomization.yaml` lists as patches,
and objects of a kind some patch targets, are checked for everything but missing
required fields. Flux and Sealed Secrets kinds are `schema-violation`'s. Objects
with no schema (a CR whose CRD a Helm chart installs) are skipped, never reported.
A value is quoted only when it is short and plain and its path does not look like a
credential.

## Why is this bad
The API server rejects the object when kustomize-controller applies it, so the whole
Kustomization fails to reconcile, and nothing says so until Flux runs on the cluster.
A misspelt field is worse where the server only warns: the setting never takes effect.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: "3"                  # expected integer
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - image: nginx           # missing required field `name`
          resource: {}           # unknown field: did you mean `resources`?
```

## Fix
Follow the hint: rename the field, unquote the number, quote the string. Set
`kubernetes_version` in `.gitops-scaffold.yaml` to the release your cluster runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scaffold.lint.rules.schema_violation import _chart_templates, _patched_kinds
from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.facts.documents import Document, FileFacts
    from scaffold.model.repo import RepoContext

ID = "kubernetes-schema-violation"
DEFAULT_LEVEL = "error"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A Kubernetes object breaks its schema (type, field, quantity, required, enum)."


@dataclass
class Coverage:
    """How many objects were validated, and the kinds of those that had no schema."""

    validated: int = 0
    unchecked: dict[str, int] = field(default_factory=dict)


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each violation of a built-in object or of a CR against a repository CRD."""
    yield from _walk(ctx, Coverage())


def coverage(ctx: RepoContext) -> Coverage:
    """What the rule validated and what it skipped for want of a schema."""
    counted = Coverage()
    for _ in _walk(ctx, counted):
        pass
    return counted


def _walk(ctx: RepoContext, counted: Coverage) -> Iterator[RawFinding]:
    from scaffold.model.facts.kube_conformance import UNSERVED, VALIDATED

    crds = _repository_crds(ctx)
    patched = _patched_kinds(ctx)
    templates = _chart_templates(ctx)
    for facts, doc in ctx.every_document():
        if not doc.api_version or not doc.kind or not ctx.flux_sees(facts.path):
            continue
        if templates and facts.path.startswith(templates):
            continue
        partial = facts.path in ctx.layout.patches or bool({doc.kind, "*"} & patched)
        if doc.kube_schema == VALIDATED:
            counted.validated += 1
            violations = doc.kube_violations
        elif doc.kube_schema == UNSERVED:
            yield from _unserved(facts.path, doc, ctx.kubernetes_version)
            continue
        elif (doc.api_version, doc.kind) in crds:
            counted.validated += 1
            violations = _custom_resource(ctx, facts, doc, crds[doc.api_version, doc.kind])
        else:
            if not doc.group.endswith((".fluxcd.io", "bitnami.com", "kustomize.config.k8s.io")):
                counted.unchecked[doc.kind] = counted.unchecked.get(doc.kind, 0) + 1
            continue
        for violation in violations:
            if partial and violation.required:
                continue
            message = f"{doc.kind} {violation.path}: {violation.message}"
            yield RawFinding(
                ID, facts.path, violation.line, violation.column, message, violation.hint
            )


def _repository_crds(ctx: RepoContext) -> dict[tuple[str, str], str]:
    """The schema of each custom kind, per served version, of the CRDs Flux applies."""
    found: dict[tuple[str, str], str] = {}
    for facts, doc in ctx.every_document():
        if doc.crd_schemas and ctx.flux_sees(facts.path):
            for api_version, kind, schema in doc.crd_schemas:
                if not api_version.rpartition("/")[0].endswith((".fluxcd.io", "bitnami.com")):
                    found.setdefault((api_version, kind), schema)
    return found


def _custom_resource(ctx: RepoContext, facts: FileFacts, doc: Document, text: str) -> Any:
    """The violations of one custom resource, read again from its file, against its CRD."""
    import yaml

    from scaffold.model.facts.documents import SchemaViolation
    from scaffold.model.facts.loader import Loader
    from scaffold.model.schemas import kubernetes, semantics, sourcemap

    source_text = ctx.source_text(facts.path)
    if source_text is None:
        return ()
    try:
        roots = list(yaml.compose_all(source_text, Loader=Loader))
        value, source = sourcemap.decode(roots[doc.index])
    except (yaml.YAMLError, IndexError, RecursionError, sourcemap.TooLarge):
        return ()
    schema = json.loads(text)
    # The API server checks a custom resource's metadata as any object's.
    schema.setdefault("properties", {})["metadata"] = {"$ref": kubernetes.OBJECT_META}
    for key in ("apiVersion", "kind"):
        schema["properties"].setdefault(key, {"type": "string"})
    return tuple(
        SchemaViolation(v.path, v.line, v.column, v.message, v.hint, v.category == "required")
        for v in semantics.validate_object(
            value, schema, source, kubernetes.resolver(ctx.kubernetes_version)
        )
    )


def _unserved(path: str, doc: Document, minor: str) -> Iterator[RawFinding]:
    """A finding when the release serves the kind only at versions at least as mature as the
    one written: `apps/v2` or a `v1` the next release promotes may be newer, not wrong."""
    from scaffold.model.schemas.kubernetes import served_api_versions, version_priority
    from scaffold.model.schemas.removed_apis import removal

    api_version, kind = doc.api_version or "", doc.kind or ""
    if removal(api_version, kind, minor) is not None:
        return  # removed-kubernetes-api names the release and the replacement
    written = version_priority(api_version.rpartition("/")[2])
    group = api_version.rpartition("/")[0]
    versions = sorted(
        v
        for v, kinds in served_api_versions(minor).items()
        if kind in kinds and v.rpartition("/")[0] == group
        and version_priority(v.rpartition("/")[2]) >= written
    )
    if not versions:
        return
    yield RawFinding(
        ID,
        path,
        *(doc.api_version_pos or doc.position),
        f"Kubernetes {minor} serves no kind `{kind}` at `{api_version}`",
        "use " + " or ".join(f"`apiVersion: {v}`" for v in versions),
    )
