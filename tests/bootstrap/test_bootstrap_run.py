"""Dry run, token redaction, flux failing, diverged remotes, provider command lines."""

from __future__ import annotations

import shlex
import subprocess
from urllib.parse import quote

import pytest

from scaffold.bootstrap.options import BootstrapOptions
from scaffold.bootstrap.run import bootstrap_repository
from scaffold.commands.output import console
from tests.bootstrap.bootstrap_helpers import GIT_URL, git

TOKEN = "ghp_PlantedTokenValue0123456789abcdef"
GITHUB_ANSWERS = {
    "git_provider": "github",
    "owner": "alice",
    "repository": "fleet",
    "personal": True,
    "private": True,
}


def test_dry_run_prints_the_command_and_changes_nothing(cli, fake_flux, git_target) -> None:
    root, remote = git_target
    head = git(root, "rev-parse", "HEAD")

    result = cli(
        "bootstrap",
        "git",
        "--skip-lint",
        "--dry-run",
        "--",
        "--commit-message-appendix",
        "[ci skip]",
        cwd=root,
    )

    assert result.exit_code == 0, result.stderr
    assert shlex.split(result.stdout) == [
        "flux", "bootstrap", "git", f"--url={GIT_URL}", "--branch=main",
        "--path=clusters/dev", "--token-auth", "--commit-message-appendix", "[ci skip]",
    ]
    assert "'[ci skip]'" in result.stdout
    assert fake_flux.argvs() == [["check", "--pre"]]
    assert git(remote, "for-each-ref") == ""
    assert git(root, "rev-parse", "HEAD") == head
    assert git(root, "remote") == ""


def test_dry_run_reports_every_failed_check(cli, no_flux, cluster_repo) -> None:
    root = cluster_repo(**GITHUB_ANSWERS)
    (root / "scratch.txt").write_text("x")

    result = cli("bootstrap", "github", "--skip-lint", "--dry-run", cwd=root)

    assert result.exit_code == 1
    assert "[fail] flux CLI" in result.stderr
    assert "[fail] token" in result.stderr
    assert "[skip] cluster: flux not found" in result.stderr
    assert "[fail] git" in result.stderr
    assert result.stdout.strip() == (
        "flux bootstrap github --owner=alice --repository=fleet --personal"
        " --branch=main --path=clusters/dev"
    )


def test_token_never_appears_in_output_or_argv(cli, fake_flux, git_target, monkeypatch) -> None:
    root, _ = git_target
    monkeypatch.setenv("GIT_PASSWORD", TOKEN)
    fake_flux.set("LEAK", "GIT_PASSWORD")  # the fake prints the value it was given

    result = cli("bootstrap", "git", "--skip-lint", "--", "--token-auth", cwd=root)

    assert result.exit_code == 0, result.stderr
    assert "[ok]   token: GIT_PASSWORD is set" in result.stderr
    assert "► authenticating with ***" in result.stderr
    assert TOKEN not in result.stdout + result.stderr
    for call in fake_flux.calls():
        assert TOKEN not in " ".join(call["argv"])
    bootstrap_call = next(c for c in fake_flux.calls() if c["argv"][0] == "bootstrap")
    assert "GIT_PASSWORD" in bootstrap_call["env"]
    assert bootstrap_call["argv"].count("--token-auth") == 1


def test_token_is_redacted_from_flux_failures(cli, fake_flux, cluster_repo, monkeypatch) -> None:
    root = cluster_repo(**GITHUB_ANSWERS)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    fake_flux.fail("check-pre", 1)
    # A kubeconfig error that quotes a token, as an exec plugin's message may.
    fake_flux.set("CHECK_OUTPUT", f"✗ Kubernetes client initialization failed: token {TOKEN}\n")

    result = cli("bootstrap", "github", "--skip-lint", cwd=root)

    assert result.exit_code == 1
    assert TOKEN not in result.stdout + result.stderr
    # The cause is reported, not flux's upgrade notice printed before it.
    assert "failed: ✗ Kubernetes client initialization failed: token ***" in result.stderr


