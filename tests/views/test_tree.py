"""`gitops-scaffold tree`: the deployment graph of a sync path, as text, Mermaid and JSON."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.authoring.test_remove import FILES
from tests.conftest import git, write_tree

REALWORLD = Path(__file__).resolve().parents[1] / "realworld"
KS = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
HR = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
DANGLING = {
    **FILES,
    "clusters/dev/apps.yaml": (
        f"{KS}metadata: {{name: apps, namespace: flux-system}}\n"
        "spec:\n  path: ./apps/dev\n  dependsOn: [{name: infra}]\n"
        "  sourceRef: {kind: GitRepository, name: flux-system}\n"
    ),
    "clusters/dev/helm/releases/loki-v6.0.0.yaml": (
        f"{HR}metadata: {{name: loki, namespace: flux-system}}\n"
        "spec:\n  chart: {spec: {chart: loki, version: '>=6.0.0 <7',\n"
        "    sourceRef: {kind: HelmRepository, name: nope}}}\n"
        "  valuesFrom: [{kind: Secret, name: loki-s3}, {kind: Secret, name: opt, optional: true}]\n"
    ),
    "apps/dev/podinfo/helmrelease.yaml": (
        f"{HR}metadata: {{name: podinfo, namespace: apps}}\n"
        "spec:\n  chartRef: {kind: OCIRepository, name: podinfo}\n"
        "  dependsOn: [{name: grafana, namespace: flux-system}]\n"
    ),
    "apps/dev/podinfo/ocirepository.yaml": (
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\n"
        "metadata: {name: podinfo, namespace: apps}\n"
        "spec: {url: oci://ghcr.io/stefanprodan/charts/podinfo}\n"
    ),
}


@pytest.fixture
def dangling(fleet):
    return write_tree(fleet, DANGLING)


def test_text_tree_marks_dangling_references(cli, dangling) -> None:
    result = cli("tree", cwd=dangling)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Kustomization flux-system/flux-system → clusters/dev",
        # A Kustomization applying one release is drawn as one entry with it
        "├── Kustomization flux-system/apps → HelmRelease apps/podinfo",
        "│   ├── chart OCIRepository podinfo",
        "│   ├── after HelmRelease flux-system/grafana",
        "│   └── ✗ after Kustomization infra: declared nowhere",
        "├── HelmRelease flux-system/grafana: grafana 8.5.0",
        "│   ├── chart HelmRepository grafana",
        "│   └── values SealedSecret grafana-admin",
        "└── HelmRelease flux-system/loki: loki >=6.0.0 <7 (values Secret opt (optional))",
        "    ├── ✗ chart HelmRepository nope: declared nowhere",
        "    └── ✗ values Secret loki-s3: declared nowhere",
        "✗ 3 reference(s) to objects declared nowhere",
    ]
    assert "3 reference(s) to objects declared nowhere (marked ✗)" in result.stderr


def check_mermaid(text: str) -> None:
    """What GitHub's renderer needs: one flowchart, balanced subgraphs, generated ids,
    quoted labels with nothing inside that ends them, edges between known ids."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    depth, ids = 0, set()
    node = re.compile(r'(?P<id>[ng]\d+)\["(?P<label>[^"]*)"\](:::\w+)?')
    for line in lines[1:]:
        stripped = line.strip()
        if stripped.startswith("classDef "):
            continue
        if stripped.startswith("subgraph "):
            assert node.fullmatch(stripped.removeprefix("subgraph ")), line
            ids.add(stripped.split("[")[0].split()[1])
            depth += 1
        elif stripped == "end":
            depth -= 1
            assert depth >= 0
        elif match := node.fullmatch(stripped):
            assert not set(match["label"].replace("<br/>", "")) & set('<>"`'), line
            ids.add(match["id"])
        else:
            edge = re.fullmatch(r"(\w+) (-->|-\.->)\|[a-z]+\| (\w+)", stripped)
            assert edge, line
            assert edge[1] in ids and edge[3] in ids, line
    assert depth == 0


