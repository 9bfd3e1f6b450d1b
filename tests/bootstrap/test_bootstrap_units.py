"""Small pieces: remote URL matching, streaming with redaction, provider URLs."""

from __future__ import annotations

import sys

import pytest

from scaffold import proc
from scaffold.bootstrap.command_line import remote_url, token_variable
from scaffold.bootstrap.converge import _normalize_url
from scaffold.bootstrap.options import Target
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
    assert _normalize_url(url) == "github.com/alice/fleet"


def test_other_repositories_do_not_match() -> None:
    assert _normalize_url("git@github.com:alice/other.git") != "github.com/alice/fleet"


@pytest.mark.parametrize(
    ("target", "url"),
    [
        (
            Target(Provider.github, "c/d", "main", owner="a", repository="r"),
            "https://github.com/a/r.git",
        ),
        (
            Target(Provider.gitlab, "c/d", "main", owner="g/sub", repository="r", hostname="gl.io"),
            "https://gl.io/g/sub/r.git",
        ),
        (
            Target(
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
            Target(
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
        (Target(Provider.git, "c/d", "main", url="ssh://git@h/r.git"), "ssh://git@h/r.git"),
    ],
)
def test_remote_url(target: Target, url: str) -> None:
    assert remote_url(target) == url


def test_token_variable_for_git_depends_on_transport() -> None:
    ssh = Target(Provider.git, "c/d", "main", url="ssh://git@h/r.git")
    assert token_variable(ssh) is None
    assert token_variable(Target(Provider.git, "c/d", "main", url="https://h/r.git")) == (
        "GIT_PASSWORD"
    )
    with_token_auth = Target(
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