def test_token_is_redacted_from_quoted_errors(cli, fake_flux, git_target, monkeypatch) -> None:
    """git or flux may quote a URL or message holding the token; our error never does."""
    import scaffold.bootstrap.run as run
    from scaffold.errors import ScaffoldError

    root, _ = git_target
    monkeypatch.setenv("GIT_PASSWORD", TOKEN)

    def leaky_converge(*args, **kwargs):
        raise ScaffoldError(
            f"fetch from https://bot:{TOKEN}@git.example.com failed", hint=f"retry with {TOKEN}"
        )

    monkeypatch.setattr(run, "converge", leaky_converge)

    result = cli("bootstrap", "git", "--skip-lint", "--", "--token-auth", cwd=root)

    assert result.exit_code == 1
    assert "fetch from https://bot:***@git.example.com failed" in result.stderr
    assert "retry with ***" in result.stderr
    assert TOKEN not in result.stdout + result.stderr


def test_password_flag_is_refused(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    result = cli("bootstrap", "git", "--skip-lint", "--", f"--password={TOKEN}", cwd=root)
    assert result.exit_code == 2
    assert "refusing to pass --password on the flux command line" in result.stderr
    assert "export GIT_PASSWORD" in result.stderr
    assert TOKEN not in result.stdout + result.stderr
    assert fake_flux.calls() == []


@pytest.mark.parametrize(
    ("args", "flag", "instead"),
    [
        ([f"--password={TOKEN}"], "--password", "GIT_PASSWORD"),
        (["--password", TOKEN], "--password", "GIT_PASSWORD"),
        ([f"-p{TOKEN}"], "--password", "GIT_PASSWORD"),
        ([f"-sp{TOKEN}"], "--password", "GIT_PASSWORD"),
        (["-s", "-p", TOKEN], "--password", "GIT_PASSWORD"),
        (["--image-pull-secret=regcred", f"--registry-creds=bot:{TOKEN}"], "--registry-creds",
         "--image-pull-secret"),
        (["--gpg-key-ring=ring.gpg", "--gpg-passphrase", TOKEN], "--gpg-passphrase",
         "--gpg-key-ring"),
        ([f"--ssh-signing-password={TOKEN}"], "--ssh-signing-password", "--ssh-signing-key-file"),
        ([f"--ssh-signing-passphrase={TOKEN}"], "--ssh-signing-passphrase",
         "--ssh-signing-key-file"),
        ([f"--token={TOKEN}"], "--token", "--kubeconfig"),
        ([f"--vault-secret={TOKEN}"], "--vault-secret", "file or the environment"),
        ([f"--api-creds={TOKEN}"], "--api-creds", "file or the environment"),
    ],
)
def test_credential_flags_are_refused_in_every_spelling(
    cli, fake_flux, git_target, args, flag, instead
) -> None:
    root, _ = git_target
    result = cli("bootstrap", "git", "--skip-lint", "--dry-run", "--", *args, cwd=root)
    assert result.exit_code == 2
    assert f"refusing to pass {flag} on the flux command line" in result.stderr
    assert instead in result.stderr
    assert TOKEN not in result.stdout + result.stderr
    assert fake_flux.calls() == []


def test_flags_that_only_name_a_secret_pass(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    args = ["--secret-name=fleet-auth", "--image-pull-secret=regcred", "--with-bearer-token"]
    result = cli("bootstrap", "git", "--skip-lint", "--dry-run", "--", *args, cwd=root)
    assert result.exit_code == 0, result.stderr
    # --with-bearer-token implies token auth: no second --token-auth.
    assert shlex.split(result.stdout)[-4:] == ["--path=clusters/dev", *args]


def test_url_encoded_token_is_redacted(cli, fake_flux, git_target, monkeypatch) -> None:
    root, _ = git_target
    token = "glpat/Planted+Token=0123456789"
    monkeypatch.setenv("GIT_PASSWORD", token)
    monkeypatch.setenv("ENCODED", f"https://bot:{quote(token, safe='')}@git.example.test")
    fake_flux.set("LEAK", "ENCODED")  # the fake prints it, as git does in a URL

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert "► authenticating with https://bot:***@git.example.test" in result.stderr
    assert quote(token, safe="") not in result.stdout + result.stderr
    assert token not in result.stdout + result.stderr


def test_url_with_a_password_is_refused(cli, fake_flux, cluster_repo) -> None:
    root = cluster_repo(git_provider="git")
    url = f"https://bot:{TOKEN}@git.example.com/fleet.git"
    result = cli("bootstrap", "git", "--skip-lint", "--dry-run", "--url", url, cwd=root)
    assert result.exit_code == 2
    assert "the repository URL: the URL carries credentials" in result.stderr
    assert TOKEN not in result.stdout + result.stderr
    assert fake_flux.calls() == []


def test_flags_we_manage_cannot_be_overridden_after_dashes(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    result = cli("bootstrap", "git", "--skip-lint", "--", "--path=clusters/other", cwd=root)
    assert result.exit_code == 2
    assert "use `gitops-scaffold bootstrap --sync-path`" in result.stderr


def test_flux_failure_keeps_its_exit_code_and_changes_nothing(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    head = git(root, "rev-parse", "HEAD")
    fake_flux.fail("bootstrap", 7)

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert result.exit_code == 1
    assert "error: `flux bootstrap` failed with exit code 7: ✗ bootstrap failed" in result.stderr
    # flux had pushed its commits before the health check failed: the hint says so.
    assert "flux pushed commits to the remote before it failed" in result.stderr
    assert git(root, "rev-parse", "HEAD") == head
    assert git(root, "remote") == ""


def test_flux_failing_before_any_push_keeps_the_plain_hint(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    fake_flux.set("CLUSTER", "unreachable")
    fake_flux.set("CHECK_OUTPUT", "✔ Kubernetes 1.33.1 >=1.33.0-0\n")  # pre-check passes

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert result.exit_code == 1
    assert "cluster info unavailable" in result.stderr
    assert "fix the cause and run the same command again" in result.stderr
    assert "pushed commits" not in result.stderr


def test_failing_flux_check_after_bootstrap_points_at_logs(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    fake_flux.set("CONTROLLERS_NOT_READY", "source-controller")

    result = cli("bootstrap", "git", "--skip-lint", cwd=root)

    assert result.exit_code == 1
    expected = "`flux check` failed after the bootstrap: ✗ source-controller: deployment not ready"
    assert expected in result.stderr
    assert "flux logs --all-namespaces --level=error" in result.stderr


def test_unreachable_remote_after_bootstrap_says_flux_succeeded(cli, fake_flux, git_target):
    root, _ = git_target
    git(root, "remote", "add", "origin", "file:///nonexistent/fleet.git")

    result = cli("bootstrap", "git", "--skip-lint", "--remote", "origin", cwd=root)

    assert result.exit_code == 1
    assert "error: flux bootstrap succeeded, but `git` exited with code" in result.stderr
    assert "the cluster is bootstrapped" in result.stderr


def _diverge(root, remote, local_change, remote_change):
    """Publish the layout, then commit on both sides independently."""
    git(root, "remote", "add", "origin", GIT_URL)
    git(root, "push", "--quiet", "origin", "main")
    other = remote.parent / "other-clone"
    git(remote.parent, "clone", "--quiet", GIT_URL, str(other))
    for repo, (name, text) in ((other, remote_change), (root, local_change)):
        (repo / name).write_text(text)
        git(repo, "add", "-A")
        git(repo, "commit", "--quiet", "-m", f"edit {name} in {repo.name}")
    git(other, "push", "--quiet", "origin", "main")
    return git(other, "rev-parse", "HEAD").strip()


def test_diverged_remote_is_merged_not_rewritten(cli, fake_flux, git_target) -> None:
    root, remote = git_target
    remote_commit = _diverge(root, remote, ("LOCAL.md", "local\n"), ("REMOTE.md", "remote\n"))
    local_commit = git(root, "rev-parse", "HEAD").strip()

    result = cli("bootstrap", "git", "--skip-lint", "--push", cwd=root)

    assert result.exit_code == 0, result.stderr
    for commit in (remote_commit, local_commit):
        done = subprocess.run(["git", "merge-base", "--is-ancestor", commit, "HEAD"], cwd=root)
        assert done.returncode == 0
    assert (root / "REMOTE.md").is_file() and (root / "LOCAL.md").is_file()
    assert git(remote, "rev-parse", "main") == git(root, "rev-parse", "HEAD")


def test_conflicting_remote_is_left_for_the_user(cli, fake_flux, git_target) -> None:
    root, remote = git_target
    _diverge(root, remote, ("README.md", "# local\n"), ("README.md", "# remote\n"))
    head = git(root, "rev-parse", "HEAD")

    result = cli("bootstrap", "git", "--skip-lint", "--push", cwd=root)

    assert result.exit_code == 1
    expected = "flux bootstrap succeeded, but merging origin/main conflicts in README.md"
    assert expected in result.stderr
    assert "git merge origin/main" in result.stderr
    assert git(root, "rev-parse", "HEAD") == head
    assert git(root, "status", "--porcelain") == ""
    # Nothing was pushed: the remote keeps flux's tip.
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "Add Flux sync manifests"


@pytest.mark.parametrize(
    ("provider", "answers", "expected"),
    [
        ("github", GITHUB_ANSWERS,
         ["--owner=alice", "--repository=fleet", "--personal"]),
        ("gitlab", {"owner": "team", "repository": "fleet", "personal": False, "private": False,
                    "hostname": "gitlab.internal"},
         ["--owner=team", "--repository=fleet", "--hostname=gitlab.internal",
          "--visibility=public"]),
        ("gitea", {"owner": "bob", "repository": "fleet", "personal": True},
         ["--owner=bob", "--repository=fleet", "--personal"]),
        ("github", {"owner": "acme", "repository": "fleet"},  # personal: flux's default, false
         ["--owner=acme", "--repository=fleet"]),
        ("bitbucket-server", {"owner": "OPS", "repository": "fleet", "personal": False,
                              "hostname": "bitbucket.internal", "username": "ops-bot"},
         ["--owner=OPS", "--repository=fleet", "--hostname=bitbucket.internal",
          "--username=ops-bot"]),
    ],
)
def test_provider_command_lines(
    cli, fake_flux, cluster_repo, bare_remote, monkeypatch, provider, answers, expected
) -> None:
    remote = bare_remote()
    root = cluster_repo(**answers)
    git(root, "remote", "add", "origin", remote.as_uri())
    token_variable = {
        "github": "GITHUB_TOKEN",
        "gitlab": "GITLAB_TOKEN",
        "gitea": "GITEA_TOKEN",
        "bitbucket-server": "BITBUCKET_TOKEN",
    }[provider]
    monkeypatch.setenv(token_variable, TOKEN)
    fake_flux.set("REMOTE", remote.as_uri())

    result = cli("bootstrap", provider, "--skip-lint", "--remote", "origin", cwd=root)

    assert result.exit_code == 0, result.stderr
    bootstrap_call = next(c for c in fake_flux.calls() if c["argv"][0] == "bootstrap")
    assert bootstrap_call["argv"] == [
        "bootstrap",
        provider,
        *expected,
        "--branch=main",
        "--path=clusters/dev",
    ]
    assert token_variable in bootstrap_call["env"]
    assert TOKEN not in result.stdout + result.stderr
    assert "has been deprecated" not in result.stderr


def test_flags_override_answers(cli, fake_flux, cluster_repo, monkeypatch) -> None:
    root = cluster_repo(**GITHUB_ANSWERS)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    result = cli(
        "bootstrap",
        "github",
        "--skip-lint",
        "--dry-run",
        "--owner",
        "acme",
        "--no-personal",
        "--no-private",
        "--branch",
        "prod",
        cwd=root,
    )
    assert result.stdout.strip() == (
        "flux bootstrap github --owner=acme --repository=fleet --private=false"
        " --branch=prod --path=clusters/dev"
    )


def test_bitbucket_server_project_needs_a_username(cli, fake_flux, cluster_repo) -> None:
    root = cluster_repo(git_provider="bitbucket-server", owner="OPS", repository="fleet",
                        hostname="bitbucket.internal")
    result = cli("bootstrap", "bitbucket-server", "--skip-lint", "--dry-run", cwd=root)
    assert result.exit_code == 2
    assert "no Bitbucket Server username" in result.stderr
    assert "pass --username" in result.stderr


def test_context_reaches_every_flux_call(cli, fake_flux, git_target) -> None:
    root, _ = git_target

    result = cli("bootstrap", "git", "--skip-lint", "--context", "kind-dev", cwd=root)

    assert result.exit_code == 0, result.stderr
    assert fake_flux.argvs() == [
        ["check", "--pre", "--context=kind-dev"],
        ["bootstrap", "git", f"--url={GIT_URL}", "--branch=main", "--path=clusters/dev",
         "--token-auth", "--context=kind-dev"],
        ["check", "--context=kind-dev"],
    ]


def test_python_api_for_new_bootstrap(fake_flux, git_target, capsys) -> None:
    root, remote = git_target
    code = bootstrap_repository(root, "git", BootstrapOptions(skip_lint=True, push=True), console())
    assert code == 0
    assert git(remote, "rev-parse", "main") == git(root, "rev-parse", "HEAD")


def test_unknown_provider_via_api_is_a_usage_error(git_target) -> None:
    from scaffold.errors import UsageError

    root, _ = git_target
    with pytest.raises(UsageError, match="unknown provider 'bitbucket'"):
        bootstrap_repository(root, "bitbucket", BootstrapOptions(), console())


def test_namespace_and_kubeconfig_reach_every_flux_call(cli, fake_flux, git_target, tmp_path):
    root, _ = git_target
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text("apiVersion: v1\nkind: Config\n")
    chosen = ["--namespace", "gitops", "--kubeconfig", str(kubeconfig)]

    result = cli("bootstrap", "git", "--skip-lint", "--push", *chosen, cwd=root)

    assert result.exit_code == 0, result.stderr
    selection = [f"--kubeconfig={kubeconfig}", "--namespace=gitops"]
    assert fake_flux.argvs() == [
        ["check", "--pre", *selection],
        ["bootstrap", "git", f"--url={GIT_URL}", "--branch=main", "--path=clusters/dev",
         "--token-auth", *selection],
        ["check", *selection],
    ]
    # flux wrote to <path>/<namespace>/ and verify looked there.
    assert "[ok]   verify: clusters/dev/gitops/gotk-sync.yaml present" in result.stderr
    assert not (root / "clusters/dev/flux-system").exists()
    tip = git(root, "rev-parse", "origin/main").strip()
    fake_flux.set("REVISION", f"main@sha1:{tip[:8]}")
    status = cli("status", *chosen, cwd=root)
    assert status.exit_code == 0, status.stdout + status.stderr
    assert status.stdout.startswith("clusters/dev: in sync")


def test_invalid_namespace_is_a_usage_error(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    result = cli("bootstrap", "git", "--skip-lint", "--namespace", "Flux_System", cwd=root)
    assert result.exit_code == 2
    assert "is not a valid namespace name" in result.stderr
    assert fake_flux.calls() == []