def test_mermaid_escapes_labels_and_draws_dangling_nodes(cli, dangling) -> None:
    result = cli("tree", "--format", "mermaid", cwd=dangling)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    check_mermaid(text)
    labels = [label.replace("<br/>", "") for label in re.findall(r'\["([^"]*)"\]', text)]
    assert all("<" not in label and ">" not in label for label in labels)
    assert "loki #gt;=6.0.0 #lt;7" in text
    assert text.count(":::missing") == 3
    assert '["Secret flux-system/opt<br/>optional, declared nowhere"]:::outside' in text
    assert '["✗ HelmRepository flux-system/nope<br/>declared nowhere"]:::missing' in text


def test_mermaid_escapes_what_would_end_a_label(cli, fleet) -> None:
    odd = 'apps/"odd" #1 <x> `y`'
    write_tree(fleet, {"clusters/dev/odd.yaml": (
        f"{KS}metadata: {{name: odd, namespace: flux-system}}\nspec:\n  path: './{odd}'\n"
    )})  # fmt: skip
    text = cli("tree", "--format", "mermaid", cwd=fleet).stdout
    check_mermaid(text)
    assert "apps/#quot;odd#quot; #35;1 #lt;x#gt; #96;y#96;" in text


def test_json_lists_nodes_edges_and_dangling(cli, dangling) -> None:
    result = cli("tree", "--format", "json", cwd=dangling)
    document = json.loads(result.stdout)
    assert document["version"] == 1
    (data,) = document["clusters"]
    assert data["sync_path"] == "clusters/dev"
    kinds = {(n["kind"], n["name"], n["state"]) for n in data["nodes"]}
    assert ("Secret", "loki-s3", "missing") in kinds
    assert ("SealedSecret", "grafana-admin", "declared") in kinds
    assert {(d["to"], d["kind"]) for d in data["dangling"]} == {
        ("Kustomization/flux-system/infra", "depends-on"),
        ("HelmRepository/flux-system/nope", "chart"),
        ("Secret/flux-system/loki-s3", "values"),
    }


def test_every_cluster_gets_a_section_headed_by_its_sync_path(cli, two_clusters) -> None:
    result = cli("tree", cwd=two_clusters)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "clusters/dev",
        "Kustomization flux-system/flux-system → clusters/dev",
        "",
        "clusters/prod",
        "Kustomization flux-system/flux-system → clusters/prod",
    ]
    one = cli("tree", "--sync-path", "clusters/prod", cwd=two_clusters)
    assert one.stdout.splitlines() == ["Kustomization flux-system/flux-system → clusters/prod"]
    missing = cli("tree", "--sync-path", "clusters/nope", cwd=two_clusters)
    assert missing.exit_code == 2
    assert "no cluster at 'clusters/nope'" in missing.stderr


def test_several_sync_paths_in_the_order_given(cli, two_clusters) -> None:
    args = ("tree", "--sync-path", "clusters/prod", "--sync-path", "clusters/dev")
    text = cli(*args, cwd=two_clusters).stdout.splitlines()
    assert [line for line in text if line.startswith("clusters/")] == [
        "clusters/prod", "clusters/dev"
    ]  # fmt: skip
    document = json.loads(cli(*args, "-o", "json", cwd=two_clusters).stdout)
    assert document["version"] == 1
    assert [c["sync_path"] for c in document["clusters"]] == ["clusters/prod", "clusters/dev"]
    roots = [c["root"] for c in document["clusters"]]
    assert roots == ["Kustomization/flux-system/flux-system"] * 2
    mermaid = cli(*args, "-o", "mermaid", cwd=two_clusters).stdout
    check_mermaid(mermaid)
    assert re.findall(r'subgraph g\d+\["(clusters/\w+)"\]', mermaid) == [
        "clusters/prod", "clusters/dev"
    ]  # fmt: skip


