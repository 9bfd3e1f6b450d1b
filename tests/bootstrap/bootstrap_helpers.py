"""Helpers shared by the bootstrap and status tests."""

from __future__ import annotations

import yaml

from tests.conftest import git, write_tree

__all__ = ["GIT_HOST", "GIT_SSH_HOST", "GIT_URL", "git", "layout", "write_tree"]

# Where the `git` provider tests' repository lives, as flux and the user see it.
GIT_HOST = "https://git.example.test/"
GIT_URL = f"{GIT_HOST}fleet.git"
GIT_SSH_HOST = "ssh://git@git.example.test/"


def layout(sync_path: str = "clusters/dev", **answers: object) -> dict[str, str]:
    """The files `gitops-scaffold new` lays out, with an answers file holding `answers`."""
    recorded = {"sync_path": sync_path, "branch": "main", **answers}
    return {
        ".copier-answers.yml": yaml.safe_dump(recorded),
        ".gitignore": "*-values-*.yaml\n!*-sealed.yaml\n",
        "README.md": "# fleet\n",
        f"{sync_path}/helm/repositories/.gitkeep": "",
        f"{sync_path}/helm/releases/.gitkeep": "",
        f"{sync_path}/helm/secrets/.gitkeep": "",
    }
