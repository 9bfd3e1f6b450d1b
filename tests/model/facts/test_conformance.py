"""The per-file pass checks Flux objects against the bundled schemas, lazily, as data."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from scaffold.authoring import manifests
from scaffold.model.api_versions import TABLE, outdated
from scaffold.model.facts import codec
from scaffold.model.facts.documents import Document
from scaffold.model.facts.parse import ParseOptions, extract
from scaffold.model.schemas import bundle
from scaffold.sealing.scopes import Scope
from tests.model.schemas import examples

MINORS = bundle.FLUX_MINORS


def documents(text: str, flux_minor: str = bundle.DEFAULT_FLUX_MINOR) -> list[Document]:
    facts = extract("clusters/dev/x.yaml", text.encode(), ParseOptions(flux_version=flux_minor))
    assert facts.findings == ()
    return list(facts.documents)


def served(flux_minor: str) -> list[tuple[str, str, str]]:
    return [(flux_minor, v, k) for v, k in bundle.served_kinds(flux_minor)]


@pytest.mark.parametrize(("flux_minor", "api_version", "kind"), served("2.9") + served("2.8"))
def test_every_served_kind_and_version_validates_a_correct_object(
    flux_minor, api_version, kind
) -> None:
    [doc] = documents(examples.manifest(api_version, kind), flux_minor)
    assert (doc.schema_served, doc.schema_violations) == (True, ())


def authored() -> dict[str, str]:
    release = manifests.ReleaseSpec(
        name="podinfo", namespace="flux-system", chart="podinfo", version="6.5.0",
        repository="podinfo", repository_namespace="flux-system", interval="10m",
    )  # fmt: skip
    full = manifests.ReleaseSpec(
        **{**release.__dict__, "target_namespace": "apps", "create_target_namespace": True,
           "values": {"replicaCount": 2, "ingress": {"enabled": True}},
           "values_from": (manifests.ValuesFrom("podinfo-auth", "password", "auth.password"),)},
    )  # fmt: skip
    built = {
        "repository-https": manifests.helm_repository(
            "podinfo", "flux-system", "https://stefanprodan.github.io/podinfo", "10m", oci=False
        ),
        "repository-oci": manifests.helm_repository(
            "podinfo", "flux-system", "oci://ghcr.io/stefanprodan/charts", "1h", oci=True
        ),
        "release": manifests.helm_release(release),
        "release-full": manifests.helm_release(full),
    }
    for scope in Scope:
        encrypted = {"password": "AgBy8hCi+xyz==", "values.yaml": "AgAAbc=="}
        built[f"sealed-{scope.value}"] = manifests.sealed_secret("s", "apps", scope, encrypted)
    return {name: manifests.dump(document) for name, document in built.items()}


@pytest.mark.parametrize("flux_minor", MINORS)
@pytest.mark.parametrize("name", list(authored()))
def test_what_add_and_seal_write_validates(flux_minor, name) -> None:
    [doc] = documents(authored()[name], flux_minor)
    assert (doc.schema_served, doc.schema_violations) == (True, ())


@pytest.mark.parametrize("flux_minor", MINORS)
def test_the_deprecation_table_agrees_with_the_bundle(flux_minor) -> None:
    """A version the table calls removed has no schema; every other one has."""
    for (group, kind), (current, old) in TABLE.items():
        assert bundle.load_schema(flux_minor, f"{group}/{current}", kind) is not None
        for version in old:
            api_version = f"{group}/{version}"
            found = outdated(api_version, kind, flux_minor)
            assert found is not None
            has_schema = bundle.load_schema(flux_minor, api_version, kind) is not None
            assert has_schema == (not found.removed), (flux_minor, api_version, kind)


def test_violations_are_stored_without_credential_values() -> None:
    secret = "hunter2-zebra"
    text = examples.manifest("bitnami.com/v1alpha1", "SealedSecret").replace(
        "  encryptedData:\n", f"  encryptedData:\n    token: [{secret}]\n", 1
    )
    [doc] = documents(text)
    assert [v.path for v in doc.schema_violations] == ["spec.encryptedData.token"]
    encoded = json.dumps(codec.encode(doc))
    assert secret not in encoded
    assert codec.decode(json.loads(encoded), Document) == doc


def test_required_violations_are_marked() -> None:
    text = examples.manifest("helm.toolkit.fluxcd.io/v2", "HelmRelease").replace(
        "  interval: 5m0s\n", "  interval: 5minutes\n  bogus: 1\n"
    )
    text = text.replace("      chart: podinfo\n", "")
    [doc] = documents(text)
    assert sorted((v.path, v.required) for v in doc.schema_violations) == [
        ("spec.bogus", False), ("spec.chart.spec.chart", True), ("spec.interval", False),
    ]  # fmt: skip


def test_repeated_keys_are_left_to_duplicate_key() -> None:
    text = examples.manifest("helm.toolkit.fluxcd.io/v2", "HelmRelease") + "  interval: 6m\n"
    facts = extract("x.yaml", text.encode())
    assert [f.rule for f in facts.findings] == ["duplicate-key"]
    assert facts.documents[0].schema_violations == ()


def test_compiled_schemas_are_reused_across_documents() -> None:
    bundle.load_file.cache_clear()
    bundle.load_schema.cache_clear()
    bundle.groups.cache_clear()
    release = examples.manifest("helm.toolkit.fluxcd.io/v2", "HelmRelease")
    assert len(documents("---\n".join([release] * 5))) == 5
    assert documents(release) and bundle.load_schema.cache_info().misses == 1
    assert bundle.load_schema.cache_info().hits == 5
    assert bundle.load_file.cache_info().misses == 2  # the Flux file and the SealedSecret one


LAZY = textwrap.dedent(
    """
    import sys, pathlib
    from scaffold.lint.engine import LintOptions, run_lint
    from scaffold.model.schemas import bundle
    root = pathlib.Path(sys.argv[1])
    run_lint(root, LintOptions(jobs=1, cache=False))
    kube = sys.modules.get("scaffold.model.schemas.kubernetes")
    print(bundle.load_file.cache_info().currsize, "scaffold.model.schemas.validate" in sys.modules,
          kube._bundle.cache_info().currsize if kube else 0)
    """
)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # An empty repository loads no schema at all; a ConfigMap only Kubernetes' ones.
        ({}, "0 False 0"),
        ({"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"}, "0 True 1"),
        (
            {"hr.yaml": examples.manifest("helm.toolkit.fluxcd.io/v2", "HelmRelease")},
            "2 True 0",
        ),
    ],
)
def test_schemas_load_only_for_a_flux_object(tmp_path, files, expected) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    run = subprocess.run(
        [sys.executable, "-c", LAZY, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == expected.split()


@pytest.mark.parametrize(
    ("config", "ignore"),
    [("", ["schema-violation"]), ("rules:\n  schema-violation: off\n", [])],
)
def test_no_schema_work_when_the_rule_does_not_run(tmp_path, config, ignore) -> None:
    from scaffold.lint.engine import LintOptions, run_lint

    (tmp_path / "hr.yaml").write_text(examples.manifest("helm.toolkit.fluxcd.io/v2", "HelmRelease"))
    (tmp_path / ".gitops-scaffold.yaml").write_text(config)
    report = run_lint(tmp_path, LintOptions(ignore=ignore, jobs=1, cache=False))
    assert [doc.schema_served for doc in report.facts["hr.yaml"].documents] == [None]