def test_a_kustomization_roots_the_tree_as_flux_tree_kustomization(cli, dangling) -> None:
    result = cli("tree", "--kustomization", "apps", cwd=dangling)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Kustomization flux-system/apps → HelmRelease apps/podinfo",
        "├── chart OCIRepository podinfo",
        "├── after HelmRelease flux-system/grafana",
        "└── ✗ after Kustomization infra: declared nowhere",
        "✗ 1 reference(s) to objects declared nowhere",
    ]
    document = json.loads(cli("tree", "--kustomization", "apps", "-o", "json", cwd=dangling).stdout)
    (graph,) = document["clusters"]
    assert graph["root"] == "Kustomization/flux-system/apps"
    keys = {n["key"] for n in graph["nodes"]}
    assert "HelmRelease/flux-system/loki" not in keys  # applied by the root, not by apps
    assert "HelmRelease/apps/podinfo" in keys
    same = cli("tree", "--kustomization", "apps", "-n", "flux-system", cwd=dangling)
    assert same.stdout == result.stdout
    # Rooted at the sync path's own Kustomization, it is the whole tree.
    whole = cli("tree", "--kustomization", "flux-system", "-o", "json", cwd=dangling).stdout
    assert json.loads(whole) == json.loads(cli("tree", "-o", "json", cwd=dangling).stdout)


def test_an_unknown_kustomization_is_one_line_naming_what_exists(cli, dangling) -> None:
    result = cli("tree", "--kustomization", "appz", cwd=dangling)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: no Kustomization flux-system/appz in clusters/dev; "
        "there are: flux-system/apps, flux-system/flux-system"
    ]
    other = cli("tree", "--kustomization", "apps", "-n", "apps", "-o", "json", cwd=dangling)
    assert other.exit_code == 2
    assert json.loads(other.stdout)["error"]["message"].startswith(
        "no Kustomization apps/apps in clusters/dev"
    )
    alone = cli("tree", "-n", "apps", cwd=dangling)
    assert alone.exit_code == 2
    assert "pass --kustomization NAME" in alone.stderr


def test_clusters_without_the_kustomization_are_left_out_and_said(cli, two_clusters) -> None:
    write_tree(two_clusters, {"clusters/prod/apps.yaml": (
        f"{KS}metadata: {{name: apps, namespace: flux-system}}\n"
        "spec:\n  path: ./apps/prod\n  sourceRef: {kind: GitRepository, name: flux-system}\n"
    )})  # fmt: skip
    result = cli("tree", "--kustomization", "apps", cwd=two_clusters)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["Kustomization flux-system/apps → apps/prod"]
    assert "clusters/dev has no Kustomization flux-system/apps: left out" in result.stderr


def corpus_repository(name: str, tmp_path_factory) -> Path:
    """A repository of the real-world corpus, as a Git repository of its own."""
    root = tmp_path_factory.mktemp("realworld") / name
    shutil.copytree(REALWORLD / name, root)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "import")
    return root


@pytest.fixture(scope="module")
def home_ops(tmp_path_factory) -> Path:
    """The corpus's largest repository (161 HelmReleases)."""
    return corpus_repository("joryirving-home-ops", tmp_path_factory)


def test_dangling_in_a_real_repository_are_what_lint_reports(cli, tmp_path_factory) -> None:
    from scaffold.lint.engine import LintOptions, run_lint

    root = corpus_repository("billimek-k8s-gitops", tmp_path_factory)
    sync_path = "setup/flux/cluster"
    result = cli("tree", "--sync-path", sync_path, cwd=root)
    assert result.exit_code == 0, result.stderr
    marked = [line.split("── ", 1)[1] for line in result.stdout.splitlines() if "── ✗" in line]
    document = json.loads(cli("tree", "--sync-path", sync_path, "-o", "json", cwd=root).stdout)
    (data,) = document["clusters"]
    files = {n["key"]: n["file"] for n in data["nodes"]}
    in_tree = {(files[d["from"]], d["to"].rsplit("/", 1)[1]) for d in data["dangling"]}
    rules = ["unresolved-values-from", "unresolved-source-ref"]
    report = run_lint(root, LintOptions(sync_paths=[sync_path], select=rules))
    reported = {(f.path, f.message.split("`")[3]) for f in report.findings}
    # The webhook Secret is created by an ExternalSecret: neither lint nor the tree call
    # it dangling (the tree test with planted dangling references shows how they look).
    assert in_tree == reported == set()
    assert marked == []


MAIN = "kubernetes/clusters/main"


