"""`gitops-scaffold diff` on real git history: what each change does to each cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import git, write_tree

KS = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
KUSTOMIZE = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
SOURCE = "sourceRef: {kind: GitRepository, name: flux-system}"
PLANTED = "pl4nted-s3cret-value-7731"


def _cluster(name: str) -> dict[str, str]:
    return {
        f"clusters/{name}/flux-system/gotk-sync.yaml": (
            "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\n"
            "metadata: {name: flux-system, namespace: flux-system}\n"
            "spec: {interval: 1m, url: ssh://git@github.com/acme/fleet, ref: {branch: main}}\n"
            f"---\n{KS}metadata: {{name: flux-system, namespace: flux-system}}\n"
            f"spec: {{interval: 10m, path: ./clusters/{name}, prune: true, {SOURCE}}}\n"
        ),
        f"clusters/{name}/flux-system/kustomization.yaml": (
            f"{KUSTOMIZE}resources: [gotk-sync.yaml]\n"
        ),
        f"clusters/{name}/vars.yaml": (
            "apiVersion: v1\nkind: ConfigMap\n"
            "metadata: {name: cluster-vars, namespace: flux-system}\n"
            f"data: {{cluster: {name}}}\n"
        ),
        f"clusters/{name}/apps.yaml": (
            f"{KS}metadata: {{name: apps, namespace: flux-system}}\n"
            f"spec:\n  interval: 10m\n  path: ./apps/{name}\n  prune: true\n  {SOURCE}\n"
            "  postBuild:\n    substituteFrom: [{kind: ConfigMap, name: cluster-vars}]\n"
        ),
        f"apps/{name}/kustomization.yaml": f"{KUSTOMIZE}resources: [../base]\n",
    }


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0.0
          env: [{name: CLUSTER, value: "${cluster}"}]
        - name: sidecar
          image: ghcr.io/acme/sidecar:2.0.0
"""
RELEASE = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: podinfo, namespace: web}
spec:
  interval: 1h
  chart:
    spec:
      chart: podinfo
      version: 6.5.0
      sourceRef: {kind: HelmRepository, name: podinfo}
  values: {replicaCount: 1}
