"""The bundled schemas: every served kind is present, loads lazily and accepts a correct example."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from scaffold.model.schemas import bundle
from tests.model.schemas.examples import KINDS, manifest
from tests.model.schemas.helpers import violations

SERVED = [
    (minor, av, kind) for minor in bundle.FLUX_MINORS for av, kind in bundle.served_kinds(minor)
]


@pytest.mark.parametrize(("flux_minor", "api_version", "kind"), SERVED)
def test_every_served_kind_accepts_a_correct_example(flux_minor, api_version, kind) -> None:
    assert (api_version, kind) in KINDS, "write an example for this kind"
    assert bundle.load_schema(flux_minor, api_version, kind) is not None
    assert violations(manifest(api_version, kind), flux_minor) == []


def test_current_and_previous_flux_have_the_documented_versions() -> None:
    current = set(bundle.served_kinds("2.9"))
    assert ("helm.toolkit.fluxcd.io/v2", "HelmRelease") in current
    assert ("notification.toolkit.fluxcd.io/v1beta3", "Alert") in current
    assert ("notification.toolkit.fluxcd.io/v1", "Receiver") in current
    assert ("bitnami.com/v1alpha1", "SealedSecret") in current
    assert {kind for av, kind in current if av == "source.toolkit.fluxcd.io/v1"} >= {
        "GitRepository",
        "HelmRepository",
        "HelmChart",
        "Bucket",
        "OCIRepository",
    }
    # Flux 2.8 still served the deprecated image and notification v1beta2 APIs.
    previous = set(bundle.served_kinds("2.8"))
    assert ("image.toolkit.fluxcd.io/v1beta2", "ImagePolicy") in previous - current
    assert bundle.deprecation("2.8", "notification.toolkit.fluxcd.io/v1beta2", "Alert")
    assert bundle.deprecation("2.9", "helm.toolkit.fluxcd.io/v2", "HelmRelease") is None


def test_unserved_version_has_no_schema() -> None:
    assert bundle.load_schema("2.9", "source.toolkit.fluxcd.io/v1beta2", "HelmRepository") is None
    assert bundle.load_schema("2.9", "apps/v1", "Deployment") is None


def test_unknown_flux_minor_is_refused() -> None:
    with pytest.raises(bundle.UnknownFluxMinor):
        bundle.load_schema("1.0", "helm.toolkit.fluxcd.io/v2", "HelmRelease")


def test_nothing_is_loaded_at_import() -> None:
    code = (
        "import sys, scaffold.model.schemas.validate, scaffold.model.schemas.bundle as b\n"
        "assert b.load_file.cache_info().currsize == 0\n"
        "b.load_schema('2.9', 'helm.toolkit.fluxcd.io/v2', 'HelmRelease')\n"
        "print(b.load_file.cache_info().currsize)\n"
        "print(sorted(m for m in sys.modules if m.startswith('scaffold')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, modules = done.stdout.splitlines()
    assert loaded == "1"  # only flux-2.9.json, not 2.8 nor sealed-secrets
    # The validator depends on nothing else in the package.
    assert all(
        m == "scaffold" or m.startswith("scaffold.model.schemas") or m == "scaffold.model"
        for m in eval(modules)
    )


@pytest.mark.parametrize("name", ["flux-2.9.json", "flux-2.8.json", "sealed-secrets.json"])
def test_data_files_name_their_source(name) -> None:
    path = bundle.DATA / name
    assert path.stat().st_size < 1_000_000
    document = json.loads(path.read_text())
    assert document["licence"] == "Apache-2.0" and document["copyright"]
    assert document["release"]
    for source in document["sources"]:
        assert len(source["commit"]) == 40 and int(source["commit"], 16) >= 0
        assert source["repo"].count("/") == 1 and source["version"] and source["files"]
    notice = (bundle.DATA / "NOTICE").read_text()
    assert name in notice
    assert all(source["repo"] in notice for source in document["sources"])


def test_flux_files_come_from_the_pinned_releases() -> None:
    current = bundle.provenance("flux-2.9.json")
    assert current["release"].startswith("flux v2.9.")
    versions = {s["repo"]: s["version"] for s in current["sources"]}
    assert versions["fluxcd/helm-controller"] == "v1.6.3"
    assert versions["fluxcd/kustomize-controller"] == "v1.9.4"
    assert bundle.provenance("flux-2.8.json")["release"].startswith("flux v2.8.")
