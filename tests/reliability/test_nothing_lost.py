"""Nothing lost: `lint --fix` is atomic, keeps modes and bytes, is idempotent, refuses
read-only files; `add` and `seal` never overwrite without --force.

(`new`'s all-or-nothing rendering, SIGINT and injection cases are pinned in
tests/commands/test_new_safety.py and tests/test_template.py.)
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import write_tree
from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, SYNC, tree
from tests.reliability.conftest import assert_handled

DEPRECATED = HELM_RELEASE.replace("helm.toolkit.fluxcd.io/v2", "helm.toolkit.fluxcd.io/v2beta1")
# CRLF, non-ASCII, trailing blanks and no final newline: every byte but the edit must survive
AWKWARD = ("# café ✓ \t \r\n" + DEPRECATED.replace("\n", "\r\n").rstrip("\r\n")).encode()


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), stat.S_IMODE(p.stat().st_mode))
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and ".git" not in p.parts
    }


@pytest.fixture
def fixable(tmp_path) -> Path:
    root = write_tree(tmp_path / "repo", tree(**{RELEASE_PATH: AWKWARD}))
    (root / RELEASE_PATH).chmod(0o640)
    (root / ".gitignore").write_bytes(b"# mine\r\n*.log")  # the values rules get fixed too
    return root


def test_fix_changes_only_the_edit_keeps_mode_and_is_idempotent(cli, fixable) -> None:
    before = snapshot(fixable)
    result = cli("lint", str(fixable), "--sync-path", SYNC, "--fix")
    assert_handled(result, codes=(0,))
    after = snapshot(fixable)
    release, mode = after[RELEASE_PATH]
    assert release == AWKWARD.replace(
        b"helm.toolkit.fluxcd.io/v2beta1", b"helm.toolkit.fluxcd.io/v2"
    )
    assert mode == 0o640
    assert after[".gitignore"][0].startswith(b"# mine\r\n*.log")
    assert {k for k in after if after[k] != before.get(k)} == {RELEASE_PATH, ".gitignore"}
    again = cli("lint", str(fixable), "--sync-path", SYNC, "--fix")
    assert_handled(again, codes=(0,))
    assert "fixed" not in again.stderr
    assert snapshot(fixable) == after
    assert cli("lint", str(fixable), "--sync-path", SYNC, "--diff").stdout == ""


def test_fix_of_a_read_only_file_is_a_clear_error_and_writes_nothing(cli, fixable) -> None:
    (fixable / RELEASE_PATH).chmod(0o444)  # .gitignore stays writable: it is not fixed either
    before = snapshot(fixable)
    result = cli("lint", str(fixable), "--sync-path", SYNC, "--fix")
    assert_handled(result, codes=(1,))
    assert result.stderr.startswith("error: ")
    assert "cannot write the fix" in result.stderr and "read-only" in result.stderr
    assert snapshot(fixable) == before
    assert not [p for p in fixable.rglob("*") if p.name.endswith(".tmp")]


def test_fix_of_a_symlink_replaces_the_link_and_leaves_its_target(cli, tmp_path) -> None:
    root = write_tree(tmp_path / "repo", tree(**{RELEASE_PATH: None, "shared/r.yaml": DEPRECATED}))
    (root / RELEASE_PATH).symlink_to(root / "shared/r.yaml")
    with (root / ".gitignore").open("a") as ignore:
        ignore.write("shared/\n")  # the target is not linted itself: only the link is
    result = cli("lint", str(root), "--sync-path", SYNC, "--fix", "--select",
                 "deprecated-api-version")  # fmt: skip
    assert_handled(result, codes=(0,))
    assert not (root / RELEASE_PATH).is_symlink()  # never written through
    assert "helm.toolkit.fluxcd.io/v2\n" in (root / RELEASE_PATH).read_text()
    assert (root / "shared/r.yaml").read_text() == DEPRECATED


def test_add_and_seal_never_overwrite_without_force(cli, make_git_repo, cert_file) -> None:
    from tests.authoring.conftest import CLUSTER_FILES, answers

    root = make_git_repo({**CLUSTER_FILES, ".copier-answers.yml": answers("clusters/dev")})
    mine = {
        "clusters/dev/helm/repositories/podinfo.yaml": b"# my own\n",
        "clusters/dev/helm/secrets/db-sealed.yaml": b"# my own sealed\n",
    }
    write_tree(root, mine)
    add = cli("add", "repository", "podinfo", "--url", "https://x.example", cwd=root)
    seal = cli("seal", "db", "-n", "apps", "--cert", str(cert_file), "--from-literal", "a=b",
               cwd=root)  # fmt: skip
    for result in (add, seal):
        assert_handled(result, codes=(2,))
        assert "already exists" in result.stderr and "--force" in result.stderr
    for rel, content in mine.items():
        assert (root / rel).read_bytes() == content
    forced = cli("add", "repository", "podinfo", "--url", "https://x.example", "--force", cwd=root)
    assert_handled(forced, codes=(0,))
    assert b"HelmRepository" in (root / "clusters/dev/helm/repositories/podinfo.yaml").read_bytes()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_fix_in_a_read_only_directory(cli, fixable) -> None:
    directory = (fixable / RELEASE_PATH).parent
    directory.chmod(0o555)
    try:
        before = snapshot(fixable)
        result = cli("lint", str(fixable), "--sync-path", SYNC, "--fix")
        assert_handled(result, codes=(1,))
        assert snapshot(fixable) == before
    finally:
        directory.chmod(0o755)


LONG_NAME = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])  # a valid 253-byte DNS name


@pytest.mark.parametrize("command", ["seal", "add"])
def test_a_name_too_long_for_a_file_is_one_line(cli, make_git_repo, cert_file, command) -> None:
    from tests.authoring.conftest import CLUSTER_FILES, answers

    root = make_git_repo({**CLUSTER_FILES, ".copier-answers.yml": answers("clusters/dev")})
    seal = ["seal", LONG_NAME, "-n", "apps", "--cert", str(cert_file), "--from-literal", "a=b"]
    add = ["add", "repository", LONG_NAME, "--url", "https://x.example"]
    args = seal if command == "seal" else add
    result = cli(*args, cwd=root)
    assert result.exit_code == 2, result.stderr
    assert "file systems allow 255" in result.stderr and "Traceback" not in result.stderr


def test_fix_of_a_file_with_a_long_name(cli, tmp_path) -> None:
    name = "l" * 250 + ".yaml"
    text = "apiVersion: helm.toolkit.fluxcd.io/v2beta1\nkind: HelmRelease\nmetadata: {name: a}\n"
    root = write_tree(tmp_path / "repo", {name: text})
    result = cli("lint", "--fix", str(root))
    assert result.exit_code == 0, result.stderr
    assert "helm.toolkit.fluxcd.io/v2\n" in (root / name).read_text()


def test_an_unexpected_os_error_is_still_an_internal_error(cli, tmp_path, monkeypatch) -> None:
    from scaffold.lint import engine

    def broken(*_args, **_kwargs):
        raise OSError(5 + 1000, "strange")

    monkeypatch.setattr(engine, "run_lint", broken)
    monkeypatch.setattr("scaffold.commands.lint.run_lint", broken, raising=False)
    result = cli("lint", str(tmp_path))
    assert result.exit_code == 3 and "internal error" in result.stderr
