"""Where a copy of the tool came from: the Git source holding its commit, and how pip got it."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold import __version__
from scaffold.errors import UsageError
from scaffold.new import provenance
from tests.conftest import git


@pytest.fixture
def upstream(make_git_repo, tmp_path: Path) -> Path:
    repo = make_git_repo({"copier.yml": "{}\n"}, name="src")
    bare = tmp_path / "upstream.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(repo), str(bare))
    return bare


def test_a_fresh_clone_comes_from_its_remote(upstream: Path, tmp_path: Path) -> None:
    git(tmp_path, "clone", "--quiet", str(upstream), "clone")
    origin = provenance.of_template(tmp_path / "clone")
    head = git(tmp_path / "clone", "rev-parse", "HEAD").strip()
    assert origin == provenance.Provenance(upstream.as_uri(), head, "", from_index=False)
    assert origin.template_data() == {
        "scaffold_repo_url": upstream.as_uri(), "scaffold_rev": head,
        "scaffold_from_index": False,
    }  # fmt: skip


def test_a_commit_made_here_comes_from_here(upstream: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(upstream), str(clone))
    git(clone, "commit", "--quiet", "--allow-empty", "-m", "local")
    origin = provenance.of_template(clone)
    assert (origin.source, origin.commit) == (str(clone), git(clone, "rev-parse", "HEAD").strip())


def test_a_checkout_at_its_release_tag_records_the_tag(upstream: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(upstream), str(clone))
    git(clone, "tag", f"v{__version__}")
    origin = provenance.of_template(clone)
    assert origin.revision == f"v{__version__}"
    # Not installed from an index: CI still installs the exact commit from Git.
    assert (origin.release, origin.install_rev) == (False, origin.commit)


def test_an_index_release_installs_from_the_index(tmp_path: Path, monkeypatch) -> None:
    bundle = tmp_path / "site-packages/scaffold/_bundle"
    bundle.mkdir(parents=True)
    (bundle.parent / "_origin.json").write_text(
        f'{{"source": "/x/clone", "commit": "{"a" * 40}", "tag": "v{__version__}"}}'
    )
    monkeypatch.setattr(provenance, "installed_from_index", lambda package: True)
    origin = provenance.of_template(bundle)
    assert origin.release and origin.install_rev == f"v{__version__}"
    assert origin.source == "https://github.com/gitops-scaffold/gitops-scaffold.git"


def test_a_broken_origin_record_is_one_line(tmp_path: Path) -> None:
    bundle = tmp_path / "scaffold/_bundle"
    bundle.mkdir(parents=True)
    (bundle.parent / "_origin.json").write_text("[1, 2")
    with pytest.raises(provenance.ScaffoldError, match=r"_origin\.json is unreadable"):
        provenance.of_template(bundle)


def test_a_bare_repository_not_named_dot_git_is_refused(upstream: Path, tmp_path: Path) -> None:
    assert provenance.git_source(str(upstream)) == upstream.as_uri()
    plain = upstream.rename(tmp_path / "plain")
    with pytest.raises(UsageError, match=r"bare Git repository whose name does not end in \.git"):
        provenance.git_source(str(plain))


@pytest.mark.parametrize(
    ("source", "url"),
    [("/srv/g.git", "git+file://localhost/srv/g.git"),
     ("file:///srv/g.git", "git+file://localhost/srv/g.git"),
     ("https://h/g.git", "git+https://h/g.git"),
     ("git@h:o/g.git", "git+ssh://git@h/o/g.git")],
)  # fmt: skip
def test_pip_url(source: str, url: str) -> None:
    assert provenance.pip_url(source) == url
