"""A two-cluster fleet built and diffed: `diff` keeps both sides' renderings (the same
diff again reads no file's facts, what changed since is never shown from the cache), and
clusters built in workers print what one process prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold.lint import engine
from tests.conftest import git, write_tree

KS = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
SOURCE = "sourceRef: {kind: GitRepository, name: flux-system}"


def _cluster(name: str) -> dict[str, str]:
    return {
        f"clusters/{name}/flux-system/gotk-sync.yaml": (
            "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\n"
            "metadata: {name: flux-system, namespace: flux-system}\n"
            "spec: {interval: 1m, url: ssh://git@github.com/acme/fleet, ref: {branch: main}}\n"
            f"---\n{KS}metadata: {{name: flux-system, namespace: flux-system}}\n"
            f"spec: {{interval: 10m, path: ./clusters/{name}, prune: true, {SOURCE}}}\n"
        ),
        f"clusters/{name}/apps/web.yaml": (
            "apiVersion: apps/v1\nkind: Deployment\n"
            f"metadata: {{name: web, namespace: {name}}}\n"
            "spec:\n  selector: {matchLabels: {app: web}}\n  template:\n"
            "    metadata: {labels: {app: web}}\n"
            "    spec: {containers: [{name: web, image: 'ghcr.io/acme/web:1.0.0'}]}\n"
        ),
        f"clusters/{name}/apps/settings.yaml": (
            f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: settings, namespace: {name}}}\n"
            "data: {level: info}\n"
        ),
    }


FILES = {**_cluster("staging"), **_cluster("production")}
WEB = "clusters/staging/apps/web.yaml"


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    root = write_tree(tmp_path / "fleet", FILES)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "fleet")
    return root


def _edit(root: Path, path: str, old: str, new: str) -> None:
    (root / path).write_text((root / path).read_text().replace(old, new))


def _no_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(engine, "configured_model", refused)


def test_the_same_diff_again_reads_no_facts_and_says_the_same(cli, fleet, monkeypatch) -> None:
    _edit(fleet, WEB, "web:1.0.0", "web:1.1.0")
    first = cli("diff", "HEAD", "-o", "json", cwd=fleet)
    assert first.exit_code == 0, first.stderr
    changed = [c["cluster"] for c in json.loads(first.stdout)["clusters"] if c["objects"]]
    assert changed == ["clusters/staging"]
    _no_facts(monkeypatch)
    again = cli("diff", "HEAD", "-o", "json", cwd=fleet)
    assert again.stdout == first.stdout
    assert again.stderr == first.stderr
    assert "1 Kustomization(s) rendered for the head, 1 unchanged" in again.stderr


def test_a_change_since_the_last_diff_is_rendered_not_taken_from_the_cache(cli, fleet) -> None:
    _edit(fleet, WEB, "web:1.0.0", "web:1.1.0")
    cli("diff", "HEAD", cwd=fleet)
    _edit(fleet, WEB, "web:1.1.0", "web:1.2.0")
    _edit(fleet, "clusters/production/apps/settings.yaml", "level: info", "level: debug")
    result = cli("diff", "HEAD", cwd=fleet)
    assert "web:1.2.0" in result.stdout and "web:1.1.0" not in result.stdout
    assert "debug" in result.stdout
    assert "2 Kustomization(s) rendered for the head, 0 unchanged" in result.stderr


def test_a_build_after_a_diff_prints_what_a_build_with_no_cache_prints(cli, fleet) -> None:
    import os
    import shutil

    _edit(fleet, WEB, "web:1.0.0", "web:1.1.0")
    cli("diff", "HEAD", cwd=fleet)
    after_diff = cli("build", cwd=fleet)
    assert after_diff.exit_code == 0, after_diff.stderr
    shutil.rmtree(Path(os.environ["XDG_CACHE_HOME"]))
    fresh = cli("build", cwd=fleet)
    assert after_diff.stdout == fresh.stdout
    assert "web:1.1.0" in fresh.stdout


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_clusters_built_in_workers_print_what_one_process_prints(
    cli, fleet, monkeypatch, fmt
) -> None:
    import os
    import shutil

    from scaffold.model import cluster_pool

    in_workers = cli("build", "-o", fmt, cwd=fleet)
    shutil.rmtree(Path(os.environ["XDG_CACHE_HOME"]))
    monkeypatch.setattr(cluster_pool, "default_jobs", lambda: 1)
    here = cli("build", "-o", fmt, cwd=fleet)
    assert in_workers.stdout == here.stdout and in_workers.stderr == here.stderr
    assert "clusters/production" in here.stdout and "clusters/staging" in here.stdout
    missing = cli("build", "nope", cwd=fleet)
    assert missing.exit_code == 2
    assert "no Flux Kustomization 'nope' on clusters/production, clusters/staging" in (
        missing.stderr
    )


def test_clusters_diffed_in_workers_say_what_one_process_says(cli, fleet, monkeypatch) -> None:
    import os
    import shutil

    from scaffold.model import cluster_pool

    _edit(fleet, WEB, "web:1.0.0", "web:1.1.0")
    _edit(fleet, "clusters/production/apps/settings.yaml", "level: info", "level: debug")
    in_workers = cli("diff", "HEAD", "-o", "json", cwd=fleet)
    shutil.rmtree(Path(os.environ["XDG_CACHE_HOME"]))
    monkeypatch.setattr(cluster_pool, "default_jobs", lambda: 1)
    here = cli("diff", "HEAD", "-o", "json", cwd=fleet)
    assert in_workers.stdout == here.stdout and in_workers.stderr == here.stderr
    changed = [c["cluster"] for c in json.loads(here.stdout)["clusters"] if c["objects"]]
    assert changed == ["clusters/production", "clusters/staging"]
