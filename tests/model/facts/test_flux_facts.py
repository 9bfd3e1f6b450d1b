"""What facts record of the Flux graph: names, paths and keys, never a value that could be
a secret."""

from __future__ import annotations

import json

from scaffold.model.facts.codec import decode, encode
from scaffold.model.facts.parse import extract

KUSTOMIZATION = """\
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec:
  path: ./apps
  sourceRef: {kind: GitRepository, name: flux-system}
  targetNamespace: web
  dependsOn: [{name: infra}]
  components: [../components/x]
  postBuild:
    substitute:
      DB_PASSWORD: PLANTED-substitute-value
    substituteFrom: [{kind: Secret, name: vars}]
  patches:
    - target: {kind: Kustomization}
      patch: |
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: _}
        spec:
          postBuild:
            substitute: {CLUSTER: PLANTED-child-value}
"""
GIT = """\
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: mono}
spec:
  url: https://user:PLANTED-password@example.com/o/r.git
"""


def test_kustomization_facts_keep_keys_not_values() -> None:
    facts = extract("ks.yaml", KUSTOMIZATION.encode())
    [doc] = facts.documents
    assert (doc.spec_path, doc.target_namespace) == ("./apps", "web")
    assert doc.source_ref is not None and doc.source_ref.name == "flux-system"
    assert [r.name for r in doc.depends_on] == ["infra"]
    assert doc.substitute == ("DB_PASSWORD",) and doc.child_substitute == ("CLUSTER",)
    assert doc.has_post_build and [r.name for r in doc.substitute_from] == ["vars"]
    assert doc.components == ("../components/x",)
    assert "PLANTED" not in json.dumps(encode(facts))


def test_source_urls_lose_their_credentials() -> None:
    facts = extract("git.yaml", GIT.encode())
    assert facts.documents[0].source_url == "https://example.com/o/r"
    assert "PLANTED" not in json.dumps(encode(facts))


def test_facts_with_defaults_left_out_round_trip() -> None:
    facts = extract("ks.yaml", KUSTOMIZATION.encode())
    assert decode(json.loads(json.dumps(encode(facts)))) == facts


def test_variables_and_the_disabled_annotation() -> None:
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
        "data: {a: '${ONE}', b: '${TWO:=x}', c: '$${THREE}', d: 'x-${FOUR}-${FIVE}'}\n"
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  annotations:\n"
        "    kustomize.toolkit.fluxcd.io/substitute: disabled\ndata: {a: '${SIX}'}\n"
    )
    first, second = extract("cm.yaml", text.encode()).documents
    assert [name for name, _ in first.variables] == ["ONE", "FOUR", "FIVE"]
    assert second.substitution_disabled and second.variables == ()


def test_flux_instance_sync_paths() -> None:
    instance = (
        "apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata: {name: flux}\n"
        "spec:\n  sync: {kind: OCIRepository, path: clusters/prod, url: oci://x}\n"
    )
    release = (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: fi}\n"
        "spec:\n  values:\n    instance:\n      sync: {path: kubernetes/flux/cluster}\n"
    )
    values = "instance:\n  sync:\n    path: ./clusters/c0\n"
    assert extract("i.yaml", instance.encode()).documents[0].sync_path == "clusters/prod"
    assert extract("r.yaml", release.encode()).documents[0].sync_path == "kubernetes/flux/cluster"
    assert extract("values.yaml", values.encode()).documents[0].sync_path == "./clusters/c0"
