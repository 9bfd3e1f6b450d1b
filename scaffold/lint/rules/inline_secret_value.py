"""A HelmRelease holds a credential in its inline values.

## What it does
Reports every credential-like key (`password`, `token`, `secret`, `apiKey`,
`accessKey`, `privateKey`, `clientSecret`, `credentials`...) under a
HelmRelease's `spec.values` that holds a literal, non-empty value. Keys that name
a Secret held elsewhere are fine: `existingSecret`, `secretName`, and a
`<what>Secret` holding a Kubernetes name where `<what>` says what the Secret holds or
carries (`passwordSecret: app`, `configFileSecret: vpn-config`, `tlsSecret`), unlike
`clientSecret` or `sharedSecret`, whose value is the secret. Keys that name a key
inside a Secret are fine too: `passwordSecretKey: password`, `tokenSecretKey: token`,
`clientSecretKey: client-secret` (a name's shape: words, no digits), `secretKey`
beside a `secretName`; a store's own `secretKey`/`awsSecretKey` is a credential. So
are Flux
substitutions (`${DB_PASSWORD}`) and references (`op://`, `ref+`, `<placeholder>`).
The value itself is never printed.

A values file that reaches a HelmRelease through a kustomize `configMapGenerator`
(`files: [values.yaml=podinfo-values.yaml]`) and `spec.valuesFrom` of that
ConfigMap, in the same build, is committed the same way (and a ConfigMap is never
encrypted): its credential keys are reported in the values file.

Option `extra_keys` (list of key names) adds keys to the credential list.

## Why is this bad
`spec.values` is committed in clear text (`flux create helmrelease --values`
copies a values file into it), so the credential is readable by anyone with the
repository, in its whole history.

## Example
```yaml
spec:
  values:
    auth:
      password: hunter2
```

## Fix
Seal the value into a SealedSecret and reference it with `valuesFrom`, using
`targetPath` to put it where the chart expects it:

```yaml
spec:
  valuesFrom:
    - kind: Secret
      name: app-values
      valuesKey: password
      targetPath: auth.password
```
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.kustomize_build import KustomizeBuilds
    from scaffold.model.repo import RepoContext

ID = "inline-secret-value"
DEFAULT_LEVEL = "warning"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {"extra_keys": (list, [])}
SUMMARY = "A HelmRelease's `spec.values` holds a literal credential."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each credential-like key with a literal value in a HelmRelease's values,
    inline or in a values file it takes through a generated ConfigMap."""
    yield from _inline(ctx)
    yield from _generated_values(ctx)


def _generated_values(ctx: RepoContext) -> Iterator[RawFinding]:
    builds = ctx.builds
    for directory in sorted(builds.kustomization):
        kustomization = builds.kustomization_doc(directory)
        if kustomization is None:
            continue
        for config_map, entry in kustomization.generated_yaml_files:
            path = posixpath.normpath(posixpath.join(directory, entry))
            facts = ctx.facts.get(path)
            if facts is None or not any(doc.values_credentials for doc in facts.documents):
                continue
            release = _taking(builds, directory, config_map)
            if release is None:
                continue
            for doc in facts.documents:
                for key_path, (line, column) in doc.values_credentials:
                    yield RawFinding(
                        ID,
                        path,
                        line,
                        column,
                        f"values file of HelmRelease `{release}` (through ConfigMap "
                        f"`{config_map}`) holds a literal credential in `{key_path}`",
                        "move it into a SealedSecret and reference it from `spec.valuesFrom` "
                        f"with `targetPath: {key_path}`; a ConfigMap is never encrypted",
                    )


def _taking(builds: KustomizeBuilds, directory: str, config_map: str) -> str | None:
    """The HelmRelease the same build applies that takes values from `config_map`."""
    for item in builds.build(directory):
        doc = builds.document(item) if item.kind == "HelmRelease" else None
        if doc is not None and any(
            ref.kind == "ConfigMap" and ref.name == config_map for ref in doc.values_from
        ):
            return doc.name or "?"
    return None


def _inline(ctx: RepoContext) -> Iterator[RawFinding]:
    for facts, doc in ctx.every_document():
        if doc.kind != "HelmRelease":
            continue
        for key_path, (line, column) in doc.inline_secrets:
            yield RawFinding(
                ID,
                facts.path,
                line,
                column,
                f"HelmRelease `{doc.name or '?'}` holds a literal credential in "
                f"`spec.values.{key_path}`",
                "move it into a SealedSecret and reference it from `spec.valuesFrom` "
                f"with `targetPath: {key_path}`",
            )
