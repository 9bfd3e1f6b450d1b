"""Small pieces: remote URL matching, streaming with redaction, provider URLs."""

from __future__ import annotations

import sys

import pytest

from scaffold import proc
from scaffold.bootstrap.command_line import remote_url, token_variable
from scaffold.bootstrap.converge import normalize_url
from scaffold.bootstrap.options import BootstrapPlan
from scaffold.flux.providers import Provider


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/alice/fleet.git",
        "https://github.com/alice/fleet",
        "git@github.com:alice/fleet.git",
        "ssh://git@github.com/alice/fleet",
        "ssh://git@github.com:22/alice/fleet.git",
    ],
)
def test_urls_of_the_same_repository_match(url: str) -> None:
    assert normalize_url(url) == "github.com/alice/fleet"


def test_other_repositories_do_not_match() -> None:
    assert normalize_url("git@github.com:alice/other.git") != "github.com/alice/fleet"


@pytest.mark.parametrize(
    ("target", "url"),
    [
        (
            BootstrapPlan(Provider.github, "c/d", "main", owner="a", repository="r"),
            "https://github.com/a/r.git",
        ),
        (
            BootstrapPlan(
                Provider.gitlab, "c/d", "main", owner="g/sub", repository="r", hostname="gl.io"
            ),
            "https://gl.io/g/sub/r.git",
        ),
        (
            BootstrapPlan(
                Provider.bitbucket_server,
                "c/d",
                "main",
                owner="OPS",
                repository="r",
                hostname="bb.io",
                personal=False,
            ),
            "https://bb.io/scm/OPS/r.git",
        ),
        (
            BootstrapPlan(
                Provider.bitbucket_server,
                "c/d",
                "main",
                owner="me",
                repository="r",
                hostname="bb.io",
                personal=True,
            ),
            "https://bb.io/scm/~me/r.git",
        ),
        (BootstrapPlan(Provider.git, "c/d", "main", url="ssh://git@h/r.git"), "ssh://git@h/r.git"),
    ],
)
def test_remote_url(target: BootstrapPlan, url: str) -> None:
    assert remote_url(target) == url


def test_token_variable_for_git_depends_on_transport() -> None:
    ssh = BootstrapPlan(Provider.git, "c/d", "main", url="ssh://git@h/r.git")
    assert token_variable(ssh) is None
    assert token_variable(BootstrapPlan(Provider.git, "c/d", "main", url="https://h/r.git")) == (
        "GIT_PASSWORD"
    )
    with_token_auth = BootstrapPlan(
        Provider.git, "c/d", "main", url="ssh://h/r", flux_args=("--token-auth",)
    )
    assert token_variable(with_token_auth) == "GIT_PASSWORD"


def test_stream_redacts_and_flushes_prompts() -> None:
    code = (
        "import sys, time\n"
        "print('line with SECRETVALUE', flush=True)\n"
        "sys.stderr.write('prompt? '); sys.stderr.flush()\n"
        "time.sleep(0.5)\n"
        "print('done'); sys.exit(4)\n"
    )
    chunks: list[str] = []
    done = proc.stream([sys.executable, "-c", code], sink=chunks.append, secrets=["SECRETVALUE"])
    assert done.returncode == 4
    assert "".join(chunks) == "line with ***\nprompt? done\n"
    # The prompt arrived on its own, before the child wrote anything else.
    assert "prompt? " in chunks
    assert "SECRETVALUE" not in done.stderr


def _sync_file(root, url: str) -> None:
    directory = root / "clusters/dev/flux-system"
    directory.mkdir(parents=True)
    for name in ("gotk-components.yaml", "kustomization.yaml"):
        (directory / name).write_text("---\n")
    (directory / "gotk-sync.yaml").write_text(
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\n"
        "metadata: {name: flux-system, namespace: flux-system}\n"
        f"spec: {{url: '{url}', ref: {{branch: main}}}}\n---\n"
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
        "metadata: {name: flux-system, namespace: flux-system}\n"
        "spec: {path: ./clusters/dev}\n"
    )


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ssh://git@h.example/fleet.git", "asked for HTTPS with the token"),
        ("https://other.example/fleet.git", "from https://h.example/fleet.git"),
    ],
)
def test_verify_rejects_a_sync_url_we_did_not_ask_for(tmp_path, url, problem) -> None:
    from scaffold.bootstrap.verify import verify_flux_system
    from scaffold.errors import ScaffoldError

    _sync_file(tmp_path, url)
    target = BootstrapPlan(Provider.git, "clusters/dev", "main", url="https://h.example/fleet.git")
    with pytest.raises(ScaffoldError, match=problem):
        verify_flux_system(tmp_path, target)


def test_verify_accepts_the_https_url_without_user_info(tmp_path) -> None:
    from scaffold.bootstrap.verify import verify_flux_system

    _sync_file(tmp_path, "https://h.example/fleet.git")
    target = BootstrapPlan(Provider.git, "clusters/dev", "main", url="https://bot@h.example/fleet.git")
    assert verify_flux_system(tmp_path, target)[-1] == (
        "the cluster pulls https://h.example/fleet.git (token auth)"
    )


@pytest.mark.parametrize(
    ("url", "args", "terminal", "added"),
    [
        ("https://h/r.git", (), True, ["--token-auth"]),
        ("https://h/r.git", (), False, ["--token-auth"]),
        ("https://h/r.git", ("--with-bearer-token",), False, []),
        ("ssh://git@h/r.git", ("--private-key-file=k",), False, ["--silent"]),
        ("ssh://git@h/r.git", ("--private-key-file=k",), True, []),
        ("ssh://git@h/r.git", ("--private-key-file=k", "-s"), False, []),
        ("ssh://git@h/r.git", (), True, []),
    ],
)
def test_git_auth_flags_follow_transport_and_terminal(url, args, terminal, added) -> None:
    from scaffold.bootstrap.command_line import flux_command

    target = BootstrapPlan(Provider.git, "c/d", "main", url=url, flux_args=args, terminal=terminal)
    argv = flux_command(target)
    assert argv[argv.index("--path=c/d") + 1:] == [*added, *args]
