"""The model's tests build and lint trees as lint's tests do."""

from tests.lint.conftest import *  # noqa: F403
