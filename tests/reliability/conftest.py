"""Shared helpers of the reliability suite, and the fixtures it borrows from other suites."""

from __future__ import annotations

from tests.authoring.conftest import cert_file, controller_key, fleet  # noqa: F401
from tests.bootstrap.conftest import (  # noqa: F401
    bare_remote,
    cluster_repo,
    fake_flux,
    git_target,
    https_remote,
)
from tests.lint.conftest import lint_tree  # noqa: F401


def assert_handled(result, *, codes) -> None:  # type: ignore[no-untyped-def]
    """The command ended with the expected exit code (one, where the outcome is known) and no
    traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert result.exit_code in codes, (result.exit_code, result.stderr)
