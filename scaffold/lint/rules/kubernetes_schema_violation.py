"""A Kubernetes object breaks the schema the API server checks it against.

## What it does
Checks every built-in object (Deployments, Services, ConfigMaps, Ingresses, CronJobs,
RBAC...) against the schemas of the Kubernetes release the cluster runs, bundled with
gitops-scaffold for Kubernetes 1.32 to 1.37 (`kubernetes_version` in
`.gitops-scaffold.yaml` chooses; default 1.37), and every custom resource whose
`CustomResourceDefinition` the repository itself applies (vendored operator CRDs,
`gotk-components.yaml`) against that CRD's schema for its served version.

Objects are checked as Flux applies them: each Flux Kustomization a cluster reaches is
built as `gitops-scaffold build` builds it (kustomize's patches, prefixes, labels,
images, components and generators, then Flux's `spec.patches` and postBuild
substitution), and each finding is placed in the file that wrote the offending value:
the patch file, the inline patch in a `kustomization.yaml` or in the Flux
Kustomization, at its line; the `${VAR}` postBuild replaced ("after postBuild
substitution"); the resource's own file otherwise. A value a transformer set (a name
prefix, an image tag) is placed at the nearest field of the resource's file, said to be
"as Kustomization ... builds it". A fault two clusters share is reported once. A
document no wholly rendered Kustomization reaches (a remote base, a Helm chart, a
source in another repository) is checked as its file writes it, and so is every
document of a cluster whose build changes nothing (no kustomization file, no Flux
patch, prefix or substitution). It reports, at the offending key or value and naming
its path:

- a value of the wrong type (`replicas: "3"`, `containerPort: http`), typed as
  kustomize reads YAML for what Flux builds (`value: on` stays the string "on"), and
  with the YAML 1.1 rules of the API server's decoder in a file checked as written
  (`value: yes` is a boolean there);
- a quantity that is not one (`memory: 1 GB`); int-or-string fields take either;
- a field the schema does not define (`resource:`), with "did you mean `resources`?";
- a missing required field (a container without `name`), on the object as patched;
- a value outside an enum, a pattern, a length or a range a CRD declares;
- an apiVersion of a Kubernetes group that the release does not serve (one it removed
  is `removed-kubernetes-api`'s finding instead).

Fields marked `x-kubernetes-preserve-unknown-fields` hold anything, embedded resources
may carry apiVersion, kind and metadata, and values still `${VAR}` after substitution
are not type-checked. In a file checked as written, patches and objects of a kind some
patch targets are checked for everything but missing required fields. Flux and Sealed
Secrets kinds are `schema-violation`'s. Objects with no schema (a CR whose CRD a Helm
chart installs) are skipped, never reported; in the text format, stderr counts them:
`312 objects validated, 41 of 9 kinds without a schema: ...`. A value is quoted only
when it is short and plain, its path does not look like a credential, and no Secret
gave it to postBuild.

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

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from scaffold.lint.rules.schema_violation import _chart_templates, _patched_kinds
from scaffold.model.findings import RawFinding
from scaffold.model.schemas.coverage import Coverage

if TYPE_CHECKING:
    from scaffold.model.facts.documents import Document, FileFacts
    from scaffold.model.repo import RepoContext

ID = "kubernetes-schema-violation"
DEFAULT_LEVEL = "error"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A Kubernetes object breaks its schema (type, field, quantity, required, enum)."
Crds = dict[tuple[str, str], str]


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each violation of a built-in object or of a CR against a repository CRD."""
    counted = Coverage()
    yield from _walk(ctx, counted)
    line = counted.line()
    if line is not None:
        ctx.summaries[ID] = line


def coverage(ctx: RepoContext) -> Coverage:
    """What the rule validated and what it skipped for want of a schema."""
    counted = Coverage()
    for _ in _walk(ctx, counted):
        pass
    return counted


def rendered_clusters(ctx: RepoContext) -> list[str]:
    """The clusters whose build can change an object this rule has a schema for. A cluster
    that reads no kustomization file and whose Flux Kustomizations neither patch, prefix
    nor substitute applies its documents as written: they are checked from their files,
    and it costs no rendering."""
    from scaffold.model.facts.kube_conformance import VALIDATED

    building = [c for c in ctx.sync_paths if _builds(ctx, c)]
    if not building:
        return []
    crds = _repository_crds(ctx)
    clusters: set[str] = set()
    for facts, doc in ctx.every_document():
        if doc.kube_schema == VALIDATED or (doc.api_version, doc.kind) in crds:
            placed = ctx.graph.placements(facts.path, doc.index)
            clusters.update(p.applier.cluster for p in placed)
    return [c for c in building if c in clusters]


def _builds(ctx: RepoContext, cluster: str) -> bool:
    """Whether Flux's build of the cluster may make an object differ from its document."""
    from scaffold.lint.rules.unbuildable_kustomization import _may_fail

    if _may_fail(ctx, cluster):  # a kustomization file, patches, components, postBuild
        return True
    return any(
        a.cluster == cluster
        and a.doc is not None
        and bool(a.doc.name_prefix or a.doc.name_suffix or a.doc.target_namespace)
        for a in ctx.graph.appliers
    )


