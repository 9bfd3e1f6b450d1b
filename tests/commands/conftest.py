"""A generated-looking repository for the command tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.authoring.conftest import answers
from tests.fixtures import empty_layout


@pytest.fixture
def fleet(make_git_repo) -> Path:
    """A repository with one cluster, clusters/dev, laid out as `new` lays it out."""
    files = {**empty_layout("clusters/dev"), ".copier-answers.yml": answers("clusters/dev")}
    return make_git_repo(files)
