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
    assert fake_flux.argvs() == [
        ["check"], ["get", "all", "--all-namespaces"],
        ["export", "kustomization", "flux-system", "--namespace=flux-system"],
    ]


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
    fake_flux.set("CONTROLLERS_NOT_READY", "helm-controller")

    result = cli("status", cwd=root)

    assert result.exit_code == 1
    # The cause, without flux's upgrade notice or its closing `✗ check failed`.
    assert [line for line in result.stdout.splitlines() if line.startswith("flux check:")] == [
        "flux check: ✗ helm-controller: deployment not ready"
    ]


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


@pytest.mark.parametrize(("setting", "value"), [("FAIL", "get=1"), ("CLUSTER", "unreachable")])
def test_unreachable_cluster_is_an_error(cli, fake_flux, published, setting, value) -> None:
    """flux get all prints `✗ ...` and exits 0 when it cannot list; that is still a failure."""
    root, _ = published
    fake_flux.set(setting, value)
    result = cli("status", cwd=root)
    assert result.exit_code == 1
    assert "error: `flux get all --all-namespaces` failed: failed to get API group" in (
        result.stderr
    )
    assert "kubectl cluster-info" in result.stderr
    assert "not bootstrapped" not in result.stdout


def test_missing_context_is_an_error(cli, fake_flux, published) -> None:
    root, _ = published
    fake_flux.set("CONTEXTS", "kind-dev")
    result = cli("status", "--context", "kind-prod", cwd=root)
    assert result.exit_code == 1
    assert 'context "kind-prod" does not exist' in result.stderr


def test_suspended_kustomization_is_its_own_verdict(cli, fake_flux, published) -> None:
    root, tip = published
    fake_flux.set("REVISION", f"main@sha1:{tip[:8]}")
    fake_flux.set("SUSPENDED", "flux-system/kustomization/flux-system")

    result = cli("status", "--format", "json", cwd=root)

    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert data["verdict"] == "suspended" and data["in_sync"] is False
    assert data["suspended"] == ["flux-system/kustomization/flux-system"]
    text = cli("status", cwd=root)
    assert text.stdout.startswith("clusters/dev: suspended: flux-system/kustomization/flux-system")
    assert "flux resume kustomization flux-system --namespace=flux-system" in text.stderr


def test_cluster_syncing_another_path_is_not_in_sync(cli, fake_flux, published) -> None:
    """The dev context, asked about clusters/dev while it syncs clusters/staging."""
    root, tip = published
    fake_flux.set("REVISION", f"main@sha1:{tip[:8]}")
    fake_flux.set("SYNC_PATH", "./clusters/staging")

    result = cli("status", cwd=root)

    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "clusters/dev: syncs another path: the cluster syncs ./clusters/staging,"
        " not ./clusters/dev"
    )
    assert "--sync-path" in result.stderr


def test_multi_line_messages_are_kept(cli, fake_flux, published) -> None:
    root, tip = published
    fake_flux.set("REVISION", f"main@sha1:{tip[:8]}")
    message = "install failed:\nchart not found\nretrying"
    fake_flux.set("NOT_READY", f"apps/helmrelease/podinfo={message}")

    result = cli("status", cwd=root)

    assert result.exit_code == 1
    assert ("not ready: apps/helmrelease/podinfo: install failed:\n    chart not found\n"
            "    retrying") in result.stdout


def test_namespace_and_kubeconfig_reach_every_flux_call(cli, fake_flux, published, tmp_path):
    root, tip = published
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text("apiVersion: v1\nkind: Config\n")
    fake_flux.set("REVISION", f"main@sha1:{tip[:8]}")
    fake_flux.set("NOT_READY", "")

    result = cli("status", "--namespace", "gitops", "--kubeconfig", str(kubeconfig), cwd=root)

    selection = [f"--kubeconfig={kubeconfig}", "--namespace=gitops"]
    assert fake_flux.argvs() == [
        ["check", *selection],
        ["get", "all", "--all-namespaces", *selection],
    ]
    # flux-system objects do not count in another namespace: nothing is bootstrapped there.
    assert result.stdout.startswith("clusters/dev: not bootstrapped: no gitops source")


def test_context_is_passed_to_flux(cli, fake_flux, published) -> None:
    root, tip = published
    fake_flux.set("REVISION", f"main@sha1:{tip[:8]}")
    result = cli("status", "--context", "kind-dev", cwd=root)
    assert result.exit_code == 0
    assert fake_flux.argvs() == [
        ["check", "--context=kind-dev"],
        ["get", "all", "--all-namespaces", "--context=kind-dev"],
        ["export", "kustomization", "flux-system", "--context=kind-dev",
         "--namespace=flux-system"],
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
