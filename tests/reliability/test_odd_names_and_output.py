"""File names that are not UTF-8 or hold control characters, and output that cannot be written."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import git, write_tree
from tests.lint.conftest import SYNC, tree

SECRET_DOC = (
    "apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: apps}\nstringData: {a: b}\n"
)
NOT_UTF8 = os.fsdecode(b"bad\xff.yaml")
CONTROL = "esc\x1b[31mred\rcr.yaml"


def odd_repo(tmp_path: Path, in_git: bool) -> Path:
    root = write_tree(tmp_path / "repo", tree())
    for name in (NOT_UTF8, CONTROL):
        (root / SYNC / name).write_text(SECRET_DOC)
    if in_git:
        git(root, "init", "--quiet")
        git(root, "add", "-A")
    return root


def run(console_script: Path, root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(console_script), "lint", str(root), "--sync-path", SYNC, *args],
                          capture_output=True, check=False)  # fmt: skip


@pytest.mark.parametrize("in_git", [False, True], ids=["plain", "git"])
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_odd_names_in_every_format_and_output(console_script, tmp_path, in_git, fmt) -> None:
    root = odd_repo(tmp_path, in_git)
    report = tmp_path / "report.out"
    for extra in ([], ["--output-file", str(report)], ["--verbose"]):
        done = run(console_script, root, "--format", fmt, *extra)
        assert done.returncode == 1, done.stderr
        assert b"Traceback" not in done.stderr
        out = report.read_bytes() if extra and extra[0] == "--output-file" else done.stdout
        out.decode("utf-8")  # always valid UTF-8
        assert b"\x1b" not in out + done.stderr and b"\r" not in out + done.stderr
        if fmt in ("json", "sarif"):
            json.loads(out)
        assert b"bad\\xff.yaml" in out.replace(b"\\\\", b"\\")
        if fmt == "text":
            assert f"{SYNC}/esc\\x1b[31mred\\rcr.yaml:4:1: error:".encode() in out


def test_disk_full_on_stdout_is_one_line(console_script, tmp_path) -> None:
    root = odd_repo(tmp_path, True)
    with open("/dev/full", "wb") as full:
        done = subprocess.run([str(console_script), "lint", str(root)], stdout=full,
                              stderr=subprocess.PIPE, check=False)  # fmt: skip
    assert done.returncode == 1
    assert b"cannot write (No space left on device)" in done.stderr
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr


def test_closed_pipe_is_quiet(console_script, tmp_path) -> None:
    root = odd_repo(tmp_path, True)
    shell = f"'{console_script}' lint --format sarif '{root}' | head -c 1 >/dev/null"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, check=False)
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr


ODD_NAMES = {
    "clusters/dev/helm/repositories/odd.yaml": (
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\n"
        'metadata: {name: "red\\e[31mx\\rback\\n::error::forged", namespace: flux-system}\n'
        "spec: {interval: 10m, url: 'https://charts.example.com'}\n"
        "---\napiVersion: v1\nkind: ConfigMap\n"
        'metadata: {name: "::warning::cm", namespace: "a\\nb"}\n'
    ),
}


@pytest.mark.parametrize(
    "args", [("list",), ("tree",), ("tree", "--format", "mermaid")], ids=" ".join
)
def test_list_and_tree_escape_names_and_forge_no_workflow_command(cli, make_git_repo, args):
    from tests.authoring.conftest import CLUSTER_FILES, answers

    root = make_git_repo({**CLUSTER_FILES, ".copier-answers.yml": answers("clusters/dev"),
                          **ODD_NAMES})  # fmt: skip
    result = cli(*args, cwd=root)
    assert result.exit_code == 0, result.stderr
    assert not any(ch in result.stdout for ch in "\x1b\r")
    assert not [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")]
    assert "red\\x1b[31mx\\rback\\n" in result.stdout


def test_sarif_uri_is_percent_encoded(cli, tmp_path) -> None:
    name = f"{SYNC}/apps/a#b c%é.yaml"
    root = write_tree(tmp_path / "repo", tree(**{name: "key: [unclosed\n"}))
    result = cli("lint", "--format", "sarif", str(root))
    runs = json.loads(result.stdout)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in runs}
    assert f"{SYNC}/apps/a%23b%20c%25%C3%A9.yaml" in uris
