"""The `flux bootstrap` command line for a target, and what flux will need to run it.

Flags are written `--flag=value` so that no value can be taken for a flag.
A secret never goes on the command line: flux reads it from the environment.
This is the one place the command line is built: `bootstrap` runs it, and `new`
prints it (the template's README renders the same flags; a test holds them equal).
"""

from __future__ import annotations

import re
import shlex
from urllib.parse import urlsplit

from scaffold.bootstrap.flux_args import check_flux_args, has_flag, switch
from scaffold.bootstrap.options import BootstrapPlan
from scaffold.flux.providers import DEFAULT_HOSTS, TOKEN_VARIABLES, Provider
from scaffold.repository.urls import refuse_credentials

HTTP_SCHEMES = ("http", "https")
# Flags that make flux authenticate to git with a token instead of an SSH deploy key.
TOKEN_AUTH_FLAGS = ("--token-auth", "--with-bearer-token", "--deploy-token-auth")
# A placeholder for a missing answer, `--owner=<owner>`: left unquoted, to be replaced.
PLACEHOLDER = re.compile(r"^--[a-z-]+=<[a-z-]+>\Z")


def check_target(target: BootstrapPlan) -> None:
    """Refuse a URL carrying credentials, and the extra flags `check_flux_args` refuses."""
    if target.url:
        refuse_credentials(
            target.url,
            "the repository URL",
            hint=f"drop them from the URL (flux would get them on its command line) and "
            f"export {TOKEN_VARIABLES[Provider.git]} instead",
        )
    check_flux_args(target.provider, target.flux_args)


def uses_token_auth(target: BootstrapPlan) -> bool:
    """Whether the cluster will pull over HTTPS with a token rather than SSH with a deploy key.

    For `git` an http(s) URL means a token (GIT_PASSWORD): without --token-auth flux
    would generate a deploy key and switch the cluster to ssh:// instead.
    """
    chosen = [switch(target.flux_args, name) for name in TOKEN_AUTH_FLAGS]
    if True in chosen:
        return True
    if chosen[0] is False:  # an explicit --token-auth=false: the user wants a deploy key
        return False
    return target.provider is Provider.git and url_scheme(target.url) in HTTP_SCHEMES


def url_scheme(url: str) -> str:
    """The lower-case scheme of `url`, "" when it has none."""
    return urlsplit(url).scheme.lower() if "://" in url else ""


def _provider_flags(target: BootstrapPlan) -> list[str]:
    if target.provider is Provider.git:
        return [f"--url={target.url}"]
    argv = [f"--owner={target.owner}", f"--repository={target.repository}"]
    if target.hostname:
        argv.append(f"--hostname={target.hostname}")
    if target.personal:
        argv.append("--personal")
    if target.provider is Provider.gitlab:
        # --private is deprecated for GitLab since flux 2.4; private is its default.
        argv += [] if target.private else ["--visibility=public"]
    elif not target.private:
        argv.append("--private=false")
    if target.provider is Provider.bitbucket_server and not target.personal:
        # The API and git user for a project's repository (flux's default is `git`).
        argv.append(f"--username={target.username}")
    return argv


def _auth_flags(target: BootstrapPlan) -> list[str]:
    if target.provider is not Provider.git:
        return []
    if uses_token_auth(target):
        passed = any(switch(target.flux_args, name) for name in TOKEN_AUTH_FLAGS)
        return [] if passed else ["--token-auth"]
    # A deploy key: flux asks to confirm it. Without a terminal only a key that is
    # already authorised (--private-key-file) can work; preflight refuses the rest.
    if not target.terminal and has_flag(target.flux_args, "--private-key-file"):
        return [] if switch(target.flux_args, "--silent") else ["--silent"]
    return []


def flux_command(target: BootstrapPlan) -> list[str]:
    """The full argv of `flux bootstrap` for `target`."""
    argv = ["flux", "bootstrap", target.provider.value, *_provider_flags(target)]
    argv += [f"--branch={target.branch}", f"--path={target.sync_path}"]
    argv += _auth_flags(target)
    argv += target.cluster.flags()
    argv += target.flux_args
    return argv


def shell_line(argv: list[str]) -> str:
    """`argv` quoted for a shell, placeholders such as `<owner>` left as they are."""
    return " ".join(
        word if PLACEHOLDER.match(word) else shlex.quote(word) for word in argv
    )


def token_variable(target: BootstrapPlan) -> str | None:
    """The environment variable flux will read a secret from, or None when it needs none.

    The `git` provider only needs a password for token auth; over SSH it uses a
    deploy key.
    """
    if target.provider is not Provider.git:
        return TOKEN_VARIABLES[target.provider]
    return TOKEN_VARIABLES[Provider.git] if uses_token_auth(target) else None


def remote_url(target: BootstrapPlan) -> str:
    """The URL of the repository flux bootstraps, as a local git remote would use it."""
    if target.provider is Provider.git:
        return target.url
    host = target.hostname or DEFAULT_HOSTS.get(target.provider, "")
    if target.provider is Provider.bitbucket_server:
        project = f"~{target.owner}" if target.personal else target.owner
        return f"https://{host}/scm/{project}/{target.repository}.git"
    return f"https://{host}/{target.owner}/{target.repository}.git"
