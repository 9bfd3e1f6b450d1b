"""Each preflight failure stops the bootstrap before flux changes anything."""

from __future__ import annotations

import pytest

from tests.bootstrap.bootstrap_helpers import GIT_URL, git

GITHUB_ANSWERS = {
    "git_provider": "github",
    "owner": "alice",
    "repository": "fleet",
    "personal": True,
    "private": True,
}


def test_missing_flux_names_the_install_and_the_command(cli, no_flux, git_target) -> None:
    root, _ = git_target

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert result.exit_code == 1
    assert "[fail] flux CLI" in result.stderr
    assert "error: `flux` was not found on PATH" in result.stderr
    hint = next(line for line in result.stderr.splitlines() if line.startswith("  hint:"))
    assert "https://fluxcd.io/flux/installation/" in hint
    assert f"flux bootstrap git --url={GIT_URL} --branch=main --path=clusters/dev" in hint


def test_missing_token_fails_before_any_flux_call(cli, fake_flux, cluster_repo) -> None:
    root = cluster_repo(**GITHUB_ANSWERS)

    result = cli("bootstrap", "github", "--skip-lint", cwd=root)

    assert result.exit_code == 1
    assert "[ok]   flux CLI" in result.stderr
    assert "[fail] token: GITHUB_TOKEN is not set" in result.stderr
    assert fake_flux.calls() == []


def test_git_over_https_needs_git_password(cli, fake_flux, cluster_repo, monkeypatch) -> None:
    monkeypatch.delenv("GIT_PASSWORD", raising=False)
    root = cluster_repo(git_provider="git", git_url="https://git.example.com/fleet.git")
    result = cli("bootstrap", "git", "--skip-lint", cwd=root)
    assert result.exit_code == 1
    assert "GIT_PASSWORD is not set" in result.stderr


