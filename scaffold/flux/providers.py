"""The git providers `flux bootstrap` supports: their token variables and default hosts."""

from __future__ import annotations

import enum

from scaffold.errors import UsageError


class Provider(str, enum.Enum):
    """The git providers `flux bootstrap` supports."""

    github = "github"
    gitlab = "gitlab"
    gitea = "gitea"
    bitbucket_server = "bitbucket-server"
    git = "git"


# The variable each provider's token is read from by flux.
TOKEN_VARIABLES = {
    Provider.github: "GITHUB_TOKEN",
    Provider.gitlab: "GITLAB_TOKEN",
    Provider.gitea: "GITEA_TOKEN",
    Provider.bitbucket_server: "BITBUCKET_TOKEN",
    Provider.git: "GIT_PASSWORD",
}

# Where a provider's repositories live when no --hostname is given.
DEFAULT_HOSTS = {
    Provider.github: "github.com",
    Provider.gitlab: "gitlab.com",
    Provider.gitea: "gitea.com",
}


def parse_provider(value: str | Provider) -> Provider:
    """The provider named `value`, or a UsageError listing the ones flux supports."""
    try:
        return Provider(value)
    except ValueError:
        choices = ", ".join(p.value for p in Provider)
        raise UsageError(f"unknown provider {value!r}", hint=f"use one of: {choices}") from None
