"""`lint --diff`: a patch `git apply` takes, on stdout alone, that never shows a credential."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.lint.fix import Change
from scaffold.lint.fix_diff import MASK, sensitive_lines, unified_diff
from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, SYNC, tree

SECRET = "hunter2-7c1f0a"
OLD_RELEASE = HELM_RELEASE.replace("fluxcd.io/v2\n", "fluxcd.io/v2beta1\n")
# A Secret right before the HelmRelease whose apiVersion the fix changes: its last lines
# are the fix's natural context.
SECRET_THEN_RELEASE = (
    "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: apps}\n"
    f'stringData:\n  config.json: \'{{"db": "{SECRET}"}}\'\n  password: {SECRET}\n---\n'
    + OLD_RELEASE.replace("    replicaCount: 2\n", f"    replicaCount: 2\n    apiKey: {SECRET}\n")
)


@pytest.fixture
def repo(make_git_repo) -> Path:
    files = tree(**{RELEASE_PATH: SECRET_THEN_RELEASE})
    files[f"{SYNC}/apps/apps.yaml"] = (
        f"token: {SECRET}\napiVersion: kustomize.toolkit.fluxcd.io/v1beta2\n"
        "kind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\n"
        f"spec:\n  password: {SECRET}\n  path: ./x\n"
    )
    return make_git_repo(files)


def test_diff_hides_every_credential_and_applies_with_git(cli, repo) -> None:
    result = cli("lint", "--diff", str(repo))
    assert SECRET not in result.stdout + result.stderr
    assert result.stdout.startswith("diff --git ")
    assert "[deprecated-api-version]" in result.stderr  # the findings go to stderr
    assert "+apiVersion: helm.toolkit.fluxcd.io/v2\n" in result.stdout
    subprocess.run(["git", "apply", "-"], cwd=repo, input=result.stdout, text=True, check=True)
    release = (repo / RELEASE_PATH).read_text()
    assert release == SECRET_THEN_RELEASE.replace("/v2beta1\n", "/v2\n")
    after = cli("lint", str(repo))
    assert "[deprecated-api-version]" not in after.stdout
    assert "kustomize.toolkit.fluxcd.io/v1\n" in (repo / SYNC / "apps/apps.yaml").read_text()


def test_a_needed_credential_line_is_masked_and_the_user_told(cli, make_git_repo) -> None:
    release = OLD_RELEASE.replace("kind: HelmRelease\n", f"token: {SECRET}\nkind: HelmRelease\n")
    files = tree(**{RELEASE_PATH: release})
    result = cli("lint", "--diff", str(make_git_repo(files)))
    assert SECRET not in result.stdout + result.stderr
    assert f" token: {MASK}\n" in result.stdout
    assert "will not apply" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_diff_in_json_and_sarif_stays_valid_json(cli, repo, fmt) -> None:
    result = cli("lint", "--diff", "--format", fmt, str(repo))
    document = json.loads(result.stdout)
    diff = document["diff"] if fmt == "json" else document["runs"][0]["properties"]["diff"]
    assert "+apiVersion: helm.toolkit.fluxcd.io/v2\n" in diff
    assert SECRET not in result.stdout + result.stderr


def test_diff_with_output_writes_the_report_there(cli, repo, tmp_path) -> None:
    report = tmp_path / "report.txt"
    result = cli("lint", "--diff", "--output-file", str(report), str(repo))
    assert result.stdout.startswith("diff --git ")
    assert "[deprecated-api-version]" in report.read_text()


def test_new_empty_file_is_created_by_git_apply(cli, make_git_repo) -> None:
    repo = make_git_repo({**tree(), "clusters/prod/README.md": "# prod\n"})
    result = cli("lint", "--diff", "--sync-path", "clusters/prod", str(repo))
    subprocess.run(["git", "apply", "-"], cwd=repo, input=result.stdout, text=True, check=True)
    assert (repo / "clusters/prod/helm/secrets/.gitkeep").read_bytes() == b""


@pytest.mark.parametrize(
    ("content", "hidden"),
    [
        ("kind: Secret\ndata:\n  a: b\n  c: |\n    multi\n    line\nmetadata: {}\n", {2, 3, 4, 5}),
        ("kind: HelmRelease\nspec:\n  values:\n    anything: x\n  interval: 1m\n", {3}),
        ("a: 1\nsops:\n  mac: ENC[x]\nb: 2\n", {2}),
        ("metadata:\n  clientSecret: x\n  name: y\n", {1}),
        ("- {password: x}\n- kind: A\n", {0}),
        ("not: [valid\nkind: A\n\n---\n", {0, 1}),
    ],
)
def test_sensitive_lines(content, hidden) -> None:
    assert sensitive_lines("a.yaml", content.encode()) == hidden


def test_values_files_are_hidden_whole() -> None:
    assert sensitive_lines("app-values-prod.yaml", b"a: 1\nb: 2\n") == {0, 1}


def test_masking_keeps_the_key() -> None:
    before = f"password: {SECRET}\nkind: A\n".encode()
    patch = unified_diff([Change("a.yaml", before, before.replace(b"kind: A", b"kind: B"))])
    assert f"-password: {MASK}" not in patch.text  # not needed as context: left out
    assert SECRET not in patch.text
    assert patch.masked == ()


DIFF_TIMEOUT = 60  # seconds; walking each node once takes well under one


def alias_bomb(levels: int, width: int = 10) -> str:
    """About 1 KB of YAML whose aliases expand to width**levels nodes."""
    lines = ["bomb0: &b0 {password: x, v: [" + ", ".join(["lol"] * width) + "]}"]
    for i in range(1, levels):
        lines.append(f"bomb{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_diff_of_a_file_holding_an_alias_bomb_walks_each_node_once(make_git_repo) -> None:
    # 10**8 nodes expanded: the walk that followed every alias took minutes.
    release = OLD_RELEASE + "---\n" + alias_bomb(8)
    root = make_git_repo(tree(**{RELEASE_PATH: release}))
    # Its own process group, so that the workers lint starts end with it on a timeout.
    child = subprocess.Popen(
        [sys.executable, "-m", "scaffold", "lint", "--no-cache", "--diff", str(root)],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        stdout, stderr = child.communicate(timeout=DIFF_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        pytest.fail(f"lint --diff took over {DIFF_TIMEOUT} s on an alias bomb")
    assert "Traceback" not in stderr
    assert "+apiVersion: helm.toolkit.fluxcd.io/v2\n" in stdout
    assert "password: x" not in stdout


def test_sensitive_lines_marks_what_an_alias_reaches_once() -> None:
    content = "a: &a {token: t}\nb: [*a, *a]\n"
    assert sensitive_lines("a.yaml", content.encode()) == {0}
