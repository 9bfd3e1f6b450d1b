"""The benchmark generator at tiny size: deterministic, the promised files, all parseable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

GENERATE = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


def generate(out: Path, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, str(GENERATE), str(out), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def tracked(repo: Path) -> dict[str, bytes]:
    names = subprocess.run(
        ["git", "ls-files", "-z"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    return {n: (repo / n).read_bytes() for n in names if n}


def test_same_seed_gives_same_bytes_and_commit(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", "--clusters", "2", "--components", "3", "--seed", "7")
    second = generate(tmp_path / "b", "--clusters", "2", "--components", "3", "--seed", "7")
    other = generate(tmp_path / "c", "--clusters", "2", "--components", "3", "--seed", "8")
    assert tracked(tmp_path / "a") == tracked(tmp_path / "b")
    assert first["commit"] == second["commit"]
    assert tracked(tmp_path / "a") != tracked(tmp_path / "c")
    assert other["commit"] != first["commit"]


def test_layout_counts_and_every_file_parses(tmp_path: Path) -> None:
    summary = generate(tmp_path / "r", "--clusters", "2", "--components", "3")
    files = tracked(tmp_path / "r")
    manifests = [n for n in files if n.startswith("clusters/")]
    assert summary["manifests"] == len(manifests) == 3 * 2 * 3
    assert {".gitignore", ".copier-answers.yml", ".copier-answers.clusters.cluster-01.yml"} <= set(
        files
    )
    kinds: dict[str, str] = {}
    for name in manifests:
        (doc,) = yaml.load_all(files[name], Loader=yaml.CSafeLoader)
        kinds[name] = doc["kind"]
        folder = name.split("/")[3]
        assert folder in {"repositories", "releases", "secrets"}
    for name, kind in kinds.items():
        if kind == "HelmRelease":
            assert Path(name).stem.rsplit("-v", 1)[1].count(".") == 2  # <chart>-v<version>.yaml
        if kind == "SealedSecret":
            doc = yaml.safe_load(files[name])
            size = sum(len(v) for v in doc["spec"]["encryptedData"].values())
            assert 250 <= size <= 1300
            assert name.endswith("-sealed.yaml")
    assert sorted(kinds.values()).count("HelmRepository") == 6
    assert (
        subprocess.run(
            ["git", "status", "--porcelain"], cwd=tmp_path / "r", capture_output=True, text=True
        ).stdout
        == ""
    )


def test_releases_reference_existing_repositories_and_secrets(tmp_path: Path) -> None:
    generate(tmp_path / "r", "--clusters", "1", "--components", "4")
    docs = [yaml.safe_load(t) for n, t in tracked(tmp_path / "r").items() if "/helm/" in n]
    repos = {
        (d["metadata"]["namespace"], d["metadata"]["name"])
        for d in docs
        if d["kind"] == "HelmRepository"
    }
    secrets = {
        (d["metadata"]["namespace"], d["metadata"]["name"])
        for d in docs
        if d["kind"] == "SealedSecret"
    }
    releases = [d for d in docs if d["kind"] == "HelmRelease"]
    assert len(releases) == 4
    for release in releases:
        ref = release["spec"]["chart"]["spec"]["sourceRef"]
        assert (ref["namespace"], ref["name"]) in repos
        namespace = release["metadata"]["namespace"]
        assert {(namespace, v["name"]) for v in release["spec"]["valuesFrom"]} <= secrets
        assert 10 <= len(release["spec"]["values"]) <= 40


def test_faults_are_planted_where_the_summary_says(tmp_path: Path) -> None:
    summary = generate(tmp_path / "r", "--clusters", "2", "--components", "5", "--faults", "1")
    repo = tmp_path / "r"
    planted = {f["kind"]: f["path"] for f in summary["faults"]}
    assert len(planted) == len(summary["faults"]) == 9
    with pytest.raises(yaml.YAMLError):
        list(yaml.load_all((repo / planted["invalid-yaml"]).read_text(), Loader=yaml.CSafeLoader))
    secret = yaml.safe_load((repo / planted["plaintext-secret"]).read_text())
    assert secret["kind"] == "Secret"
    assert "v2beta1" in (repo / planted["removed-api-version"]).read_text()
    ignored_but_committed = subprocess.run(
        ["git", "ls-files", "-ci", "--exclude-standard"], cwd=repo, capture_output=True, text=True
    ).stdout.split()
    assert ignored_but_committed == [planted["committed-values-file"]]
    assert summary["manifests"] == 3 * 2 * 5 + 1
    assert "-v" not in Path(planted["misnamed-release-file"]).name
    assert (repo / planted["misnamed-release-file"]).is_file()
