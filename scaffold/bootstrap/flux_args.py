"""The flags a user passes to `flux bootstrap` after `--`: which we accept, and which we refuse.

Refused are flags that carry a credential (a command line is visible to every
user of the machine and ends up in shell history and CI logs), flags whose value
we derive and verify ourselves, and flags that would point `flux bootstrap` at
another cluster than the `flux check` before and after it.
Parsing follows pflag: `--flag=value`, `--flag value`, and shorthand clusters
such as `-sp<value>`, where every letter up to the first one taking a value is a
boolean flag and the rest of the word is that flag's value.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from scaffold.errors import UsageError
from scaffold.flux.providers import TOKEN_VARIABLES, Provider

KUBECONFIG_INSTEAD = "select the cluster with --kubeconfig/--context; the kubeconfig holds it"
SIGNING_INSTEAD = (
    "sign with an unencrypted --ssh-signing-key-file, or with --ssh-signing-reuse-private-key"
    " (its passphrase is read from GIT_PASSWORD)"
)
# Flags that carry a credential, and where flux can read it from instead.
SECRET_FLAGS = {
    "--password": f"export {TOKEN_VARIABLES[Provider.git]}; flux bootstrap git reads it there",
    "--registry-creds": (
        "create the image pull secret in the cluster yourself and pass only"
        " --image-pull-secret=NAME"
    ),
    "--gpg-passphrase": "sign with a --gpg-key-ring whose key has no passphrase",
    "--ssh-signing-password": SIGNING_INSTEAD,
    "--ssh-signing-passphrase": SIGNING_INSTEAD,
    "--token": KUBECONFIG_INSTEAD,
}
SECRET_SHORTHANDS = {"p": "--password"}
# A flag whose name holds one of these words may carry a credential ...
SECRET_WORDS = ("password", "passwd", "passphrase", "token", "creds", "credential", "secret")
# ... unless flux documents it as a switch or a name.
NOT_SECRET = frozenset(
    {"--token-auth", "--deploy-token-auth", "--with-bearer-token", "--secret-name",
     "--image-pull-secret"}
)

# Flags whose value we derive from the answers and verify afterwards, and our option
# for each; given again after `--`, pflag would keep the last value silently.
MANAGED_FLAGS = {
    "--path": "--sync-path",
    "--branch": "--branch",
    "--owner": "--owner",
    "--repository": "--repository",
    "--personal": "--personal/--no-personal",
    "--private": "--private/--no-private",
    "--visibility": "--private/--no-private",
    "--hostname": "--hostname",
    "--url": "--url",
    "--context": "--context",
    "--kubeconfig": "--kubeconfig",
    "--namespace": "--namespace",
    "--ns-follows-kube-context": "--namespace",
}
# Only bitbucket-server's --username is ours (the API user); git's is passed through.
MANAGED_USERNAME = {Provider.bitbucket_server: "--username"}
# Global flags that select or authenticate to a cluster: `flux check` would not see them.
CLUSTER_FLAGS = frozenset(
    {"--server", "--cluster", "--user", "--as", "--as-uid", "--as-group", "--as-user-extra",
     "--certificate-authority", "--client-certificate", "--client-key",
     "--insecure-skip-tls-verify", "--tls-server-name"}
)
# pflag shorthands of `flux bootstrap *`: those taking a value, and the long flag of each.
VALUE_SHORTHANDS = {"p": "--password", "u": "--username", "v": "--version", "n": "--namespace"}
BOOL_SHORTHANDS = {"s": "--silent", "h": "--help"}
# How strconv.ParseBool, which pflag uses, spells false.
FALSE_WORDS = ("false", "f", "0")


@dataclass(frozen=True)
class FluxFlag:
    """One flag as flux will parse it; `value` is None for a boolean or a missing value."""

    name: str
    value: str | None


def parse_flags(args: Sequence[str]) -> Iterator[FluxFlag]:
    """The flags in `args`, long names for shorthands; values given as the next word are skipped."""
    words = iter(args)
    for word in words:
        if word == "--":
            return
        if word.startswith("--"):
            name, equals, value = word.partition("=")
            yield FluxFlag(name, value if equals else None)
        elif word.startswith("-") and len(word) > 1:
            yield from _shorthands(word[1:])


def _shorthands(cluster: str) -> Iterator[FluxFlag]:
    for index, letter in enumerate(cluster):
        if letter in VALUE_SHORTHANDS:
            rest = cluster[index + 1:].removeprefix("=")
            yield FluxFlag(VALUE_SHORTHANDS[letter], rest or None)
            return
        yield FluxFlag(BOOL_SHORTHANDS.get(letter, f"-{letter}"), None)


def has_flag(args: Sequence[str], *names: str) -> bool:
    """Whether any of the long flags `names` appears in `args`, in any spelling."""
    return any(flag.name in names for flag in parse_flags(args))


def switch(args: Sequence[str], name: str) -> bool | None:
    """Boolean flag `name` in `args` (the last one wins, as in pflag); None when absent."""
    value = None
    for flag in parse_flags(args):
        if flag.name == name:
            value = flag.value is None or flag.value.lower() not in FALSE_WORDS
    return value


def _secret_hint(name: str) -> str | None:
    if name in SECRET_FLAGS:
        return SECRET_FLAGS[name]
    words = name.lstrip("-").lower()
    if name not in NOT_SECRET and any(word in words for word in SECRET_WORDS):
        return "pass it through a file or the environment flux reads, never on the command line"
    return None


def check_flux_args(provider: Provider, args: Sequence[str]) -> None:
    """Refuse flags after `--` that carry a credential, fight our values, or pick another cluster.

    No message quotes a value: it may be the very secret being refused.
    """
    managed = {**MANAGED_FLAGS}
    if provider in MANAGED_USERNAME:
        managed["--username"] = MANAGED_USERNAME[provider]
    for flag in parse_flags(args):
        hint = _secret_hint(flag.name)
        if flag.name == "--password" and provider is not Provider.git:
            variable = TOKEN_VARIABLES[provider]
            hint = f"export {variable}; flux bootstrap {provider.value} reads its token there"
        if hint is not None:
            raise UsageError(f"refusing to pass {flag.name} on the flux command line: it carries"
                             " a credential, and command lines are visible to other users"
                             " and kept in logs", hint=hint)
        if flag.name in managed:
            raise UsageError(
                f"{flag.name} after `--` conflicts with the value gitops-scaffold sets",
                hint=f"use `gitops-scaffold bootstrap {managed[flag.name]}` instead",
            )
        if flag.name in CLUSTER_FLAGS:
            raise UsageError(
                f"{flag.name} after `--` would reach `flux bootstrap` but not the `flux check`"
                " before and after it",
                hint=f"put it in a kubeconfig: {KUBECONFIG_INSTEAD}",
            )