def _walk(ctx: RepoContext, counted: Coverage) -> Iterator[RawFinding]:
    """The rendered objects' violations, then the files' no rendered Kustomization reads,
    each fault once (a base two clusters share is one file)."""
    crds = _repository_crds(ctx)
    covered: set[str] = set()
    seen: set[tuple[str, int, int, str]] = set()
    for found in (_rendered(ctx, crds, counted, covered), _files(ctx, crds, counted, covered)):
        for raw in found:
            key = (raw.path, raw.line, raw.column, raw.message)
            if key not in seen:
                seen.add(key)
                yield raw


def _rendered(
    ctx: RepoContext, crds: Crds, counted: Coverage, covered: set[str]
) -> Iterator[RawFinding]:
    """Every object of every wholly rendered Kustomization, as Flux applies it; `covered`
    gets the files they were built from (resource documents and patches)."""
    clusters = rendered_clusters(ctx)
    if not clusters:
        return
    from scaffold.model.schemas.rendered import Sources
    from scaffold.model.schemas.rendered_objects import rendered_violations

    for kind, placed in rendered_violations(
        ctx.rendered(clusters),
        crds,
        ctx.kubernetes_version,
        Sources(ctx.source_text, ctx.files),
        counted,
        covered,
        _chart_templates(ctx),
    ):
        message = f"{kind} {placed.path}: {placed.message}"
        yield RawFinding(ID, placed.file, placed.line, placed.column, message, placed.hint)


def _files(
    ctx: RepoContext, crds: Crds, counted: Coverage, covered: set[str]
) -> Iterator[RawFinding]:
    """Each document as its file writes it, of the files no rendered Kustomization read."""
    from scaffold.model.facts.kube_conformance import UNSERVED, VALIDATED

    patched = _patched_kinds(ctx)
    templates = _chart_templates(ctx)
    for facts, doc in ctx.every_document():
        if not doc.api_version or not doc.kind or not ctx.flux_sees(facts.path):
            continue
        if templates and facts.path.startswith(templates):
            continue
        if doc.kube_schema == UNSERVED:
            yield from _unserved(facts.path, doc, ctx.kubernetes_version)
            continue
        if facts.path in covered:
            continue
        partial = facts.path in ctx.layout.patches or bool({doc.kind, "*"} & patched)
        if doc.kube_schema == VALIDATED:
            counted.validated += 1
            violations = doc.kube_violations
        elif (doc.api_version, doc.kind) in crds:
            counted.validated += 1
            violations = _custom_resource(ctx, facts, doc, crds[doc.api_version, doc.kind])
        else:
            if not doc.group.endswith((".fluxcd.io", "bitnami.com", "kustomize.config.k8s.io")):
                counted.unchecked[doc.kind] += 1
            continue
        for violation in violations:
            if partial and violation.required:
                continue
            message = f"{doc.kind} {violation.path}: {violation.message}"
            yield RawFinding(
                ID, facts.path, violation.line, violation.column, message, violation.hint
            )


def _repository_crds(ctx: RepoContext) -> Crds:
    """The schema of each custom kind, per served version, of the CRDs Flux applies."""
    from scaffold.model.schemas.object_schemas import is_ours

    found: Crds = {}
    for facts, doc in ctx.every_document():
        if doc.crd_schemas and ctx.flux_sees(facts.path):
            for api_version, kind, schema in doc.crd_schemas:
                if is_ours(api_version):
                    found.setdefault((api_version, kind), schema)
    return found


def _custom_resource(ctx: RepoContext, facts: FileFacts, doc: Document, text: str) -> Any:
    """The violations of one custom resource, read again from its file, against its CRD."""
    from scaffold.model.facts.documents import SchemaViolation
    from scaffold.model.schemas.object_schemas import custom_resource_violations

    source_text = ctx.source_text(facts.path)
    if source_text is None:
        return ()
    return tuple(
        SchemaViolation(v.path, v.line, v.column, v.message, v.hint, v.category == "required")
        for v in custom_resource_violations(source_text, doc.index, text, ctx.kubernetes_version)
    )


def _unserved(path: str, doc: Document, minor: str) -> Iterator[RawFinding]:
    """A finding when the release serves the kind only at versions at least as mature as the
    one written: `apps/v2` or a `v1` the next release promotes may be newer, not wrong."""
    from scaffold.model.schemas.object_schemas import served_instead

    api_version, kind = doc.api_version or "", doc.kind or ""
    versions = served_instead(api_version, kind, minor)
    if versions:
        yield RawFinding(
            ID,
            path,
            *(doc.api_version_pos or doc.position),
            f"Kubernetes {minor} serves no kind `{kind}` at `{api_version}`",
            "use " + " or ".join(f"`apiVersion: {v}`" for v in versions),
        )
