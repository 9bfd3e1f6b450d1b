"""`add release --oci-url`: an OCIRepository and a HelmRelease with `chartRef`, as
source-controller's documentation recommends for charts in an OCI registry."""

from __future__ import annotations

import json

import pytest
import yaml

URL = "oci://ghcr.io/stefanprodan/charts/podinfo"
RELEASE = "clusters/dev/helm/releases/podinfo-v6.7.1.yaml"


def _add(cli, fleet, *args: str):
    return cli("add", "release", "podinfo", "--version", "6.7.1", *args, cwd=fleet)


def test_writes_an_oci_repository_and_a_chart_ref_release(cli, fleet) -> None:
    result = _add(cli, fleet, "--chart", "podinfo", "--oci-url", URL, "-n", "apps")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == RELEASE
    source, release = yaml.safe_load_all((fleet / RELEASE).read_text())
    assert source == {
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "OCIRepository",
        "metadata": {"name": "podinfo", "namespace": "apps"},
        "spec": {
            "interval": "10m",
            "layerSelector": {
                "mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
                "operation": "copy",
            },
            "ref": {"tag": "6.7.1"},
            "url": URL,
        },
    }
    assert release["kind"] == "HelmRelease"
    assert release["spec"]["chartRef"] == {
        "kind": "OCIRepository", "name": "podinfo", "namespace": "apps"
    }  # fmt: skip
    assert "chart" not in release["spec"]


def test_what_it_writes_lints_clean(cli, fleet) -> None:
    assert _add(cli, fleet, "--oci-url", URL, "--target-namespace", "podinfo").exit_code == 0
    result = cli("lint", "-o", "json", cwd=fleet)
    assert json.loads(result.stdout)["findings"] == [], result.stdout
    listed = json.loads(cli("list", "-o", "json", cwd=fleet).stdout)["clusters"][0]
    assert [s["kind"] for s in listed["sources"]] == ["OCIRepository"]


def test_the_chart_name_comes_from_the_url(cli, fleet) -> None:
    result = _add(cli, fleet, "--oci-url", URL, "-o", "json")
    assert result.exit_code == 0, result.stderr
    details = json.loads(result.stdout)["details"]
    assert details == {"chart": "podinfo", "version": "6.7.1", "source": "OCIRepository"}


def test_a_version_range_follows_semver_in_an_unpinned_file(cli, fleet) -> None:
    result = cli("add", "release", "podinfo", "--version", ">=6.0.0 <7", "--allow-range",
                 "--oci-url", URL, cwd=fleet)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    source, _ = yaml.safe_load_all((fleet / "clusters/dev/helm/releases/podinfo.yaml").read_text())
    assert source["spec"]["ref"] == {"semver": ">=6.0.0 <7"}


def test_build_metadata_becomes_the_tag_helm_pushes(cli, fleet) -> None:
    result = cli("add", "release", "podinfo", "--version", "6.7.1+build.1", "--oci-url", URL,
                 cwd=fleet)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    [path] = (fleet / "clusters/dev/helm/releases").glob("podinfo-v*.yaml")
    source, _ = yaml.safe_load_all(path.read_text())
    assert source["spec"]["ref"] == {"tag": "6.7.1_build.1"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--oci-url", URL, "--repository", "podinfo"], "--oci-url and --repository"),
        (["--oci-url", "https://ghcr.io/charts/podinfo"], "--oci-url needs an oci:// URL"),
        (["--oci-url", "oci://ghcr.io"], "names no chart"),
        (["--oci-url", URL, "--chart", "other"], "the URL names chart `podinfo`, not `other`"),
        (["--chart", "podinfo"], "--repository or --oci-url"),
    ],
)
def test_bad_oci_requests_are_refused_before_writing(cli, fleet, args, message) -> None:
    result = _add(cli, fleet, *args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert not list((fleet / "clusters/dev/helm/releases").glob("podinfo*"))
