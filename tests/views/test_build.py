"""`gitops-scaffold build`: each cluster's objects as Flux applies them, offline."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import git, write_tree

REALWORLD = Path(__file__).resolve().parents[1] / "realworld"
KS = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
SOURCE = "sourceRef: {kind: GitRepository, name: flux-system}"
GOTK_SYNC = f"""\
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {{name: flux-system, namespace: flux-system}}
spec: {{interval: 1m, url: ssh://git@github.com/acme/fleet, ref: {{branch: main}}}}
---
{KS}metadata: {{name: flux-system, namespace: flux-system}}
spec: {{interval: 10m, path: ./clusters/dev, prune: true, {SOURCE}}}
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: ${replicas:=1}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0.0
          env:
            - {name: GREETING, value: "hello ${cluster_name}"}
            - {name: LITERAL, value: "$${not_a_var}"}
            - {name: DB_URL, value: "postgres://app:${db_password}@db/app"}
"""
PLANTED = "s3cr3t-planted-value"
FILES = {
    "clusters/dev/flux-system/gotk-sync.yaml": GOTK_SYNC,
    "clusters/dev/flux-system/kustomization.yaml": (
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        "resources: [gotk-sync.yaml]\n"
    ),
    "clusters/dev/vars.yaml": (
        "apiVersion: v1\nkind: ConfigMap\n"
        "metadata: {name: cluster-vars, namespace: flux-system}\n"
        "data: {cluster_name: dev, replicas: '3'}\n"
        "---\napiVersion: v1\nkind: Secret\n"
        "metadata: {name: cluster-secrets, namespace: flux-system}\n"
        f"stringData: {{db_password: {PLANTED}}}\n"
    ),
    "clusters/dev/apps.yaml": (
        f"{KS}metadata: {{name: apps, namespace: flux-system}}\n"
        "spec:\n  interval: 10m\n  path: ./apps/dev\n  prune: true\n"
        f"  {SOURCE}\n  targetNamespace: web\n  namePrefix: dev-\n"
        "  dependsOn: [{name: infra}]\n"
        "  patches:\n    - target: {kind: Deployment}\n"
        "      patch: |\n        - op: add\n          path: /metadata/labels/patched\n"
        "          value: 'yes'\n"
        "  postBuild:\n    substituteFrom:\n"
        "      - {kind: ConfigMap, name: cluster-vars}\n"
        "      - {kind: Secret, name: cluster-secrets}\n"
    ),
    "clusters/dev/infra.yaml": (
        f"{KS}metadata: {{name: infra, namespace: flux-system}}\n"
        f"spec: {{interval: 10m, path: ./infra, prune: false, {SOURCE}}}\n"
    ),
    "infra/namespace.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n",
    "apps/dev/kustomization.yaml": (
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        "resources: [../base]\nimages: [{name: ghcr.io/acme/web, newTag: 1.2.0}]\n"
    ),
    "apps/base/kustomization.yaml": (
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        "resources: [deployment.yaml, secret.yaml]\n"
    ),
    "apps/base/deployment.yaml": DEPLOYMENT,
    "apps/base/secret.yaml": (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: web-token}\n"
        f"data: {{token: {base64.b64encode(PLANTED.encode()).decode()}}}\n"
    ),
}


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    root = write_tree(tmp_path / "fleet", FILES)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "fleet")
    return root


def _objects(stdout: str) -> list[dict]:
    return [d for d in yaml.safe_load_all(stdout) if d]


def _find(objects: list[dict], kind: str, name: str) -> dict:
    return next(o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name)


def test_build_applies_flux_layer_and_post_build(cli, fleet) -> None:
    result = cli("build", cwd=fleet)
    assert result.exit_code == 0, result.stderr
    objects = _objects(result.stdout)
    deployment = _find(objects, "Deployment", "dev-web")  # namePrefix from the Kustomization
    assert deployment["metadata"]["namespace"] == "web"  # targetNamespace
    assert deployment["metadata"]["labels"]["patched"] == "yes"  # spec.patches
    assert deployment["spec"]["replicas"] == 3  # substituteFrom ConfigMap, as a number
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "ghcr.io/acme/web:1.2.0"  # the overlay's images
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env["GREETING"] == "hello dev"
    assert env["LITERAL"] == "${not_a_var}"  # $$ escapes
    assert PLANTED not in result.stdout  # a Secret's value, substituted into a Deployment
    assert env["DB_URL"] != "postgres://app:${db_password}@db/app"
    # every object is headed by where it comes from
    assert "# kustomization: flux-system/apps\n# file: apps/base/deployment.yaml\n" in result.stdout
    assert "objects from 3 Kustomizations" in result.stderr


def test_kustomizations_are_printed_in_dependency_order(cli, fleet) -> None:
    result = cli("build", "-o", "json", cwd=fleet)
    document = json.loads(result.stdout)
    assert document["version"] == 1 and document["not_rendered"] == 0
    names = [k["name"] for k in document["clusters"][0]["kustomizations"]]
    assert names.index("infra") < names.index("apps")
    apps = next(k for k in document["clusters"][0]["kustomizations"] if k["name"] == "apps")
    assert apps["path"] == "apps/dev"


def test_secret_values_are_masked_unless_asked(cli, fleet) -> None:
    masked = cli("build", "apps", cwd=fleet)
    token = _find(_objects(masked.stdout), "Secret", "dev-web-token")
    assert token["data"]["token"].startswith("MASKED")
    assert PLANTED not in masked.stdout
    for fmt in ("yaml", "json"):
        assert PLANTED not in cli("build", "-o", fmt, cwd=fleet).stdout
    shown = cli("build", "apps", "--show-secrets", cwd=fleet)
    secret = _find(_objects(shown.stdout), "Secret", "dev-web-token")
    assert base64.b64decode(secret["data"]["token"]).decode() == PLANTED


def test_one_kustomization_by_name(cli, fleet) -> None:
    result = cli("build", "flux-system/infra", cwd=fleet)
    assert [o["kind"] for o in _objects(result.stdout)] == ["Namespace"]
    missing = cli("build", "nope", cwd=fleet)
    assert missing.exit_code == 2
    assert "no Flux Kustomization 'nope'" in missing.stderr and "flux-system/apps" in missing.stderr


def test_what_cannot_be_rendered_is_said_and_exits_1(cli, fleet) -> None:
    write_tree(fleet, {
        "infra/kustomization.yaml": (
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            "resources: [namespace.yaml]\n"
            "helmCharts: [{name: podinfo, repo: https://stefanprodan.github.io/podinfo}]\n"
        ),
    })  # fmt: skip
    result = cli("build", cwd=fleet)
    assert result.exit_code == 1
    assert "Kustomization flux-system/infra: not rendered: " in result.stderr
    assert "helmCharts" in result.stderr
    # the other Kustomizations are still shown, the failed one's objects are not guessed
    kinds = {o["kind"] for o in _objects(result.stdout)}
    assert "Deployment" in kinds and "Namespace" not in kinds


def test_a_source_in_another_repository_is_not_rendered(cli, fleet) -> None:
    write_tree(fleet, {
        "clusters/dev/other.yaml": (
            f"{KS}metadata: {{name: other, namespace: flux-system}}\n"
            "spec: {interval: 1m, path: ./deploy, prune: true,"
            " sourceRef: {kind: GitRepository, name: elsewhere}}\n"
        ),
    })  # fmt: skip
    result = cli("build", cwd=fleet)
    assert result.exit_code == 1
    assert "its source GitRepository flux-system/elsewhere is not this repository" in result.stderr


def test_a_patch_kustomize_rejects_is_a_problem_not_an_object(cli, fleet) -> None:
    write_tree(fleet, {"apps/base/kustomization.yaml": (
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        "resources: [deployment.yaml, missing.yaml]\n"
    )})  # fmt: skip
    result = cli("build", "apps", cwd=fleet)
    assert result.exit_code == 1
    assert "rejected: " in result.stderr and "missing.yaml" in result.stderr
    assert result.stderr.count("\n") < 10 and "Traceback" not in result.stderr


def test_a_revision_can_be_built_from_git_not_the_work_tree(fleet) -> None:
    from scaffold.model.load import ModelOptions, load_model
    from scaffold.model.source import GitRevision

    (fleet / "apps/base/deployment.yaml").write_text(DEPLOYMENT.replace("1.0.0", "9.9.9"))
    model = load_model(GitRevision(fleet, "HEAD"), ModelOptions(cache=False))
    rendering = model.rendering()
    images = [
        o.obj["spec"]["template"]["spec"]["containers"][0]["image"]
        for _, o in rendering.clusters[0].objects()
        if o.obj["kind"] == "Deployment"
    ]
    assert images == ["ghcr.io/acme/web:1.2.0"]


def test_official_example_renders_through_its_artifact_generator(cli, tmp_path) -> None:
    root = tmp_path / "example"
    shutil.copytree(REALWORLD / "flux2-kustomize-helm-example", root)
    git(root, "init", "--quiet")
    result = cli("build", "--sync-path", "clusters/staging", "-o", "json", cwd=root)
    assert result.exit_code == 0, result.stderr
    kustomizations = json.loads(result.stdout)["clusters"][0]["kustomizations"]
    assert [k["name"] for k in kustomizations] == [
        "flux-system", "infra-controllers", "infra-configs", "apps",
    ]  # fmt: skip
    apps = kustomizations[-1]
    files = {o["file"] for o in apps["objects"]}
    assert files and all(f.startswith("apps/") for f in files)  # mapped back to the repository
    kinds = {o["object"]["kind"] for o in apps["objects"]}
    assert "HelmRelease" in kinds


def test_build_path_is_one_directory_as_kustomize_builds_it(cli, fleet) -> None:
    result = cli("build", "--path", "apps/dev", cwd=fleet)
    assert result.exit_code == 0, result.stderr
    deployment = _find(_objects(result.stdout), "Deployment", "web")
    assert deployment["spec"]["replicas"] == "${replicas:=1}"  # no postBuild
    outside = cli("build", "--path", "/", cwd=fleet)
    assert outside.exit_code == 2 and "not inside the repository" in outside.stderr


def test_control_characters_in_names_never_reach_the_terminal(cli, fleet) -> None:
    write_tree(fleet, {"infra/odd.yaml": (
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "x\\e[31mred\\r"}\n'
    )})  # fmt: skip
    result = cli("build", "infra", cwd=fleet)
    assert "\x1b" not in result.stdout and "\r" not in result.stdout


def test_json_shows_a_helm_releases_values_merged_as_flux_merges_them(cli, fleet) -> None:
    write_tree(fleet, {"infra/release.yaml": (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
        "metadata: {name: web, namespace: web}\n"
        "spec:\n  interval: 1h\n"
        "  chart: {spec: {chart: web, version: 1.0.0,\n"
        "    sourceRef: {kind: HelmRepository, name: r}}}\n"
        "  valuesFrom:\n    - {kind: ConfigMap, name: web-values}\n"
        "    - {kind: Secret, name: web-secret-values}\n"
        "    - {kind: ConfigMap, name: elsewhere, optional: true}\n"
        "  values: {replicas: 2, ingress: {host: web.example.com}}\n"
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-values, namespace: web}\n"
        "data:\n  values.yaml: |\n    replicas: 1\n    image: {tag: '1.4'}\n"
        "    ingress: {class: nginx}\n"
        "---\napiVersion: v1\nkind: Secret\nmetadata: {name: web-secret-values, namespace: web}\n"
        f"stringData:\n  values.yaml: |\n    db: {{url: {PLANTED}}}\n"
    )})  # fmt: skip
    result = cli("build", "infra", "-o", "json", cwd=fleet)
    objects = json.loads(result.stdout)["clusters"][0]["kustomizations"][0]["objects"]
    release = next(o for o in objects if o["object"]["kind"] == "HelmRelease")
    helm = release["helm"]
    assert helm["values"]["replicas"] == 2  # spec.values last
    assert helm["values"]["image"] == {"tag": "1.4"}  # from the ConfigMap
    assert helm["values"]["ingress"] == {"class": "nginx", "host": "web.example.com"}
    assert helm["values"]["db"]["url"].startswith("MASKED")  # from the Secret
    assert helm["complete"] is False and helm["unavailable"] == ["ConfigMap/elsewhere"]
    assert PLANTED not in result.stdout
    shown = cli("build", "infra", "-o", "json", "--show-secrets", cwd=fleet)
    assert PLANTED in shown.stdout


def _everything(rendering) -> list:
    return [
        (
            c.sync_path,
            k.key,
            k.not_rendered,
            [str(p) for p in k.problems],
            [o.obj for o in k.objects],
        )
        for c in rendering.clusters
        for k in c.kustomizations
    ]


@pytest.mark.parametrize(
    ("path", "change", "built"),
    [
        ("apps/base/deployment.yaml", ("1.0.0", "1.1.0"), {"flux-system/apps"}),
        ("infra/namespace.yaml", ("name: web", "name: web2"), {"flux-system/infra"}),
        # a substituteFrom source: the Kustomization that holds it and every user
        (
            "clusters/dev/vars.yaml",
            ("replicas: '3'", "replicas: '4'"),
            {"flux-system/flux-system", "flux-system/apps"},
        ),
        (
            "clusters/dev/apps.yaml",
            ("namePrefix: dev-", "namePrefix: qa-"),
            {"flux-system/flux-system", "flux-system/apps"},
        ),
        ("apps/dev/kustomization.yaml", ("newTag: 1.2.0", "newTag: 1.3.0"), {"flux-system/apps"}),
    ],
)
def test_another_states_rendering_is_reused_only_where_nothing_it_read_changed(
    fleet, path, change, built
) -> None:
    from scaffold.model.load import ModelOptions, load_model
    from scaffold.model.source import GitRevision, WorkTree

    options = ModelOptions(cache=False)
    base = load_model(GitRevision(fleet, "HEAD"), options).rendering()
    (fleet / path).write_text((fleet / path).read_text().replace(*change))
    head = load_model(WorkTree(fleet), options)
    incremental = head.rendering(previous=base)
    assert _everything(incremental) == _everything(head.rendering())
    assert {k.key for k in incremental.built()} == built
    unchanged = load_model(GitRevision(fleet, "HEAD"), options).rendering(previous=base)
    assert unchanged.built() == []


def test_a_second_build_reuses_the_cache_and_prints_the_same(cli, fleet) -> None:
    import os

    from scaffold.model import render_cache

    first = cli("build", "-o", "json", cwd=fleet)
    [cached] = render_cache.load(fleet, "clusters/dev")
    assert cached is not None
    # the root holds a Secret, apps a value substituted from one: neither is written there
    assert {k.key for k in cached.kustomizations} == {"flux-system/infra"}
    again = cli("build", "-o", "json", cwd=fleet)
    assert again.stdout.replace("MASKED", "") != "" and _masks_dropped(again.stdout) == (
        _masks_dropped(first.stdout)
    )
    (fleet / "infra/namespace.yaml").write_text("apiVersion: v1\nkind: Namespace\n"
                                                "metadata: {name: web, labels: {a: b}}\n")
    changed = json.loads(cli("build", "infra", "-o", "json", cwd=fleet).stdout)
    [namespace] = changed["clusters"][0]["kustomizations"][0]["objects"]
    assert namespace["object"]["metadata"]["labels"] == {"a": "b"}
    cache_files = list(Path(os.environ["XDG_CACHE_HOME"]).rglob("*"))
    assert not any(PLANTED.encode() in p.read_bytes() for p in cache_files if p.is_file())


def _masks_dropped(text: str) -> str:
    import re

    return re.sub(r"MASKED[0-9a-f]{10}", "MASKED", text)


def test_a_tampered_render_cache_is_ignored(cli, fleet) -> None:
    from scaffold.model import render_cache

    cli("build", cwd=fleet)
    path = render_cache.cache_path(fleet, "clusters/dev")
    signed = path.read_bytes()
    mac, _, payload = signed.partition(b"\n")
    path.write_bytes(mac + b"\n" + payload.replace(b'"infra"', b'"evil"'))
    assert render_cache.load(fleet, "clusters/dev") == []
    path.write_bytes(signed)  # the signed file as written, the objects beside it changed
    assert render_cache.load(fleet, "clusters/dev") != []
    bulk = path.with_suffix(".objects.json")
    bulk.write_bytes(bulk.read_bytes().replace(b'"name":"web"', b'"name":"evil"'))
    assert render_cache.load(fleet, "clusters/dev") == []
    result = cli("build", "infra", cwd=fleet)
    assert _find(_objects(result.stdout), "Namespace", "web")
