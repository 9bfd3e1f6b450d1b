"""`status`: the cluster's applied revision against the remote tip, and readiness."""

from __future__ import annotations

import json

import pytest

from scaffold.formats import STATUS_FORMATS, OutputFormat
from tests.bootstrap.bootstrap_helpers import git


@pytest.fixture
def published(cluster_repo, bare_remote):
    """A repository pushed to its remote, with origin/main known locally."""
    remote = bare_remote()
    root = cluster_repo(git_provider="git", git_url=remote.as_uri())
    git(root, "remote", "add", "origin", remote.as_uri())
    git(root, "push", "--quiet", "origin", "main")
    git(root, "fetch", "--quiet", "origin")
    return root, git(root, "rev-parse", "origin/main").strip()


def test_in_sync_and_ready_exits_zero(cli, fake_flux, published) -> None:
    root, tip = published
    fake_flux.set("REVISION", f"main@sha1:{tip[:8]}")

    result = cli("status", cwd=root)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [f"clusters/dev: in sync with origin/main at {tip[:12]}"]
    assert fake_flux.argvs() == [["check"], ["get", "all", "--all-namespaces"]]


def test_out_of_sync_exits_one_with_logs_hint(cli, fake_flux, published) -> None:
    root, tip = published
    fake_flux.set("REVISION", "main@sha1:0badc0de")

    result = cli("status", cwd=root)

    assert result.exit_code == 1
    assert result.stdout.startswith(f"clusters/dev: out of sync: origin/main is at {tip[:12]}")
    assert "applied main@sha1:0badc0de" in result.stdout
    assert "flux logs --all-namespaces --level=error" in result.stderr


def test_resources_not_ready_are_listed(cli, fake_flux, published) -> None:
    root, tip = published
    fake_flux.set("REVISION", f"main@sha1:{tip[:8]}")
    fake_flux.set("NOT_READY", "apps/helmrelease/podinfo=install retries exhausted")

    result = cli("status", cwd=root)

    assert result.exit_code == 1
    assert "not ready: apps/helmrelease/podinfo: install retries exhausted" in result.stdout


def test_failing_flux_check_is_reported(cli, fake_flux, published) -> None:
    root, tip = published
    fake_flux.set("REVISION", f"main@sha1:{tip[:8]}")
    fake_flux.fail("check", 1)
    fake_flux.set("CHECK_OUTPUT", "► checking controllers\n✗ helm-controller: not ready\n")

    result = cli("status", cwd=root)

    assert result.exit_code == 1
    assert "flux check: ✗ helm-controller: not ready" in result.stdout


def test_cluster_without_flux_system_is_not_bootstrapped(cli, fake_flux, published) -> None:
    root, _ = published
    fake_flux.set("GET_OUTPUT", "")

    result = cli("status", cwd=root)

    assert result.exit_code == 1
    assert result.stdout.startswith("clusters/dev: not bootstrapped")


def test_unknown_remote_branch_hints_at_fetch(cli, fake_flux, cluster_repo) -> None:
    root = cluster_repo()
    result = cli("status", cwd=root)
    assert result.exit_code == 1
    assert "origin/main does not exist locally" in result.stdout
    assert "git fetch origin" in result.stderr


def test_missing_flux_is_an_environment_problem(cli, no_flux, published) -> None:
    root, _ = published
    result = cli("status", cwd=root)
    assert result.exit_code == 1
    assert "`flux` was not found on PATH" in result.stderr


def test_unreachable_cluster_is_an_error(cli, fake_flux, published) -> None:
    root, _ = published
    fake_flux.fail("get", 1)
    result = cli("status", cwd=root)
    assert result.exit_code == 1
    assert "kubectl cluster-info" in result.stderr


def test_context_is_passed_to_flux(cli, fake_flux, published) -> None:
    root, tip = published
    fake_flux.set("REVISION", f"main@sha1:{tip[:8]}")
    result = cli("status", "--context", "kind-dev", cwd=root)
    assert result.exit_code == 0
    assert fake_flux.argvs() == [
        ["check", "--context=kind-dev"],
        ["get", "all", "--all-namespaces", "--context=kind-dev"],
    ]


@pytest.mark.parametrize("fmt", STATUS_FORMATS)
def test_every_output_format(cli, fake_flux, published, fmt) -> None:
    root, tip = published
    fake_flux.set("REVISION", f"main@sha1:{tip[:8]}")

    result = cli("status", "--format", fmt.value, cwd=root)

    assert result.exit_code == 0
    if fmt is OutputFormat.json:
        data = json.loads(result.stdout)
        assert data["in_sync"] is True and data["healthy"] is True
        assert data["remote_commit"] == tip
        assert data["applied_revision"] == f"main@sha1:{tip[:8]}"
    else:
        assert "in sync" in result.stdout


def test_status_after_bootstrap_is_in_sync(cli, fake_flux, git_target) -> None:
    root, _ = git_target
    assert cli("bootstrap", "git", "--skip-lint", "--push", cwd=root).exit_code == 0
    tip = git(root, "rev-parse", "origin/main").strip()
    fake_flux.set("REVISION", f"main@sha1:{tip[:8]}")
    assert cli("status", cwd=root).exit_code == 0


def _json_error(result) -> dict:
    data = json.loads(result.stdout)
    assert set(data) == {"version", "error"}
    assert data["error"]["exit_code"] == result.exit_code
    return data["error"]


def test_json_without_flux_is_a_json_error(cli, no_flux, published) -> None:
    root, _ = published
    result = cli("status", "--format", "json", cwd=root)
    assert result.exit_code == 1
    error = _json_error(result)
    assert error["message"] == "`flux` was not found on PATH"
    assert "flux" in error["hint"]


def test_json_unreachable_cluster_is_a_json_error(cli, fake_flux, published) -> None:
    root, _ = published
    fake_flux.fail("get", 1)
    result = cli("status", "--format=json", cwd=root)
    assert result.exit_code == 1
    assert "kubectl cluster-info" in _json_error(result)["hint"]


def test_json_outside_a_repository_is_a_json_error(cli, tmp_path) -> None:
    result = cli("status", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 2
    assert "no cluster" in _json_error(result)["message"]


def test_json_with_an_unknown_option_is_a_json_error(cli, published) -> None:
    root, _ = published
    result = cli("status", "--format", "json", "--bogus", cwd=root)
    assert result.exit_code == 2
    assert "--bogus" in _json_error(result)["message"]
