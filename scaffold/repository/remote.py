"""What a git remote URL says about a repository: its host, owner, name and provider.

Credentials in a URL (`https://user:token@host/...`) are dropped on parsing, so
nothing derived from a remote can carry them into a file or a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from scaffold import git
from scaffold.flux.providers import DEFAULT_HOSTS, Provider

# `git@github.com:acme/fleet.git`: scp-like syntax, no scheme.
SCP_LIKE = re.compile(r"^(?:[^@/]+@)?(?P<host>[A-Za-z0-9.-]+):(?P<path>(?!/)[^\s]+)$")
HOST_HINTS = (("gitlab", Provider.gitlab), ("gitea", Provider.gitea), ("github", Provider.github))


@dataclass(frozen=True)
class Remote:
    """A remote repository: where it is and what `flux bootstrap` would call it."""

    provider: Provider
    host: str  # with :port when the URL has one
    owner: str
    repository: str
    url: str  # ssh:// or https://, without credentials

    @property
    def hostname(self) -> str:
        """The `--hostname` flux needs: empty for the provider's default host."""
        return "" if DEFAULT_HOSTS.get(self.provider) == self.host else self.host


def parse_remote(url: str) -> Remote | None:
    """The remote `url` names, or None for a local path or a URL without owner/name."""
    text = url.strip()
    scp = SCP_LIKE.match(text) if "://" not in text else None
    if scp:
        scheme, host, path = "ssh", scp["host"], scp["path"]
    else:
        parts = urlsplit(text)
        if parts.scheme not in ("ssh", "https", "http") or not parts.hostname:
            return None
        scheme, path = parts.scheme, parts.path
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
    segments = [s for s in path.removesuffix("/").removesuffix(".git").split("/") if s]
    if len(segments) < 2:
        return None
    owner, repository = "/".join(segments[:-1]), segments[-1]
    user = "git@" if scheme == "ssh" else ""
    clean = f"{scheme}://{user}{host}/{owner}/{repository}"
    return Remote(_provider(host), host, owner, repository, clean)


def _provider(host: str) -> Provider:
    name = host.split(":")[0].lower()
    for provider, default in DEFAULT_HOSTS.items():
        if name == default:
            return provider
    for word, provider in HOST_HINTS:
        if word in name:
            return provider
    return Provider.git


def origin_url(root: Path) -> str | None:
    """The URL of the `origin` remote (or of the only remote), None without one."""
    names = git.read_only(["remote"], root, check=False).stdout.split()
    name = "origin" if "origin" in names else (names[0] if len(names) == 1 else None)
    if name is None:
        return None
    done = git.read_only(["remote", "get-url", "--", name], root, check=False)
    return done.stdout.strip() or None


def configured_url(root: Path, name: str) -> str | None:
    """`remote.NAME.url` as written in the configuration (no `insteadOf` applied), or None."""
    done = git.read_only(["config", "--get", f"remote.{name}.url"], root, check=False)
    return done.stdout.strip() or None


def current_branch(root: Path) -> str | None:
    """The checked-out branch, None on a detached HEAD."""
    done = git.read_only(["symbolic-ref", "--quiet", "--short", "HEAD"], root, check=False)
    return done.stdout.strip() or None
