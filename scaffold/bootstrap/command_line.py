"""The `flux bootstrap` command line for a target, and what flux will need to run it.

Flags are written `--flag=value` so that no value can be taken for a flag.
A secret never goes on the command line: flux reads it from the environment.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scaffold.bootstrap.options import Target
from scaffold.errors import UsageError
from scaffold.flux.providers import DEFAULT_HOSTS, TOKEN_VARIABLES, Provider
from scaffold.repository.urls import refuse_credentials

# Flags we derive from the answers; given again after `--` they would silently
# override what we verify afterwards (pflag keeps the last value).
MANAGED_FLAGS = {
    "--path": "--sync-path",
    "--branch": "--branch",
    "--owner": "--owner",
    "--repository": "--repository",
    "--personal": "--personal/--no-personal",
    "--private": "--private/--no-private",
    "--hostname": "--hostname",
    "--url": "--url",
    "--context": "--context",
}
SECRET_FLAGS = ("--password", "-p")
HTTP_SCHEMES = ("http", "https")


def _flag_name(arg: str) -> str:
    return arg.split("=", 1)[0]


def check_flux_args(target: Target) -> None:
    """Refuse a URL or extra flags that carry a secret, and flags that fight the ones we set."""
    if target.url:
        refuse_credentials(
            target.url,
            "the repository URL",
            hint=f"drop them from the URL (flux would get them on its command line) and "
            f"export {TOKEN_VARIABLES[Provider.git]} instead",
        )
    for arg in target.flux_args:
        name = _flag_name(arg)
        if name in SECRET_FLAGS or (arg.startswith("-p") and not arg.startswith("--")):
            raise UsageError(
                "refusing to pass a password on the flux command line",
                hint=f"export {TOKEN_VARIABLES[target.provider]} instead; flux reads it from there",
            )
        if name in MANAGED_FLAGS:
            raise UsageError(
                f"{name} after `--` conflicts with the value gitops-scaffold sets",
                hint=f"use `gitops-scaffold bootstrap {MANAGED_FLAGS[name]}` instead",
            )


def flux_command(target: Target) -> list[str]:
    """The full argv of `flux bootstrap` for `target`."""
    argv = ["flux", "bootstrap", target.provider.value]
    if target.provider is Provider.git:
        argv.append(f"--url={target.url}")
    else:
        argv += [f"--owner={target.owner}", f"--repository={target.repository}"]
        if target.hostname:
            argv.append(f"--hostname={target.hostname}")
        if target.personal:
            argv.append("--personal")
        if not target.private:
            argv.append("--private=false")
    argv += [f"--branch={target.branch}", f"--path={target.sync_path}"]
    if target.context:
        argv.append(f"--context={target.context}")
    argv += target.flux_args
    return argv


def token_variable(target: Target) -> str | None:
    """The environment variable flux will read a secret from, or None when it needs none.

    The `git` provider only needs a password for HTTP(S) or with --token-auth; over
    SSH it uses the agent or a key file.
    """
    if target.provider is not Provider.git:
        return TOKEN_VARIABLES[target.provider]
    scheme = urlsplit(target.url).scheme.lower()
    if scheme in HTTP_SCHEMES or "--token-auth" in map(_flag_name, target.flux_args):
        return TOKEN_VARIABLES[Provider.git]
    return None


def remote_url(target: Target) -> str:
    """The URL of the repository flux bootstraps, as a local git remote would use it."""
    if target.provider is Provider.git:
        return target.url
    host = target.hostname or DEFAULT_HOSTS.get(target.provider, "")
    if target.provider is Provider.bitbucket_server:
        project = f"~{target.owner}" if target.personal else target.owner
        return f"https://{host}/scm/{project}/{target.repository}.git"
    return f"https://{host}/{target.owner}/{target.repository}.git"
