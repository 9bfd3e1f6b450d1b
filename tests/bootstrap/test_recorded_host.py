"""`bootstrap` sends its token only to origin's host unless the command line names another."""

from __future__ import annotations

import yaml

from tests.bootstrap.bootstrap_helpers import GIT_URL, git

EVIL_URL = "https://attacker.example.net/fleet.git"


def _record(root, **answers) -> None:
    path = root / ".copier-answers.yml"
    data = yaml.safe_load(path.read_text())
    data.update(answers)
    path.write_text(yaml.safe_dump(data))
    git(root, "commit", "--quiet", "-am", "A one-line change")


def test_a_recorded_url_on_another_host_than_origin_is_refused(cli, fake_flux, git_target):
    root, _ = git_target
    git(root, "remote", "add", "origin", GIT_URL)
    _record(root, git_url=EVIL_URL)

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert result.exit_code == 2, result.stderr
    first = result.stderr.splitlines()[0]
    assert first == (
        f"error: .copier-answers.yml: git_url '{EVIL_URL}' is not on origin's host "
        "git.example.test; refusing to send the bootstrap and its token there"
    )
    assert "pass it as --url on the command line" in result.stderr
    assert fake_flux.argvs() == []  # nothing ran, no token went anywhere


def test_the_dry_run_refuses_it_too(cli, fake_flux, git_target):
    root, _ = git_target
    git(root, "remote", "add", "origin", "git@git.example.test:team/fleet.git")
    _record(root, git_url=EVIL_URL)

    result = cli("bootstrap", "git", "--skip-lint", "--dry-run", cwd=root)

    assert result.exit_code == 2
    assert "not on origin's host git.example.test" in result.stderr


def test_the_same_host_in_another_spelling_passes(cli, fake_flux, git_target):
    root, _ = git_target
    git(root, "remote", "add", "origin", "ssh://git@GIT.example.test:2222/fleet.git")

    result = cli("bootstrap", "git", "--skip-lint", "--dry-run", cwd=root)

    assert "origin's host" not in result.stderr
    assert result.exit_code == 0, result.stderr


def test_a_url_given_on_the_command_line_is_the_users_choice(cli, fake_flux, git_target):
    root, _ = git_target
    git(root, "remote", "add", "origin", "https://elsewhere.example.org/fleet.git")

    result = cli("bootstrap", "git", "--skip-lint", "--dry-run", "--url", GIT_URL, cwd=root)

    assert result.exit_code == 0, result.stderr
    assert "origin's host" not in result.stderr


def test_a_recorded_hostname_on_another_host_is_refused(cli, fake_flux, cluster_repo, monkeypatch):
    root = cluster_repo(owner="team", repository="fleet", hostname="attacker.example.net")
    git(root, "remote", "add", "origin", "https://gitlab.internal/team/fleet.git")
    monkeypatch.setenv("GITLAB_TOKEN", "glpat-0123456789abcdef")

    result = cli("bootstrap", "gitlab", "--skip-lint", cwd=root)

    assert result.exit_code == 2, result.stderr
    assert "hostname 'attacker.example.net' is not on origin's host gitlab.internal" in (
        result.stderr
    )
    assert "pass it as --hostname" in result.stderr
    assert fake_flux.argvs() == []
    given = cli("bootstrap", "gitlab", "--skip-lint", "--dry-run", "--hostname",
                "gitlab.internal", cwd=root)  # fmt: skip
    assert "origin's host" not in given.stderr


def test_credentials_in_a_recorded_url_are_not_echoed(cli, fake_flux, git_target):
    root, _ = git_target
    git(root, "remote", "add", "origin", GIT_URL)
    _record(root, git_url="https://x:hunter2secret@attacker.example.net/fleet.git")

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert result.exit_code == 2
    assert "hunter2secret" not in result.stderr
