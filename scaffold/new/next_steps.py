"""What to tell a user once a cluster's layout exists: the commands that come next."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from pathlib import Path

from scaffold.bootstrap.command_line import flux_command
from scaffold.bootstrap.options import Target
from scaffold.flux.providers import TOKEN_VARIABLES, Provider


def provider_of(answers: Mapping[str, object]) -> Provider:
    """The recorded git provider, GitHub when none (or an unknown one) is recorded."""
    try:
        return Provider(str(answers.get("git_provider") or "github"))
    except ValueError:
        return Provider.github


def flux_bootstrap_line(answers: Mapping[str, object]) -> str:
    """The `flux bootstrap` command line for a cluster, with placeholders for missing answers."""
    provider = provider_of(answers)
    target = Target(
        provider,
        str(answers["sync_path"]),
        str(answers.get("branch") or "main"),
        owner=str(answers.get("owner") or "<owner>"),
        repository=str(answers.get("repository") or "<repository>"),
        personal=answers.get("personal", True) is not False,
        private=answers.get("private", True) is not False,
        hostname=str(answers.get("hostname") or ""),
        url=str(answers.get("git_url") or "<git-url>"),
    )
    return " ".join(w if "<" in w else shlex.quote(w) for w in flux_command(target))


def summary(
    dest: Path,
    sync_path: str,
    written: list[str],
    commit: str | None,
    answers: Mapping[str, object],
) -> str:
    """The closing message of `new`: what was made, then the next commands."""
    provider = provider_of(answers)
    made = f"Created {sync_path} in {dest} ({len(written)} files"
    made += f", committed as {commit[:7]})." if commit else ", not committed)."
    lines = [
        made,
        "",
        "Next steps:",
        f"  cd {shlex.quote(str(dest))}",
        "  gitops-scaffold lint",
        f"  export {TOKEN_VARIABLES[provider]}=<token>",
        f"  {flux_bootstrap_line({**answers, 'sync_path': sync_path})}",
        f"  (or `gitops-scaffold bootstrap {provider.value}`, which checks the repository first)",
    ]
    return "\n".join(lines)


def adoption_summary(
    dest: Path, sync_path: str, written: list[str], commit: str | None, kept: list[str]
) -> str:
    """The closing message of `new` in a bootstrapped repository: Flux already syncs it."""
    made = f"Adopted {sync_path} in {dest} ({len(written)} files"
    made += f", committed as {commit[:7]})." if commit else ", not committed)."
    lines = [made, "flux-system/ was left untouched."]
    if kept:
        lines.append(f"Kept your own {', '.join(kept)}.")
    lines += [
        "",
        "Next steps (Flux is already bootstrapped: do not bootstrap again):",
        f"  cd {shlex.quote(str(dest))}",
        "  gitops-scaffold lint",
        "  git push",
        "  gitops-scaffold status",
    ]
    return "\n".join(lines)
