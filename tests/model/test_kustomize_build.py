"""The model builds directories to the objects `kubectl kustomize` builds, in the same
namespaces: on small trees and on the real-world corpus."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from scaffold.model import kustomize_build
from scaffold.model.facts.parse import extract
from scaffold.model.kustomize_build import KustomizeBuilds, namespaced
from tests.conftest import write_tree

KUBECTL = shutil.which("kubectl")
pytestmark = pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed")

Identity = tuple[str, str, str | None]


def builds_of(root: Path) -> KustomizeBuilds:
    files = sorted(
        str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and ".git" not in p.parts
    )
    facts = {f: extract(f, (root / f).read_bytes()) for f in files}
    return KustomizeBuilds(facts, files)


def modelled(builds: KustomizeBuilds, directory: str) -> set[Identity]:
    return {
        (i.kind, i.name, i.namespace if namespaced(i.kind) else None)
        for i in builds.build(directory)
        if not i.generated
    }


def generated(builds: KustomizeBuilds, directory: str) -> set[tuple[str, str]]:
    return {(i.kind, i.name) for i in builds.build(directory) if i.generated}


def kustomized(root: Path, directory: str) -> set[Identity] | None:
    done = subprocess.run(
        # kustomize-controller builds without load restrictions, as here
        [
            str(KUBECTL),
            "kustomize",
            "--load-restrictor=LoadRestrictionsNone",
            str(root / directory),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        return None
    found = set()
    for doc in yaml.safe_load_all(done.stdout):
        if isinstance(doc, dict):
            meta = doc.get("metadata") or {}
            kind = doc.get("kind", "")
            found.add(
                (kind, meta.get("name", ""), meta.get("namespace") if namespaced(kind) else None)
            )
    return found


def without_generated(built: set[Identity], names: set[tuple[str, str]]) -> set[Identity]:
    """kustomize suffixes generated names with a hash: leave those out of the comparison."""
    return {
        i
        for i in built
        if not any(i[0] == k and (i[1] == n or i[1].startswith(f"{n}-")) for k, n in names)
    }


def test_namespace_renames_components_and_nesting(tmp_path) -> None:
    files = {
        "apps/kustomization.yaml": "namespace: media\nresources: [base, extra.yaml]\n"
        "components: [../components/ns]\nconfigMapGenerator:\n  - name: cfg\n"
        "    literals: [a=b]\n",
        "apps/extra.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n",
        "apps/base/kustomization.yaml": "resources: [svc.yaml, role.yaml]\n",
        "apps/base/svc.yaml": "apiVersion: v1\nkind: Service\n"
        "metadata: {name: web, namespace: x}\n",
        "apps/base/role.yaml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
        "metadata: {name: reader}\n",
        "components/ns/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\n"
        "kind: Component\nresources: [ns.yaml]\n",
        "components/ns/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: _}\n",
    }
    root = write_tree(tmp_path / "repo", files)
    builds = builds_of(root)
    expected = kustomized(root, "apps")
    assert expected is not None
    assert without_generated(expected, generated(builds, "apps")) == modelled(builds, "apps")
    assert ("Namespace", "media", None) in modelled(builds, "apps")
    assert generated(builds, "apps") == {("ConfigMap", "cfg")}


CORPUS = {
    "onedr0p-home-ops": [
        "kubernetes/apps/o11y",
        "kubernetes/apps/default",
        "kubernetes/apps/network",
    ],
    "bjw-s-home-ops": ["kubernetes/apps/media", "kubernetes/apps/selfhosted"],
    "joryirving-home-ops": ["kubernetes/apps/main/media", "kubernetes/apps/base/media/plex/app"],
    "flux2-multi-tenancy": ["tenants/staging", "tenants/production"],
    "flux2-kustomize-helm-example": ["apps/staging", "apps/production"],
    "lvs-cloud": ["platform/registry", "platform/namespaces"],
    "xunholy-k8s-gitops": ["kubernetes/apps/overlays/cluster-00"],
}


@pytest.mark.parametrize(
    ("name", "directory"), [(n, d) for n, dirs in CORPUS.items() for d in dirs]
)
def test_corpus_directories_build_as_kustomize_builds_them(realworld_repo, name, directory) -> None:
    root = realworld_repo(name)
    builds = builds_of(root)
    expected = kustomized(root, directory)
    if expected is None:
        pytest.skip(f"kubectl kustomize cannot build {directory}: a file it reads is not kept")
    assert without_generated(expected, generated(builds, directory)) == modelled(builds, directory)


def _fan_out(levels: int, spellings: list[str], distinct: int = 1) -> dict[str, str]:
    """`levels` kustomization levels, each listing the next `len(spellings)` times (or,
    with `distinct`, listing each of `distinct` directories of the next level)."""
    files = {}
    for level in range(levels):
        for copy in range(distinct):
            entries = (
                [f"{spelling.format(f'l{level + 1}c{c}')}" for c in range(distinct)
                 for spelling in spellings]
                if level + 1 < levels
                else ["cm.yaml"]
            )  # fmt: skip
            listed = "".join(f"  - {e}\n" for e in entries)
            base = f"l{level}c{copy}"
            files[f"{base}/kustomization.yaml"] = f"resources:\n{listed}"
            if level + 1 == levels:
                files[f"{base}/cm.yaml"] = (
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: leaf}\n"
                )
    # Every level's directories live side by side at the root.
    return {path: text.replace("  - l", "  - ../l") for path, text in files.items()}


@pytest.mark.parametrize(
    ("spellings", "distinct"),
    [(["{}", "./{}", "{}/", "{}/.", "./{}/", "{}//", "././{}", "{}/./", "./{}/.", "{}/./."], 1),
     (["{}"], 8)],
)
def test_a_fan_out_of_kustomizations_builds_each_object_once(
    tmp_path, spellings, distinct
) -> None:
    # Once 8 tiny files listing the next level 10 times took 27 s and 2.8 GB.
    import signal

    files = _fan_out(8, spellings, distinct)
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the build did not finish in 60 s"))
    signal.alarm(60)
    try:
        builds = builds_of(write_tree(tmp_path / "repo", files))
        built = builds.build("l0c0")
    finally:
        signal.alarm(0)
    assert [(item.kind, item.name) for item in built] == [("ConfigMap", "leaf")] * distinct


def test_a_build_past_the_object_bound_is_cut_and_said_once(tmp_path, monkeypatch) -> None:
    # Each directory adds 4 distinct objects; the bound stops following at the entry
    # that crosses it, and names that entry.
    monkeypatch.setattr(kustomize_build, "MAX_OBJECTS", 6)
    files = {"top/kustomization.yaml": "resources: [a, b, c]\n"}
    for part in "abc":
        files[f"top/{part}/kustomization.yaml"] = "resources: [cm.yaml]\n"
        files[f"top/{part}/cm.yaml"] = "---\n".join(
            f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {part}{n}}}\n" for n in range(4)
        )
    builds = builds_of(write_tree(tmp_path / "repo", files))
    built = builds.build("top")
    assert len(built) == 6
    [missing] = builds.missing.values()
    assert (missing.path, missing.entry) == ("top/kustomization.yaml", "b")
    assert missing.reason == "makes the build exceed 6 objects; not followed"
