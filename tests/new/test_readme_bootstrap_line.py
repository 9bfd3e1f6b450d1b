"""The template README's `flux bootstrap` line is the one `bootstrap` runs and `new` prints.

The README is rendered by Copier (also by plain `copier copy`, without our code), so
its Jinja repeats the flag logic of `scaffold.bootstrap.command_line.flux_command`;
this test holds the two equal over every provider and every kind of answer.
"""

from __future__ import annotations

import functools
import itertools
import shlex
from pathlib import Path

import pytest
from jinja2 import Template
from jinja2.sandbox import SandboxedEnvironment

from scaffold.new.next_steps import flux_bootstrap_line
from tests.template_repo import PROJECT

README = next((PROJECT / "templates" / "flux-layout").glob("*README.md*.jinja"))
PROVIDERS = ("github", "gitlab", "gitea", "bitbucket-server")
GIT_URLS = ("", "https://git.example.com/fleet.git", "HTTP://git.example.com/fleet.git",
            "ssh://git@git.example.com/fleet.git", "https://git.example.com/$(id)/it's.git")


@functools.cache
def _template() -> Template:
    # Copier renders with jinja2-ansible-filters (the `quote` filter) in a sandbox.
    env = SandboxedEnvironment(
        extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
        keep_trailing_newline=True,
    )
    return env.from_string(README.read_text(encoding="utf-8"))


def _render_line(answers: dict[str, object]) -> str:
    text = _template().render(
        manage_root_files=True, pre_commit=False, ci="none", **answers
    )
    return next(line.strip() for line in text.splitlines() if "flux bootstrap " in line
                and line.strip().startswith("flux bootstrap"))


def _answers() -> list[dict[str, object]]:
    # Copier's defaults for questions that are not asked (`when`) are part of the context.
    base = {"sync_path": "clusters/dev", "git_url": "", "hostname": "", "username": "",
            "owner": "", "repository": "", "private": True, "personal": False}
    cases = [
        {**base, "git_provider": "git", "git_url": url, "branch": branch}
        for url, branch in itertools.product(GIT_URLS, ("main", "release/v1"))
    ]
    for provider, personal, private, hostname, branch, owner, repository, username in (
        itertools.product(PROVIDERS, (True, False), (True, False), ("", "git.corp.example:8443"),
                          ("main", "live"), ("", "acme/platform"), ("", "fleet"),
                          ("", "ops-bot"))
    ):
        cases.append({**base, "git_provider": provider, "personal": personal,
                      "private": private, "hostname": hostname, "branch": branch,
                      "owner": owner, "repository": repository, "username": username})
    return cases


def test_readme_line_equals_the_python_line_for_every_answer() -> None:
    for answers in _answers():
        assert _render_line(answers) == flux_bootstrap_line(answers), answers


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"git_provider": "gitea", "owner": "ops", "repository": "fleet",
          "hostname": "gitea.corp.example"},
         ["--owner=ops", "--repository=fleet", "--hostname=gitea.corp.example"]),
        ({"git_provider": "gitlab", "owner": "team", "repository": "fleet", "private": False},
         ["--owner=team", "--repository=fleet", "--visibility=public"]),
        ({"git_provider": "github", "owner": "acme", "repository": "fleet", "private": False},
         ["--owner=acme", "--repository=fleet", "--private=false"]),
        ({"git_provider": "bitbucket-server", "owner": "OPS", "repository": "fleet",
          "hostname": "bitbucket.corp.example"},
         ["--owner=OPS", "--repository=fleet", "--hostname=bitbucket.corp.example",
          "--username=<username>"]),
        ({"git_provider": "git", "git_url": "https://git.example.com/fleet.git"},
         ["--url=https://git.example.com/fleet.git"]),
    ],
)
def test_self_hosted_and_public_answers_reach_the_line(answers, expected) -> None:
    base = {"sync_path": "clusters/dev", "branch": "main", "personal": False, "private": True,
            "hostname": "", "username": "", "git_url": "", "owner": "", "repository": ""}
    line = _render_line({**base, **answers})
    words = line.split()
    assert words[3:3 + len(expected)] == expected
    if answers["git_provider"] == "git":
        assert words[-1] == "--token-auth"


def test_readme_values_are_shell_quoted() -> None:
    url = "https://git.example.com/$(id)/it's.git"
    line = _render_line({"sync_path": "clusters/dev", "branch": "main", "git_provider": "git",
                         "git_url": url, "owner": "", "repository": "", "personal": False,
                         "private": True, "hostname": "", "username": ""})
    assert shlex.split(line)[3] == f"--url={url}"
    assert "'--url=https://git.example.com/$(id)/it'\"'\"'s.git'" in line


def test_copier_renders_the_same_line(cli, tmp_path: Path) -> None:
    """The real `copier` (through `new`) agrees with the sandbox used above."""
    answers = {"git_provider": "gitlab", "owner": "team", "repository": "fleet",
               "private": False, "hostname": "gitlab.corp.example", "personal": False}
    data = [arg for key, value in answers.items()
            for arg in ("-d", f"{key}={str(value).lower() if isinstance(value, bool) else value}")]
    result = cli("new", str(tmp_path / "fleet"), "--sync-path", "clusters/dev", *data)
    assert result.exit_code == 0, result.stderr
    expected = flux_bootstrap_line({**answers, "sync_path": "clusters/dev", "branch": "main"})
    assert f"   {expected}\n" in (tmp_path / "fleet" / "README.md").read_text()
    assert expected in result.stdout


@pytest.mark.parametrize(
    ("url", "export"),
    [("ssh://git@git.example.com/fleet.git", None),
     ("https://git.example.com/fleet.git", "  export GIT_PASSWORD=<token>")],
)
def test_next_steps_ask_for_a_token_only_when_flux_reads_one(url, export) -> None:
    from scaffold.new.next_steps import summary

    text = summary(Path("/tmp/fleet"), "clusters/dev", [], None,
                   {"git_provider": "git", "git_url": url})
    exports = [line for line in text.splitlines() if line.startswith("  export")]
    assert exports == ([export] if export else [])
