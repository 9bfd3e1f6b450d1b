"""`gitops-scaffold list`: clusters and, per cluster, what is declared and what uses what."""

from __future__ import annotations

import json

from tests.authoring.test_remove import FILES, RELEASE
from tests.conftest import write_tree

PLANTED = "Pl4nted-XyZZy-9731"
PROD = "clusters/prod/helm"
PROD_FILES = {
    f"{PROD}/releases/podinfo-v6.5.0.yaml": (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
        "metadata: {name: podinfo, namespace: apps}\n"
        "spec:\n  chartRef: {kind: OCIRepository, name: podinfo}\n"
        "  valuesFrom:\n  - {kind: Secret, name: podinfo-auth}\n"
        f"  values: {{password: {PLANTED}}}\n"
    ),
}


def test_list_shows_every_cluster_and_what_refers_to_what(cli, two_clusters) -> None:
    write_tree(two_clusters, {**FILES, **PROD_FILES})
    result = cli("list", cwd=two_clusters)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "clusters/dev",
        "  HelmRepository flux-system/grafana https://grafana.github.io/helm-charts "
        "(used by grafana)",
        "  HelmRelease flux-system/grafana: grafana 8.5.0",
        "    chart from HelmRepository flux-system/grafana",
        "    values from Secret flux-system/grafana-admin",
        "  SealedSecret flux-system/grafana-admin [password] (used by grafana)",
        "",
        "clusters/prod",
        "  HelmRelease apps/podinfo: (chartRef)",
        "    chart from OCIRepository apps/podinfo (not declared)",
        "    values from Secret apps/podinfo-auth (not declared)",
    ]
    assert PLANTED not in result.stdout


def test_list_json_for_one_cluster(cli, two_clusters) -> None:
    write_tree(two_clusters, {**FILES, **PROD_FILES})
    result = cli("list", "--sync-path", "clusters/dev", "--format", "json", cwd=two_clusters)
    assert result.exit_code == 0, result.stderr
    (cluster,) = json.loads(result.stdout)["clusters"]
    assert cluster["sync_path"] == "clusters/dev"
    (release,) = cluster["releases"]
    assert release["chart"] == "grafana"
    assert release["version"] == "8.5.0"
    assert release["file"] == RELEASE
    assert release["source"] == {
        "kind": "HelmRepository", "name": "grafana", "namespace": "flux-system", "declared": True
    }  # fmt: skip
    assert release["values_from"][0]["declared"] is True
    (secret,) = cluster["sealed_secrets"]
    assert secret["keys"] == ["password"]
    assert secret["used_by"] == ["HelmRelease/flux-system/grafana"]
    assert "AgBy" not in result.stdout  # ciphertext is no business of a listing either


def test_list_of_an_empty_cluster_and_of_an_unknown_one(cli, fleet) -> None:
    result = cli("list", cwd=fleet)
    assert result.stdout.splitlines() == ["clusters/dev", "  (nothing declared)"]
    unknown = cli("list", "--sync-path", "clusters/nope", cwd=fleet)
    assert unknown.exit_code == 2
    assert "no cluster at 'clusters/nope'" in unknown.stderr