"""
SECRET = (
    "apiVersion: v1\nkind: Secret\nmetadata: {name: web-db, namespace: web}\n"
    f"stringData: {{password: {PLANTED}, user: app}}\n"
)
FILES = {
    **_cluster("staging"),
    **_cluster("production"),
    "apps/base/kustomization.yaml": (
        f"{KUSTOMIZE}resources: [deployment.yaml, release.yaml, secret.yaml, pvc.yaml]\n"
    ),
    "apps/base/deployment.yaml": DEPLOYMENT,
    "apps/base/release.yaml": RELEASE,
    "apps/base/secret.yaml": SECRET,
    "apps/base/pvc.yaml": (
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: web}\n"
        "spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n"
    ),
}


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    root = write_tree(tmp_path / "fleet", FILES)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "fleet")
    git(root, "checkout", "--quiet", "-b", "change")
    return root


def _commit(root: Path, files: dict[str, str | None], message: str = "change") -> None:
    for path, text in files.items():
        if text is None:
            (root / path).unlink()
        else:
            write_tree(root, {path: text})
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", message)


def _json(cli, root: Path, *args: str) -> dict:
    result = cli("diff", *args, "-o", "json", cwd=root)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _changed_clusters(document: dict) -> set[str]:
    return {c["cluster"] for c in document["clusters"] if c["objects"]}


def test_nothing_changed_is_an_empty_diff_and_exit_0(cli, fleet) -> None:
    result = cli("diff", "--exit-code", cwd=fleet)
    assert result.exit_code == 0, result.stderr
    assert _changed_clusters(_json(cli, fleet)) == set()


def test_a_chart_bump_is_one_line(cli, fleet) -> None:
    _commit(fleet, {"apps/base/release.yaml": RELEASE.replace("6.5.0", "6.6.0")})
    result = cli("diff", cwd=fleet)
    assert result.exit_code == 0, result.stderr
    assert "6.5.0 → 6.6.0" in result.stdout
    assert cli("diff", "--exit-code", cwd=fleet).exit_code == 1


def test_a_change_to_a_shared_base_changes_both_clusters(cli, fleet) -> None:
    _commit(fleet, {"apps/base/deployment.yaml": DEPLOYMENT.replace("web:1.0.0", "web:1.1.0")})
    document = _json(cli, fleet)
    assert _changed_clusters(document) == {"clusters/staging", "clusters/production"}
    text = cli("diff", cwd=fleet).stdout
    assert "ghcr.io/acme/web:1.0.0" in text and "ghcr.io/acme/web:1.1.0" in text


def test_a_change_to_one_cluster_renders_only_what_it_feeds(cli, fleet) -> None:
    _commit(fleet, {"clusters/staging/vars.yaml": FILES["clusters/staging/vars.yaml"].replace(
        "cluster: staging", "cluster: stage")})  # fmt: skip
    result = cli("diff", cwd=fleet)
    # staging's root (it holds the ConfigMap) and its apps (postBuild reads it); nothing else
    assert "2 Kustomization(s) rendered for the head, 2 unchanged" in result.stderr
    document = _json(cli, fleet)
    assert _changed_clusters(document) == {"clusters/staging"}


def test_adding_and_removing_an_app(cli, fleet) -> None:
    _commit(fleet, {
        "apps/base/kustomization.yaml": f"{KUSTOMIZE}resources: [deployment.yaml, secret.yaml,"
        " pvc.yaml, extra.yaml]\n",
        "apps/base/extra.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra,"
        " namespace: web}\ndata: {a: b}\n",
        "apps/base/release.yaml": None,
    })  # fmt: skip
    document = _json(cli, fleet)
    staging = next(c for c in document["clusters"] if c["cluster"] == "clusters/staging")
    changes = {(o["kind"], o["name"]): o["change"] for o in staging["objects"]}
    assert changes[("ConfigMap", "extra")] == "added"
    assert changes[("HelmRelease", "podinfo")] == "removed"


def test_moving_a_file_is_moved_not_removed_and_added(cli, fleet) -> None:
    git(fleet, "mv", "apps/base/secret.yaml", "apps/base/db-secret.yaml")
    _commit(fleet, {"apps/base/kustomization.yaml": FILES["apps/base/kustomization.yaml"].replace(
        "secret.yaml", "db-secret.yaml")})  # fmt: skip
    document = _json(cli, fleet)
    changes = [o["change"] for c in document["clusters"] for o in c["objects"]]
    assert changes and set(changes) == {"moved"}


def test_reordering_containers_is_an_order_change_only(cli, fleet) -> None:
    web, sidecar = DEPLOYMENT.split("        - name: sidecar\n")
    head, containers = web.split("      containers:\n")
    reordered = f"{head}      containers:\n        - name: sidecar\n{sidecar}{containers}"
    _commit(fleet, {"apps/base/deployment.yaml": reordered})
    text = cli("diff", cwd=fleet).stdout
    assert "order" in text
    assert "ghcr.io/acme/web:1.0.0 →" not in text


def test_a_secret_change_shows_keys_never_values(cli, fleet) -> None:
    _commit(fleet, {"apps/base/secret.yaml": SECRET.replace(PLANTED, PLANTED + "-rotated")})
    for fmt in ("text", "markdown", "json", "github"):
        result = cli("diff", "-o", fmt, cwd=fleet)
        assert result.exit_code == 0, result.stderr
        assert PLANTED not in result.stdout + result.stderr
    assert "password" in cli("diff", cwd=fleet).stdout


def test_a_not_rendered_side_is_named_not_guessed(cli, fleet) -> None:
    (fleet / "apps/base/pvc.yaml").unlink()  # still listed: kustomize fails on the head
    result = cli("diff", "--sync-path", "clusters/production", cwd=fleet)
    assert "not rendered on the head" in result.stdout and "pvc.yaml" in result.stdout
    assert "removed" not in result.stdout  # its objects are compared on neither side


def test_a_uncommitted_change_is_in_the_default_head(cli, fleet) -> None:
    (fleet / "apps/base/pvc.yaml").unlink()
    kustomization = fleet / "apps/base/kustomization.yaml"
    kustomization.write_text(kustomization.read_text().replace(", pvc.yaml", ""))
    text = cli("diff", "--sync-path", "clusters/production", cwd=fleet).stdout
    assert "PersistentVolumeClaim" in text
    document = _json(cli, fleet, "--sync-path", "clusters/production")
    assert document["dangers"]  # a PVC pruned: its data goes with it
    assert _changed_clusters(document) == {"clusters/production"}


def test_two_revisions_and_a_name_prefix(cli, fleet) -> None:
    _commit(fleet, {"apps/staging/kustomization.yaml": f"{KUSTOMIZE}resources: [../base]\n"
                    "namePrefix: stg-\n"})  # fmt: skip
    document = _json(cli, fleet, "main", "change")
    staging = next(c for c in document["clusters"] if c["cluster"] == "clusters/staging")
    names = {(o["name"], o["change"]) for o in staging["objects"]}
    assert ("stg-web", "added") in names and ("web", "removed") in names


def test_bad_revisions_are_one_line(cli, fleet) -> None:
    result = cli("diff", "no-such-branch", cwd=fleet)
    assert result.exit_code == 2
    assert "unknown revision 'no-such-branch'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_cluster_on_one_side_only_is_all_added(cli, fleet) -> None:
    extra = {p.replace("staging", "qa"): t.replace("staging", "qa")
             for p, t in _cluster("staging").items()}  # fmt: skip
    _commit(fleet, extra)
    document = _json(cli, fleet)
    qa = next(c for c in document["clusters"] if c["cluster"] == "clusters/qa")
    assert qa["objects"] and {o["change"] for o in qa["objects"]} == {"added"}


def test_a_values_from_configmap_change_is_a_values_change(cli, fleet) -> None:
    release = RELEASE.replace(
        "  values: {replicaCount: 1}\n",
        "  valuesFrom: [{kind: ConfigMap, name: podinfo-values},"
        " {kind: Secret, name: podinfo-secret}]\n  values: {replicaCount: 1}\n",
    )
    values = (
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: podinfo-values, namespace: web}\n"
        "data:\n  values.yaml: 'ui: {color: blue}'\n"
        "---\napiVersion: v1\nkind: Secret\nmetadata: {name: podinfo-secret, namespace: web}\n"
        f"stringData:\n  values.yaml: 'db: {{dsn: {PLANTED}}}'\n"
    )
    _commit(fleet, {"apps/base/release.yaml": release + values})
    git(fleet, "branch", "-f", "main", "HEAD")
    _commit(fleet, {"apps/base/release.yaml": release + values.replace("blue", "green")
                    .replace(PLANTED, PLANTED + "-2")})  # fmt: skip
    result = cli("diff", "--sync-path", "clusters/staging", cwd=fleet)
    assert "spec.values.ui.color: blue → green" in result.stdout
    assert "spec.values.db.dsn" in result.stdout  # changed, never shown
    for fmt in ("text", "markdown", "json", "github"):
        assert PLANTED not in cli("diff", "-o", fmt, cwd=fleet).stdout
