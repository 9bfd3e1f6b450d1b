"""What to tell a user once a cluster's layout exists: the commands that come next."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from scaffold import proc
from scaffold.bootstrap.command_line import flux_command, shell_line, token_variable
from scaffold.bootstrap.options import BootstrapPlan
from scaffold.flux.providers import Provider


def provider_of(answers: Mapping[str, object]) -> Provider:
    """The recorded git provider, GitHub when none (or an unknown one) is recorded."""
    try:
        return Provider(str(answers.get("git_provider") or "github"))
    except ValueError:
        return Provider.github


def bootstrap_target(answers: Mapping[str, object]) -> BootstrapPlan:
    """The bootstrap the answers describe, with placeholders such as `<owner>` for missing ones."""
    return BootstrapPlan(
        provider_of(answers),
        str(answers["sync_path"]),
        str(answers.get("branch") or "main"),
        owner=str(answers.get("owner") or "<owner>"),
        repository=str(answers.get("repository") or "<repository>"),
        personal=answers.get("personal", False) is True,
        private=answers.get("private", True) is not False,
        hostname=str(answers.get("hostname") or ""),
        url=str(answers.get("git_url") or "<git-url>"),
        username=str(answers.get("username") or "<username>"),
    )


def flux_bootstrap_line(answers: Mapping[str, object]) -> str:
    """The `flux bootstrap` command line for a cluster, shell-quoted, as the README shows it."""
    return shell_line(flux_command(bootstrap_target(answers)))


def summary(
    dest: Path,
    sync_path: str,
    written: list[str],
    commit: str | None,
    answers: Mapping[str, object],
    path_step: str | None = None,
    several: bool = False,
) -> str:
    """The closing message of `new`: what was made, then the next commands (the first
    one, `path_step`, puts gitops-scaffold on PATH when it is not)."""
    target = bootstrap_target({**answers, "sync_path": sync_path})
    variable = token_variable(target)
    choose = f" --sync-path {shlex.quote(sync_path)}" if several else ""
    made = f"Created {sync_path} in {dest} ({len(written)} files"
    made += f", committed as {commit[:7]})." if commit else ", not committed)."
    lines = [
        made,
        "",
        "Next steps:",
        *([f"  {path_step}"] if path_step else []),
        f"  cd {shlex.quote(str(dest))}",
        "  gitops-scaffold lint",
        *([f"  export {variable}=<token>"] if variable else []),
        f"  {shell_line(flux_command(target))}",
        f"  (or `gitops-scaffold bootstrap {target.provider.value}{choose}`,"
        " which checks the repository first)",
    ]
    return "\n".join(lines)


def resume_bootstrap_line(
    root: Path, provider: str, sync_path: str, push: bool, flux_args: Sequence[str]
) -> str:
    """The `gitops-scaffold bootstrap` command that carries on a `new --bootstrap` that failed."""
    words = ["gitops-scaffold", "bootstrap", provider, "-C", str(root), "--sync-path", sync_path]
    words += ["--push"] if push else []
    words += ["--", *flux_args] if flux_args else []
    return shlex.join(words)


def path_step(program: str = "gitops-scaffold") -> str | None:
    """The command that puts this installation's `program` on PATH; None when it is there."""
    here = Path(sys.executable).parent
    found = proc.which(program)
    if found is not None and Path(found).resolve().parent in (here, here.resolve()):
        return None
    if sys.prefix != sys.base_prefix:  # a virtualenv: activating it puts its bin/ first
        activate = shlex.quote(str(Path(sys.prefix) / "bin" / "activate"))
        return f". {activate}   # puts {program} on PATH (or install it with `pipx install .`)"
    return f'export PATH={shlex.quote(str(here))}:"$PATH"   # puts {program} on PATH'


def fallback_identity_note(dest: Path, identity: str) -> list[str]:
    """Say that the commit was made as `identity`, and how to make it yours."""
    where = shlex.quote(str(dest))
    return [
        f"git knows no user name and email here, so the commit was made as {identity}.",
        "Set yours, then make the commit yours:",
        '  git config --global user.name "Your Name"',
        '  git config --global user.email "you@example.com"',
        f"  git -C {where} commit --amend --reset-author --no-edit",
    ]


def adoption_summary(
    dest: Path, sync_path: str, written: list[str], commit: str | None, kept: list[str],
    several: bool = False,
) -> str:  # fmt: skip
    """The closing message of `new` in a bootstrapped repository: Flux already syncs it
    (`several`: the repository has other clusters, so `status` must be told which)."""
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
        "  gitops-scaffold status" + (f" --sync-path {shlex.quote(sync_path)}" if several else ""),
    ]
    return "\n".join(lines)
