"""`gitops-scaffold upgrade release`: the version changes in place, the file is renamed by Git."""

from __future__ import annotations

import json

import pytest

from tests.conftest import git, write_tree

RELEASES = "clusters/dev/helm/releases"
# Comments, quoting, key order and a CRLF line the tool must all leave alone.
RELEASE = (
    "# Grafana, pinned on purpose (see ticket 42)\n"
    "apiVersion: helm.toolkit.fluxcd.io/v2\n"
    "kind: HelmRelease\n"
    "metadata:\n"
    "  name: grafana\n"
    "  namespace: monitoring   # odd spacing kept\n"
    "spec:\n"
    "  interval: 1h\n"
    "  chart:\n"
    "    spec:\n"
    "      version: '8.5.0'  # bump with care\n"
    "      chart: grafana\n"
    "      sourceRef: {kind: HelmRepository, name: grafana, namespace: flux-system}\n"
    "  values:\n"
    "    replicas: 2\r\n"
)
OLD = f"{RELEASES}/grafana-v8.5.0.yaml"
NEW = f"{RELEASES}/grafana-v8.6.0.yaml"


@pytest.fixture
def with_grafana(fleet):
    write_tree(fleet, {OLD: RELEASE})
    git(fleet, "add", "-A")
    git(fleet, "commit", "--quiet", "-m", "grafana")
    return fleet


def test_upgrade_keeps_every_other_byte_and_renames_with_git(cli, with_grafana) -> None:
    result = cli("upgrade", "release", "grafana", "--version", "8.6.0", cwd=with_grafana)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == NEW
    assert not (with_grafana / OLD).exists()
    after = (with_grafana / NEW).read_bytes()
    assert after == RELEASE.replace("'8.5.0'", "'8.6.0'").encode()
    git(with_grafana, "add", NEW)
    status = git(with_grafana, "status", "--porcelain")
    assert f"R  {OLD} -> {NEW}" in status
    assert f"git add {NEW} && git commit -m 'Upgrade grafana 8.5.0 -> 8.6.0 (grafana)'" in (
        result.stderr
    )


def test_upgrade_keeps_plain_style_and_a_byte_order_mark(cli, fleet) -> None:
    text = "\ufeff" + RELEASE.replace("'8.5.0'", "8.5.0")
    write_tree(fleet, {OLD: text.encode()})
    result = cli("upgrade", "release", "grafana", "--version", "8.6.0", cwd=fleet)
    assert result.exit_code == 0, result.stderr
    # never tracked: a plain rename, and nothing staged
    assert (fleet / NEW).read_bytes() == text.replace("8.5.0", "8.6.0").encode()
    assert git(fleet, "status", "--porcelain", "--", RELEASES).strip() == f"?? {NEW}"


def test_upgrade_to_a_range_quotes_what_yaml_would_misread(cli, with_grafana) -> None:
    plain = RELEASE.replace("'8.5.0'", "8.5.0")
    (with_grafana / OLD).write_bytes(plain.encode())
    refused = cli("upgrade", "release", "grafana", "--version", "*", cwd=with_grafana)
    assert refused.exit_code == 2
    assert "is a range" in refused.stderr
    result = cli(
        "upgrade", "release", "grafana", "--version", "*", "--allow-range", cwd=with_grafana
    )
    assert result.exit_code == 0, result.stderr
    assert "is a range" in result.stderr
    unpinned = with_grafana / RELEASES / "grafana.yaml"
    assert unpinned.read_bytes() == plain.replace("8.5.0", '"*"').encode()


def test_upgrade_leaves_a_file_named_otherwise_where_it_is(cli, fleet) -> None:
    path = "clusters/dev/apps/grafana/helmrelease.yaml"
    write_tree(fleet, {path: RELEASE})
    result = cli(
        "upgrade", "release", "grafana", "--version", "9.0.0", "--format", "json", cwd=fleet
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["path"] == path
    assert data["renamed_from"] is None
    assert data["details"] == {"chart": "grafana", "from_version": "8.5.0", "version": "9.0.0"}
    assert "9.0.0" in (fleet / path).read_text()


def test_upgrade_to_the_same_version_changes_nothing(cli, with_grafana) -> None:
    result = cli("upgrade", "release", "grafana", "--version", "8.5.0", cwd=with_grafana)
    assert result.exit_code == 0
    assert "nothing changed" in result.stderr
    assert (with_grafana / OLD).read_bytes() == RELEASE.encode()


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        ({}, ("nope",), "no HelmRelease 'nope' in cluster clusters/dev (declared: grafana)"),
        ({f"{RELEASES}/grafana-v8.6.0.yaml": "# someone else's\n"}, ("grafana",),
         f"{NEW} already exists"),
        ({f"{RELEASES}/other.yaml": RELEASE.replace("monitoring ", "default ")}, ("grafana",),
         "several HelmReleases named 'grafana'"),
    ],
)  # fmt: skip
def test_upgrade_refusals_change_nothing(cli, with_grafana, files, args, message) -> None:
    write_tree(with_grafana, files)
    result = cli("upgrade", "release", *args, "--version", "8.6.0", cwd=with_grafana)
    assert result.exit_code == 2
    assert message in result.stderr
    assert (with_grafana / OLD).read_bytes() == RELEASE.encode()


