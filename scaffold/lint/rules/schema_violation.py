"""A Flux object breaks the CRD schema of the Flux release the cluster runs.

## What it does
Checks every Flux object (source, kustomize, helm, notification, image and
source-watcher APIs) and every `SealedSecret` against the `openAPIV3Schema` of its
CRD, bundled with gitops-scaffold for Flux 2.9 and 2.8 (`flux_version` in
`.gitops-scaffold.yaml` chooses; default 2.9). It reports, at the offending key
or value and naming its path (`spec.chart.spec.sourceRef.kind`):

- a value of the wrong type (`retries: "three"`, `prune: yes-please`);
- a missing required field (`spec.chart.spec.chart`);
- a value outside an enum, a string that fails a pattern (`interval: 10minutes`
  is not a Go duration), a number below a minimum, a string over a maxLength;
- a field the schema does not define, with "did you mean `sourceRef`?" when one
  known field is close;
- an apiVersion and kind that a Flux API group does not serve in that release
  (an apiVersion Flux removed is `deprecated-api-version`'s finding instead).

Files that a `kustomization.yaml` lists as patches are partial objects: they are
checked for everything but missing required fields. So is every object of a kind
that some patch in the repository targets (the `patches` of a `kustomization.yaml`,
a kustomize Component or a Flux Kustomization), since the patch may add the field:
a parent Kustomization often sets `interval` and `prune` for all its children.

Values that Flux substitutes later (`${VAR}`, from a Kustomization's
`postBuild`) are not checked against a type, pattern or enum, since only the
substituted value counts. `HelmRelease`
`spec.values` is free-form in the CRD and not checked here. Objects of other API
groups are not checked: lint has no schema for them. Files a root `.sourceignore`
keeps from Flux, and the `templates/` of a Helm chart, are not checked. A value
is quoted in a message only when it is short and plain and its path does not
look like a credential.

## Why is this bad
The API server rejects the object when kustomize-controller applies it, so the
whole Kustomization fails to reconcile, and nothing tells you until Flux runs on
the cluster. A misspelt field is worse: older clusters drop it silently and the
setting never takes effect.

## Example
```yaml
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: podinfo, namespace: apps}
spec:
  interval: 10minutes        # not a duration
  chart:
    spec:
      chart: podinfo
      sourceref:             # unknown field: did you mean `sourceRef`?
        kind: HelmRepository
        name: podinfo
  install:
    remediation:
      retries: "three"       # expected integer
```

## Fix
Follow the hint: rename the field, write a Go duration (`10m`), quote or unquote
the value. Set `flux_version` in `.gitops-scaffold.yaml` to the release your
cluster runs, so that lint checks against the same schemas.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.api_versions import outdated
from scaffold.model.findings import RawFinding
from scaffold.model.schemas.bundle import served_kinds

if TYPE_CHECKING:
    from scaffold.model.facts.documents import Document
    from scaffold.model.repo import RepoContext

ID = "schema-violation"
DEFAULT_LEVEL = "error"
FIXABLE = False
APPLIED_ONLY = True
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A Flux object or SealedSecret breaks its CRD schema (type, field, enum, pattern)."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each schema violation the per-file pass recorded, and each unserved Flux kind."""
    from scaffold.model.facts.conformance import ANY_KIND  # the parser's, loaded on use

    patches = ctx.layout.patches
    patched = _patched_kinds(ctx)
    templates = _chart_templates(ctx)
    for facts, doc in ctx.every_document():
        if doc.schema_served is None or not ctx.flux_sees(facts.path):
            continue
        if templates and facts.path.startswith(templates):
            continue
        if doc.schema_served is False:
            yield from _unserved(facts.path, doc, ctx.flux_version)
            continue
        partial = facts.path in patches or bool({doc.kind, ANY_KIND} & patched)
        for violation in doc.schema_violations:
            if partial and violation.required:
                continue
            yield RawFinding(
                ID,
                facts.path,
                violation.line,
                violation.column,
                f"{doc.kind} {violation.path}: {violation.message}",
                violation.hint,
            )


def _chart_templates(ctx: RepoContext) -> tuple[str, ...]:
    """The `templates/` directories of Helm charts: Go templates, whose values Helm fills."""
    return tuple(
        path.removesuffix("Chart.yaml") + "templates/"
        for path in ctx.files
        if path == "Chart.yaml" or path.endswith("/Chart.yaml")
    )


def _patched_kinds(ctx: RepoContext) -> set[str | None]:
    """Kinds some patch in the repository may add fields to: what the patches of kustomize
    and Flux Kustomizations target, and the kinds of the patch files themselves."""
    patched: set[str | None] = set()
    for facts, doc in ctx.every_document():
        patched.update(doc.patch_kinds)
        if facts.path in ctx.layout.patches:
            patched.add(doc.kind)
    return patched


def _unserved(path: str, doc: Document, flux_version: str) -> Iterator[RawFinding]:
    api_version, kind = doc.api_version or "", doc.kind or ""
    if outdated(api_version, kind, flux_version) is not None:
        return  # a removed or deprecated version: deprecated-api-version says so
    served = served_kinds(flux_version)
    versions = [v for v, k in served if k == kind and v.rpartition("/")[0] == doc.group]
    kinds = sorted({k for v, k in served if v == api_version})
    if versions:
        hint = "use " + " or ".join(f"`apiVersion: {v}`" for v in versions)
    elif kinds:
        hint = _closest_kind(kind, kinds)
    else:
        hint = f"the {doc.group} versions Flux {flux_version} serves: " + ", ".join(
            sorted({f"`{v}`" for v, _ in served if v.rpartition("/")[0] == doc.group})
        )
    yield RawFinding(
        ID,
        path,
        *(doc.api_version_pos or doc.position),
        f"Flux {flux_version} serves no kind `{kind}` at `{api_version}`",
        hint,
    )


def _closest_kind(kind: str, kinds: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(kind, kinds, n=1, cutoff=0.6)
    if close:
        return f"did you mean `kind: {close[0]}`?"
    return "kinds served there: " + ", ".join(f"`{k}`" for k in kinds)