def test_git_over_ssh_needs_no_token(cli, fake_flux, cluster_repo) -> None:
    root = cluster_repo(git_provider="git", git_url="ssh://git@git.example.com/fleet.git")
    result = cli("bootstrap", "git", "--skip-lint", "--dry-run", "--",
                 "--private-key-file=deploy.key", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert "[ok]   token: no token needed (an SSH deploy key" in result.stderr
    # No terminal to confirm the key: flux is told it is authorised already.
    assert result.stdout.split()[-2:] == ["--silent", "--private-key-file=deploy.key"]


def test_deploy_key_question_without_a_terminal_is_refused(cli, fake_flux, cluster_repo):
    root = cluster_repo(git_provider="git", git_url="ssh://git@git.example.com/fleet.git")
    result = cli("bootstrap", "git", "--skip-lint", cwd=root)
    assert result.exit_code == 2
    assert "[fail] transport: flux bootstrap git would generate a deploy key" in result.stderr
    assert "--private-key-file=KEY" in result.stderr
    assert not any(argv[0] == "bootstrap" for argv in fake_flux.argvs())


def test_deploy_key_with_the_users_silent_flag_runs(cli, fake_flux, cluster_repo, https_remote):
    root = cluster_repo(git_provider="git", git_url="ssh://git@git.example.test/fleet.git")
    fake_flux.set("REMOTE", https_remote.as_uri())

    result = cli("bootstrap", "git", "--skip-lint", "--", "--silent", cwd=root)

    assert result.exit_code == 0, result.stderr
    assert "[ok]   verify: the cluster pulls ssh://git@git.example.test/fleet.git" in result.stderr
    bootstrap = next(argv for argv in fake_flux.argvs() if argv[0] == "bootstrap")
    assert bootstrap.count("--silent") == 1 and "--token-auth" not in bootstrap


def test_token_auth_false_chooses_the_deploy_key(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    result = cli("bootstrap", "git", "--skip-lint", "--", "--token-auth=false", "--silent",
                 cwd=root)
    assert result.exit_code == 0, result.stderr
    assert "[ok]   verify: the cluster pulls ssh://git@git.example.test/fleet.git" in result.stderr
    bootstrap = next(argv for argv in fake_flux.argvs() if argv[0] == "bootstrap")
    assert "--token-auth" not in bootstrap


@pytest.mark.parametrize(
    ("url", "args", "expected"),
    [
        ("file:///srv/git/fleet.git", [], "supports only ssh://, https:// and http:// URLs"),
        ("git@git.example.com:fleet.git", [], "write an scp-like address as ssh://"),
        ("http://git.example.com/fleet.git", [], "flux refuses the plain-http URL"),
    ],
)
def test_urls_flux_refuses_are_refused_first(cli, fake_flux, cluster_repo, url, args, expected):
    root = cluster_repo(git_provider="git", git_url=url)
    result = cli("bootstrap", "git", "--skip-lint", "--", *args, cwd=root)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert not any(argv[0] == "bootstrap" for argv in fake_flux.argvs())


def test_plain_http_is_accepted_when_the_user_allows_it(cli, fake_flux, cluster_repo) -> None:
    root = cluster_repo(git_provider="git", git_url="http://git.example.com/fleet.git")
    result = cli("bootstrap", "git", "--skip-lint", "--dry-run", "--", "--allow-insecure-http",
                 cwd=root)
    assert "[ok]   transport: token auth" in result.stderr


def test_failing_pre_check_stops_before_bootstrap(cli, fake_flux, git_target) -> None:
    root, remote = git_target
    fake_flux.set("KUBERNETES_VERSION", "1.27.3")

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert result.exit_code == 1
    # flux printed its upgrade notice first (FAKE_FLUX_LATEST is newer); the reason follows.
    expected = ("[fail] cluster: `flux check --pre` failed:"
                " ✗ Kubernetes version v1.27.3 does not match >=1.33.0-0")
    assert expected in result.stderr
    assert fake_flux.argvs() == [["check", "--pre"]]
    assert git(remote, "for-each-ref") == ""


def test_lint_errors_stop_the_bootstrap(cli, fake_flux, git_target) -> None:
    import pytest

    pytest.importorskip("scaffold.lint.engine")
    root, _ = git_target
    release = root / "clusters/dev/helm/releases/podinfo-v6.0.0.yaml"
    release.write_text(
        "apiVersion: helm.toolkit.fluxcd.io/v2beta1\nkind: HelmRelease\n"
        "metadata:\n  name: podinfo\n  namespace: default\n"
        "spec:\n  interval: 5m\n  chart:\n    spec:\n      chart: podinfo\n"
        "      version: 6.0.0\n      sourceRef:\n        kind: HelmRepository\n"
        "        name: podinfo\n"
    )
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "Add a release with a removed API")

    result = cli("bootstrap", "git", cwd=root)

    assert result.exit_code == 1
    assert "[fail] lint" in result.stderr
    assert ["check", "--pre"] in fake_flux.argvs()
    assert not any(argv[0] == "bootstrap" for argv in fake_flux.argvs())


def test_dirty_tree_stops_the_bootstrap(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    (root / "notes.txt").write_text("draft\n")

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert result.exit_code == 1
    assert "[skip] lint: --skip-lint" in result.stderr
    expected = "[fail] git: the working tree has 1 uncommitted change(s), e.g. notes.txt"
    assert expected in result.stderr
    assert fake_flux.argvs() == [["check", "--pre"]]


def test_repository_without_commit_is_refused(cli, fake_flux, tmp_path, https_remote) -> None:
    from tests.bootstrap.bootstrap_helpers import layout, write_tree

    root = write_tree(tmp_path / "fresh", layout(git_provider="git", git_url=GIT_URL))
    git(root, "init", "--quiet", "--initial-branch=main")
    result = cli("bootstrap", "git", "--skip-lint", cwd=root)
    assert result.exit_code == 1
    assert "not a git repository with at least one commit" in result.stderr


def test_checks_run_in_the_documented_order(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    result = cli("bootstrap", "git", "--skip-lint", "--dry-run", cwd=root)
    steps = [line.split(":")[0].split()[-1] for line in result.stderr.splitlines()
             if line.startswith("[")]
    assert steps == ["CLI", "transport", "token", "cluster", "lint", "git"]


def test_upgrade_notice_is_a_warning_not_a_failure(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    result = cli("bootstrap", "git", "--skip-lint", "--dry-run", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert ("[ok]   cluster: flux check --pre passed"
            " (warning: flux CLI 2.7.3 is older than the latest release 2.9.4)") in result.stderr


def test_several_clusters_need_a_choice(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    (root / ".copier-answers.clusters.prod.yml").write_text("sync_path: clusters/prod\n")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "second cluster")

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert result.exit_code == 2
    assert "clusters/dev, clusters/prod" in result.stderr
    assert fake_flux.calls() == []


def test_missing_owner_is_a_usage_error(cli, fake_flux, cluster_repo) -> None:
    root = cluster_repo(git_provider="github", repository="fleet")
    result = cli("bootstrap", "github", "--skip-lint", cwd=root)
    assert result.exit_code == 2
    assert "no owner for clusters/dev: pass --owner" in result.stderr


class _Finding:
    rule, severity, path, line, column = "removed-api", "error", "a.yaml", 3, 1
    message = "helm.toolkit.fluxcd.io/v2beta1 was removed in Flux 2.7"


class _Warning(_Finding):
    rule, severity, path, line = "style", "warning", "b.yaml", 1
    message = "only a warning"


class _Report:
    def __init__(self, errors: int) -> None:
        self.errors = errors
        self.findings = [_Warning(), *[_Finding()] * errors]


def _engine(monkeypatch, errors: int, seen: list) -> None:
    """Stand in for the linter's API (`run_lint(root)` -> report) to pin how we use it; the
    model the cluster is chosen from is the real one."""
    import types

    from scaffold.lint.engine import configured_model

    engine = types.ModuleType("scaffold.lint.engine")
    engine.configured_model = configured_model

    def run_lint(root):
        seen.append(root)
        return _Report(errors)

    engine.run_lint = run_lint
    modules = __import__("sys").modules
    monkeypatch.setitem(modules, "scaffold.lint", types.ModuleType("scaffold.lint"))
    monkeypatch.setitem(modules, "scaffold.lint.engine", engine)


def test_lint_step_reports_the_engines_errors(cli, fake_flux, git_target, monkeypatch) -> None:
    root, _ = git_target
    seen: list = []
    _engine(monkeypatch, errors=2, seen=seen)

    result = cli("bootstrap", "git", "--dry-run", cwd=root)

    assert result.exit_code == 1
    assert seen == [root.resolve()]
    expected = "[fail] lint: lint found 2 error(s): a.yaml:3: removed-api: helm.toolkit"
    assert expected in result.stderr
    assert "only a warning" not in result.stderr


def test_lint_step_passes_a_clean_report(cli, fake_flux, git_target, monkeypatch) -> None:
    root, _ = git_target
    _engine(monkeypatch, errors=0, seen=[])
    result = cli("bootstrap", "git", "--dry-run", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert "[ok]   lint: no lint errors" in result.stderr