def test_upgrade_chooses_by_namespace(cli, with_grafana) -> None:
    write_tree(with_grafana, {f"{RELEASES}/other.yaml": RELEASE.replace("monitoring ", "default ")})
    result = cli(
        "upgrade", "release", "grafana", "-n", "monitoring", "--version", "8.6.0", cwd=with_grafana
    )
    assert result.exit_code == 0, result.stderr
    assert (with_grafana / NEW).is_file()
    assert "8.5.0" in (with_grafana / RELEASES / "other.yaml").read_text()


def test_upgrade_refuses_a_chart_ref_release(cli, fleet) -> None:
    release = (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
        "metadata: {name: podinfo, namespace: apps}\n"
        "spec:\n  chartRef: {kind: OCIRepository, name: podinfo}\n"
    )
    write_tree(fleet, {f"{RELEASES}/podinfo.yaml": release})
    result = cli("upgrade", "release", "podinfo", "--version", "1.0.0", cwd=fleet)
    assert result.exit_code == 2
    assert "chartRef (podinfo)" in result.stderr
    assert "spec.ref.tag" in result.stderr


def test_upgrade_refuses_a_release_without_a_version(cli, fleet) -> None:
    write_tree(fleet, {OLD: RELEASE.replace("      version: '8.5.0'  # bump with care\n", "")})
    result = cli("upgrade", "release", "grafana", "--version", "8.6.0", cwd=fleet)
    assert result.exit_code == 2
    assert "has no spec.chart.spec.version" in result.stderr


def test_a_file_named_after_the_release_keeps_that_prefix(cli, fleet) -> None:
    text = RELEASE.replace("name: grafana\n", "name: grafana-ops\n")
    write_tree(fleet, {f"{RELEASES}/grafana-ops-v8.5.0.yaml": text})
    result = cli("upgrade", "release", "grafana-ops", "--version", "8.6.0", cwd=fleet)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"{RELEASES}/grafana-ops-v8.6.0.yaml"


def test_upgrade_a_release_the_cluster_applies_from_outside_its_sync_path(cli, fleet) -> None:
    from tests.authoring.test_remove import OUTSIDE

    write_tree(fleet, OUTSIDE)
    git(fleet, "add", "-A")
    git(fleet, "commit", "--quiet", "-m", "podinfo, applied from apps/")
    result = cli("upgrade", "release", "podinfo", "--version", "6.6.0", cwd=fleet)
    assert result.exit_code == 0, result.stderr
    assert "version: 6.6.0" in (fleet / "apps/podinfo/release.yaml").read_text()


def test_a_failing_git_mv_leaves_the_file_as_it_was_and_a_rerun_upgrades(
    cli, with_grafana
) -> None:
    lock = with_grafana / ".git/index.lock"
    lock.write_text("")  # another git command holds the index
    failed = cli("upgrade", "release", "grafana", "--version", "8.6.0", cwd=with_grafana)
    assert failed.exit_code == 1
    assert "index.lock" in failed.stderr
    assert (with_grafana / OLD).read_bytes() == RELEASE.encode()
    assert not (with_grafana / NEW).exists()
    lock.unlink()
    result = cli("upgrade", "release", "grafana", "--version", "8.6.0", cwd=with_grafana)
    assert result.exit_code == 0, result.stderr
    assert not (with_grafana / OLD).exists()
    assert (with_grafana / NEW).read_bytes() == RELEASE.replace("'8.5.0'", "'8.6.0'").encode()


def test_a_failing_write_after_the_rename_puts_the_file_back(with_grafana, monkeypatch) -> None:
    from scaffold import fs
    from scaffold.authoring.upgrade import UpgradeRequest, upgrade_release
    from scaffold.errors import EnvironmentProblem

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.chdir(with_grafana)
    monkeypatch.setattr(fs, "write_in_repository", full_disk)
    with pytest.raises(EnvironmentProblem, match="No space left"):
        upgrade_release(UpgradeRequest("grafana", "8.6.0"))
    assert (with_grafana / OLD).read_bytes() == RELEASE.encode()
    assert not (with_grafana / NEW).exists()
    assert git(with_grafana, "status", "--porcelain") == ""


@pytest.mark.parametrize("staged", [True, False])
def test_a_rerun_finishes_a_rename_an_interruption_left_undone(cli, with_grafana, staged) -> None:
    # The version already changed under the old name (an earlier run was cut short).
    edited = RELEASE.replace("'8.5.0'", "'8.6.0'")
    (with_grafana / OLD).write_text(edited, newline="")
    if staged:
        git(with_grafana, "add", OLD)
    result = cli("upgrade", "release", "grafana", "--version", "8.6.0", cwd=with_grafana)
    assert result.exit_code == 0, result.stderr
    assert "nothing changed" not in result.stderr
    assert not (with_grafana / OLD).exists()
    assert (with_grafana / NEW).read_bytes() == edited.encode()
    git(with_grafana, "add", NEW)
    assert f"R  {OLD} -> {NEW}" in git(with_grafana, "status", "--porcelain")
