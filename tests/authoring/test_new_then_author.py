"""End to end: a repository from `new`, components from `add` and `seal`, a clean lint."""

from __future__ import annotations

import pytest

from tests.conftest import git


def test_new_add_seal_then_lint_is_clean(cli, tmp_path, cert_file) -> None:
    pytest.importorskip("scaffold.commands.new")
    engine = pytest.importorskip("scaffold.lint.engine")
    fleet = tmp_path / "fleet"
    created = cli("new", str(fleet), "--sync-path", "clusters/dev", cwd=tmp_path)
    assert created.exit_code == 0, created.stderr
    steps = [
        ["add", "repository", "podinfo", "--url", "oci://ghcr.io/stefanprodan/charts"],
        ["seal", "podinfo-auth", "-n", "flux-system", "--from-file", "password=-",
         "--cert", str(cert_file)],
        ["add", "release", "podinfo", "--chart", "podinfo", "--version", "6.5.0",
         "--repository", "podinfo", "--target-namespace", "apps",
         "--secret-value", "podinfo-auth:password=auth.password"],
    ]  # fmt: skip
    for args in steps:
        result = cli(*args, cwd=fleet / "clusters", input="hunter2")
        assert result.exit_code == 0, (args, result.stderr)
        assert "warning" not in result.stderr
    git(fleet, "add", "-A")
    git(fleet, "commit", "-q", "-m", "components")
    findings = engine.run_lint(fleet).findings
    assert [(f.rule, f.path, f.message) for f in findings] == []
    tracked = git(fleet, "ls-files").splitlines()
    assert "clusters/dev/helm/secrets/podinfo-auth-sealed.yaml" in tracked
    assert "clusters/dev/helm/releases/podinfo-v6.5.0.yaml" in tracked
