"""The views are tested on the fleets the authoring tests build, and on the corpus."""

from tests.authoring.conftest import *  # noqa: F403
from tests.lint.conftest import realworld_repo  # noqa: F401
