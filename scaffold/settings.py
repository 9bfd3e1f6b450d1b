"""Package settings that users may override through the environment."""

from __future__ import annotations

import os

# The one place naming where the project is published (copier.yml's `scaffold_repo_url`
# fallback and pyproject's name must match; tests check):
# the package users install, and the Git repository that holds the template, the
# pre-commit hook and the release tags `vX.Y.Z` (= package version, see scripts/release.py).
PACKAGE = "gitops-scaffold"
PROJECT_URL = "https://github.com/gitops-scaffold/gitops-scaffold"
# Where the template lives in Git: `copier update` pulls newer releases from here.
DEFAULT_TEMPLATE_URL = f"{PROJECT_URL}.git"
TEMPLATE_URL_ENV = "GITOPS_SCAFFOLD_TEMPLATE_URL"


def template_url() -> str:
    """The Git source recorded in answers files for renders of the bundled template."""
    return os.environ.get(TEMPLATE_URL_ENV) or DEFAULT_TEMPLATE_URL
