"""Package settings that users may override through the environment."""

from __future__ import annotations

import os

# The project's home; copier.yml's `scaffold_repo_url` must match it (a test checks).
PROJECT_URL = "https://github.com/gitops-scaffold/gitops-scaffold"
# Where the template lives in Git: `copier update` pulls newer releases from here.
DEFAULT_TEMPLATE_URL = f"{PROJECT_URL}.git"
TEMPLATE_URL_ENV = "GITOPS_SCAFFOLD_TEMPLATE_URL"


def template_url() -> str:
    """The Git source recorded in answers files for renders of the bundled template."""
    return os.environ.get(TEMPLATE_URL_ENV) or DEFAULT_TEMPLATE_URL
