"""What to tell a user once a cluster's layout exists: the commands that come next."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from pathlib import Path

TOKEN_VARIABLES = {
    "github": "GITHUB_TOKEN",
    "gitlab": "GITLAB_TOKEN",
    "gitea": "GITEA_TOKEN",
    "bitbucket-server": "BITBUCKET_TOKEN",
    "git": "GIT_PASSWORD",
}


def flux_bootstrap_line(answers: Mapping[str, object]) -> str:
    """The `flux bootstrap` command line for a cluster, with placeholders for missing answers."""
    provider = str(answers.get("git_provider") or "github")
    branch = str(answers.get("branch") or "main")
    words = ["flux", "bootstrap", provider]
    if provider == "git":
        words.append(f"--url={answers.get('git_url') or '<git-url>'}")
    else:
        words.append(f"--owner={answers.get('owner') or '<owner>'}")
        words.append(f"--repository={answers.get('repository') or '<repository>'}")
    if branch != "main":
        words.append(f"--branch={branch}")
    words.append(f"--path={answers['sync_path']}")
    if provider != "git" and answers.get("personal", True) is not False:
        words.append("--personal")
    return " ".join(w if "<" in w else shlex.quote(w) for w in words)


def summary(
    dest: Path,
    sync_path: str,
    written: list[str],
    commit: str | None,
    answers: Mapping[str, object],
) -> str:
    """The closing message of `new`: what was made, then the next commands."""
    provider = str(answers.get("git_provider") or "github")
    made = f"Created {sync_path} in {dest} ({len(written)} files"
    made += f", committed as {commit[:7]})." if commit else ", not committed)."
    lines = [
        made,
        "",
        "Next steps:",
        f"  cd {shlex.quote(str(dest))}",
        "  gitops-scaffold lint",
        f"  export {TOKEN_VARIABLES.get(provider, 'GITHUB_TOKEN')}=<token>",
        f"  {flux_bootstrap_line({**answers, 'sync_path': sync_path})}",
        f"  (or `gitops-scaffold bootstrap {provider}`, which checks the repository first)",
    ]
    return "\n".join(lines)
