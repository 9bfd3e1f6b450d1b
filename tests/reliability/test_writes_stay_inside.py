"""Nothing is written outside the repository: not through a symlink, an absolute or an
escaping path, by `lint --fix`, `add`, `seal` or `new`; and `--diff` reads nothing outside."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git, write_tree
from tests.lint.conftest import SYNC, tree
from tests.lint.rules.test_sync_path_mismatch import GOTK, gotk_sync
from tests.reliability.conftest import assert_handled

OUTSIDE_TEXT = "outside-only 9c1e\n"


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() if p.is_file() else b"<dir>"
            for p in sorted(directory.rglob("*"))}  # fmt: skip


@pytest.fixture
def outside(tmp_path) -> Path:
    return write_tree(tmp_path / "outside", {"ignore": OUTSIDE_TEXT, "helm/keep": OUTSIDE_TEXT})


def committed(root: Path) -> Path:
    git(root, "init", "--quiet")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "x")
    return root


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_gitignore_linked_outside(cli, tmp_path, outside, flag) -> None:
    files = {k: v for k, v in tree().items() if k != ".gitignore"}
    files[f"{SYNC}/helm/secrets/podinfo-values-prod.yaml"] = "replicaCount: 2\n"
    root = write_tree(tmp_path / "repo", files)
    (root / ".gitignore").symlink_to(outside / "ignore")
    committed(root)
    before = snapshot(outside)
    result = cli("lint", flag, str(root))
    assert_handled(result, codes=(1,))
    assert snapshot(outside) == before
    assert "outside the repository" in result.stdout + result.stderr
    assert OUTSIDE_TEXT not in result.stdout + result.stderr  # nor shown as diff context


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_helm_directory_linked_outside(cli, tmp_path, outside, flag) -> None:
    files = {k: v for k, v in tree().items() if "/helm/" not in k}
    root = write_tree(tmp_path / "repo", files)
    (root / SYNC).mkdir(parents=True, exist_ok=True)
    (root / SYNC / "helm").symlink_to(outside / "helm")
    committed(root)
    before = snapshot(outside)
    result = cli("lint", flag, "--sync-path", SYNC, str(root))
    assert_handled(result, codes=(1,))
    assert snapshot(outside) == before


@pytest.mark.parametrize("spec_path", ["/tmp/elsewhere", "../../elsewhere", "./a/../../x"])
def test_escaping_sync_path_in_gotk_sync_is_a_finding_not_a_target(cli, tmp_path, spec_path):
    files = {k: v for k, v in tree().items() if "/helm/" not in k}
    files[GOTK] = gotk_sync(spec_path)
    root = committed(write_tree(tmp_path / "repo", files))
    result = cli("lint", "--fix", str(root))
    assert "[sync-path-mismatch]" in result.stdout
    assert "outside the repository" not in result.stderr  # never tried
    assert not (tmp_path / "elsewhere").exists() and not Path("/tmp/elsewhere").exists()
    assert not list(tmp_path.glob("x*"))


def authoring_repo(tmp_path: Path, outside: Path) -> Path:
    from tests.authoring.conftest import CLUSTER_FILES, answers

    files = {k: v for k, v in CLUSTER_FILES.items() if "/helm/" not in k}
    root = write_tree(tmp_path / "repo", {**files, ".copier-answers.yml": answers("clusters/dev")})
    (root / "clusters/dev").mkdir(parents=True, exist_ok=True)
    (root / "clusters/dev/helm").symlink_to(outside / "helm")
    return committed(root)


def test_add_through_a_helm_directory_linked_outside(cli, tmp_path, outside) -> None:
    root = authoring_repo(tmp_path, outside)
    before = snapshot(outside)
    result = cli("add", "repository", "podinfo", "--url", "https://x.example", cwd=root)
    assert_handled(result, codes=(1, 2))
    assert "outside" in result.stderr
    assert snapshot(outside) == before


def test_seal_through_a_helm_directory_linked_outside(cli, tmp_path, outside, cert_file) -> None:
    root = authoring_repo(tmp_path, outside)
    before = snapshot(outside)
    result = cli("seal", "db", "-n", "apps", "--cert", str(cert_file), "--from-literal", "a=b",
                 cwd=root)  # fmt: skip
    assert_handled(result, codes=(1, 2))
    assert "outside" in result.stderr
    assert snapshot(outside) == before


# Every file the tool writes replaces a committed symlink rather than writing through it,
# and refuses a target that resolves out of the repository or into `.git`.

SARIF = "gitops-lint.sarif"


def _link_target(root: Path, outside: Path, where: str) -> Path:
    if where == "outside":
        return outside / "ignore"
    target = root / (".git/hooks/pre-commit" if where == "hook" else "docs/notes.md")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(OUTSIDE_TEXT)
    return target


@pytest.mark.parametrize("where", ["outside", "hook", "inside"])
def test_lint_output_never_writes_through_a_committed_link(cli, tmp_path, outside, where):
    root = committed(write_tree(tmp_path / "repo", tree()))
    target = _link_target(root, outside, where)
    (root / SARIF).symlink_to(target)
    git(root, "add", SARIF)
    git(root, "commit", "--quiet", "-m", "report link")
    result = cli("lint", "-o", "sarif", "--output-file", SARIF, str(root), cwd=root)
    assert "Traceback" not in result.stderr
    assert target.read_text() == OUTSIDE_TEXT
    if where == "inside":  # the link is replaced by the report
        assert not (root / SARIF).is_symlink()
        assert '"version": "2.1.0"' in (root / SARIF).read_text()
    else:
        assert result.exit_code == 1
        assert "refusing to write" in result.stderr


def test_lint_output_into_a_directory_linked_outside(cli, tmp_path, outside) -> None:
    root = committed(write_tree(tmp_path / "repo", tree()))
    (root / "reports").symlink_to(outside / "helm")
    before = snapshot(outside)
    result = cli("lint", "-o", "sarif", "--output-file", "reports/x.sarif", str(root), cwd=root)
    assert_handled(result, codes=(1,))
    assert "refusing to write" in result.stderr
    assert snapshot(outside) == before


def test_fix_through_a_link_into_git_is_refused(cli, tmp_path) -> None:
    from tests.reliability.test_nothing_lost import DEPRECATED, RELEASE_PATH

    root = committed(write_tree(tmp_path / "repo", tree(**{RELEASE_PATH: None})))
    hidden = root / ".git/r.yaml"
    hidden.write_text(DEPRECATED)
    (root / RELEASE_PATH).symlink_to(hidden)
    result = cli("lint", str(root), "--sync-path", SYNC, "--fix")
    assert_handled(result, codes=(0,))  # not read, so nothing to fix: one warning
    assert hidden.read_text() == DEPRECATED
    assert f"symlink `{RELEASE_PATH}` points into a .git directory; not followed" in result.stdout


def test_upgrade_of_a_linked_release_replaces_the_link(cli, fleet) -> None:
    from tests.authoring.test_upgrade import NEW, OLD, RELEASE

    shared = write_tree(fleet, {"shared/grafana.yaml": RELEASE}) / "shared/grafana.yaml"
    (fleet / OLD).symlink_to(shared)
    git(fleet, "add", "-A")
    git(fleet, "commit", "--quiet", "-m", "linked release")
    result = cli("upgrade", "release", "grafana", "--version", "8.6.0", cwd=fleet)
    assert_handled(result, codes=(0,))
    assert shared.read_bytes() == RELEASE.encode()
    assert not (fleet / NEW).is_symlink()
    assert b"'8.6.0'" in (fleet / NEW).read_bytes()


def test_new_into_a_dest_whose_github_folder_links_outside(cli, tmp_path, outside) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / ".github").symlink_to(outside / "helm")
    before = snapshot(outside)
    result = cli("new", str(dest), "--no-commit", "--force", "-d", "ci=github")
    assert_handled(result, codes=(1,))
    assert "outside" in result.stderr
    assert snapshot(outside) == before
    assert sorted(p.name for p in dest.iterdir()) == [".github"]


def test_update_never_writes_through_a_linked_answers_file(cli, tmp_path, outside) -> None:
    from tests.template_repo import make_template_repo

    template = make_template_repo(tmp_path / "template", "v1.0.0")
    repo = tmp_path / "fleet"
    assert cli("new", str(repo), "--template", str(template)).exit_code == 0
    answers = repo / ".copier-answers.yml"
    kept = outside / "answers.yml"
    kept.write_bytes(answers.read_bytes())
    answers.unlink()
    answers.symlink_to(kept)
    git(repo, "commit", "--quiet", "-am", "answers elsewhere")
    before = kept.read_bytes()
    mirror = tmp_path / "mirror.git"
    git(tmp_path, "clone", "--quiet", "--mirror", str(template), str(mirror))
    result = cli("update", "--defaults", "--template", str(mirror), cwd=repo)
    assert_handled(result, codes=(1, 2))
    assert kept.read_bytes() == before