def test_text_tree_of_the_largest_corpus_repository_is_readable(cli, home_ops) -> None:
    result = cli("tree", "--sync-path", MAIN, cwd=home_ops)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    releases = [line for line in lines if "HelmRelease " in line]
    assert len(releases) >= 120  # the main cluster's releases, one line each
    assert len(lines) < 2.5 * len(releases)
    assert max(len(line) for line in lines) <= 130
    # Grouped by the namespace kustomize gives them (the directory's `namespace:`)
    assert "│   ├── namespace downloads (18)" in lines
    assert (
        "│   │   ├── Kustomization downloads/radarr → HelmRelease radarr "
        "(chart OCIRepository radarr)"
    ) in lines
    # A Kustomization from another Git repository is not walked as if it were this one
    assert any(
        "Kustomization games/fenrir-crds → ./crds of GitRepository fenrir" in line
        for line in lines
    )
    assert not [line for line in lines if "✗" in line]


def test_mermaid_of_the_largest_corpus_repository_fits_github(cli, home_ops) -> None:
    result = cli("tree", "--sync-path", MAIN, "--format", "mermaid", cwd=home_ops)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    check_mermaid(text)
    # GitHub's renderer refuses diagrams over 50,000 characters or 500 edges.
    assert len(text) < 50_000
    assert len(re.findall(r"-\.?->", text)) < 500
    assert text.count("HelmRelease ") >= 120


def test_a_path_that_is_no_directory_is_said_so(cli, fleet) -> None:
    result = cli("tree", "no/such/dir", cwd=fleet)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "error: no/such/dir: no such directory"


def _ks(name: str, path: str) -> str:
    return (
        f"{KS}metadata: {{name: {name}, namespace: flux-system}}\n"
        f"spec:\n  path: {path}\n  sourceRef: {{kind: GitRepository, name: flux-system}}\n"
    )


PODINFO = (
    f"{HR}metadata: {{name: podinfo, namespace: apps}}\n"
    "spec:\n  chart: {spec: {chart: podinfo, version: 6.5.0,\n"
    "    sourceRef: {kind: HelmRepository, name: grafana, namespace: flux-system}}}\n"
)


@pytest.mark.parametrize(
    ("files", "cycle"),
    [
        ({"apps/self.yaml": _ks("apps", "./apps")}, "flux-system/apps → flux-system/apps"),
        ({"apps/loop.yaml": _ks("loop", "./apps")}, "flux-system/loop → flux-system/loop"),
        ({"apps/loop.yaml": _ks("loop", "./infra"), "infra/back.yaml": _ks("back", "./apps")},
         "flux-system/loop → flux-system/back → flux-system/loop"),
    ],
    ids=["self-by-name", "self", "through-another"],
)
def test_a_cycle_shows_its_objects_once_and_names_itself(cli, fleet, files, cycle) -> None:
    write_tree(fleet, {
        "clusters/dev/apps.yaml": _ks("apps", "./apps"), "apps/podinfo.yaml": PODINFO, **files,
    })  # fmt: skip

    result = cli("tree", cwd=fleet)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    shown = [line for line in lines if "HelmRelease apps/podinfo" in line]
    assert len(shown) == 1, result.stdout  # Flux deploys it once; it was drawn per applier
    repeated = cycle.split(" → ")[-1]
    note = (f"Kustomization {repeated} (applied again: a cycle {cycle}; "
            "its objects are shown once)")  # fmt: skip
    assert any(line.endswith(note) for line in lines), result.stdout
    mermaid = cli("tree", "-o", "mermaid", cwd=fleet)
    assert mermaid.exit_code == 0
    assert sum("HelmRelease apps/podinfo" in line for line in mermaid.stdout.splitlines()) == 1


def test_a_kustomization_applying_the_sync_path_again_is_a_cycle(cli, fleet) -> None:
    write_tree(fleet, {
        "clusters/dev/flux-system/gotk-sync.yaml": _ks("flux-system", "./clusters/dev"),
        "clusters/dev/again.yaml": _ks("again", "./clusters/dev"),
        "clusters/dev/podinfo.yaml": PODINFO,
    })  # fmt: skip

    result = cli("tree", cwd=fleet)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Kustomization flux-system/flux-system → clusters/dev"  # Flux's own
    assert sum("HelmRelease apps/podinfo" in line for line in lines) == 1
    cycle = "flux-system/flux-system → flux-system/again → flux-system/flux-system"
    assert any(line.endswith(f"Kustomization flux-system/flux-system (applied again: a cycle "
                             f"{cycle}; its objects are shown once)") for line in lines), lines
