"""Parsers of flux's printed output, against the shapes flux really prints."""

from __future__ import annotations

import pytest

from scaffold.flux.output import (
    check_failures,
    check_reason,
    listing_errors,
    parse_get_all,
    revision_commit,
    same_commit,
    upgrade_notice,
)

# `flux get all -A` (Flux 2.x): one table per kind, tab plus padding, kind/name.
GET_ALL = (
    "NAMESPACE  \tNAME                     \tREVISION          \tSUSPENDED\tREADY\tMESSAGE"
    "                                           \n"
    "flux-system\tgitrepository/flux-system\tmain@sha1:696f056d\tFalse    \tTrue \t"
    "stored artifact for revision 'main@sha1:696f056d'\t\n"
    "\n"
    "NAMESPACE  \tNAME                     \tREVISION          \tSUSPENDED\tREADY\tMESSAGE"
    "                              \n"
    "flux-system\tkustomization/flux-system\tmain@sha1:696f056d\tFalse    \tTrue \t"
    "Applied revision: main@sha1:696f056d\t\n"
    "apps       \tkustomization/apps       \t                  \tTrue     \tFalse\t"
    "kustomization path not found: lstat /tmp/kustomization-1/apps: no such file or directory\t\n"
    "\n"
)


def test_get_all_rows() -> None:
    rows = parse_get_all(GET_ALL)
    assert [(r.namespace, r.kind, r.name) for r in rows] == [
        ("flux-system", "gitrepository", "flux-system"),
        ("flux-system", "kustomization", "flux-system"),
        ("apps", "kustomization", "apps"),
    ]
    source, applied, broken = rows
    assert source.revision == "main@sha1:696f056d" and source.is_ready
    assert applied.message == "Applied revision: main@sha1:696f056d"
    assert not broken.is_ready and broken.suspended and broken.revision == ""
    assert broken.message.startswith("kustomization path not found")
    assert broken.ref == "apps/kustomization/apps"


def test_older_column_order_is_read_by_header() -> None:
    text = (
        "NAMESPACE\tNAME\tREADY\tMESSAGE\tREVISION\tSUSPENDED\n"
        "flux-system\tgitrepository/flux-system\tTrue\tFetched revision: main/abc1234def\t"
        "main/abc1234def\tFalse\n"
    )
    [row] = parse_get_all(text)
    assert row.revision == "main/abc1234def" and row.is_ready and not row.suspended


def test_space_padded_tables_and_log_noise() -> None:
    text = (
        "► some log line\n"
        "NAME                        REVISION             SUSPENDED  READY  MESSAGE\n"
        "kustomization/flux-system   main@sha1:1234abcd   False      True   Applied revision: x\n"
    )
    [row] = parse_get_all(text)
    assert (row.kind, row.name, row.revision, row.message) == (
        "kustomization",
        "flux-system",
        "main@sha1:1234abcd",
        "Applied revision: x",
    )
    assert row.namespace == ""


@pytest.mark.parametrize(
    ("revision", "commit"),
    [
        ("main@sha1:696f056d", "696f056d"),
        ("main@sha1:" + "a" * 40, "a" * 40),
        ("sha256:" + "b" * 64, "b" * 64),
        ("main/0123abcd4567", "0123abcd4567"),
        ("6.1.0", None),
        ("", None),
    ],
)
def test_revision_commit(revision: str, commit: str | None) -> None:
    assert revision_commit(revision) == commit


def test_same_commit_needs_a_real_prefix() -> None:
    full = "696f056d" + "0" * 32
    assert same_commit("main@sha1:696f056d", full)
    assert not same_commit("main@sha1:696f056e", full)
    assert not same_commit("6.1.0", full)


def test_check_failures() -> None:
    text = "► checking controllers\n✔ helm-controller: deployment ready\n✗ source-controller: x\n"
    assert check_failures(text) == ["✗ source-controller: x"]


# `flux check` with an outdated CLI and one controller down (cmd/flux/check.go).
CHECK_OUTPUT = (
    "► checking prerequisites\n"
    "✗ flux 2.7.3 <2.9.4 (new CLI version is available, please upgrade)\n"
    "✔ Kubernetes 1.33.1 >=1.33.0-0\n"
    "► checking controllers\n"
    "✗ source-controller: deployment not ready\n"
    "► ghcr.io/fluxcd/source-controller:v1.9.4\n"
    "✗ check failed\n"
)


def test_upgrade_notice_and_summary_are_not_causes() -> None:
    assert check_failures(CHECK_OUTPUT) == ["✗ source-controller: deployment not ready"]
    assert upgrade_notice(CHECK_OUTPUT) == (
        "flux CLI 2.7.3 is older than the latest release 2.9.4"
    )
    assert upgrade_notice("✔ Kubernetes 1.33.1 >=1.33.0-0\n") is None


def test_multi_line_message_continues_the_previous_row() -> None:
    # tablewriter puts each extra line of a cell in a row of its own, other cells blank.
    text = (
        "NAMESPACE\tNAME                 \tREVISION\tSUSPENDED\tREADY\tMESSAGE          \n"
        "apps     \thelmrelease/podinfo  \t        \tFalse    \tFalse\tinstall failed:  \t\n"
        "         \t                     \t        \t         \t     \tchart not found  \t\n"
        "apps     \thelmrelease/redis    \t        \tFalse    \tTrue \tok               \t\n"
    )
    podinfo, redis = parse_get_all(text)
    assert podinfo.message == "install failed:\nchart not found"
    assert redis.message == "ok"


def test_listing_errors_of_flux_get() -> None:
    stderr = "✗ failed to get API group resources: connection refused\n"
    assert listing_errors(stderr) == ["failed to get API group resources: connection refused"]
    assert listing_errors("") == []


def test_check_reason_never_blames_the_upgrade_notice() -> None:
    assert check_reason(CHECK_OUTPUT) == "✗ source-controller: deployment not ready"
    only_notice = (
        "► checking prerequisites\n"
        "client rate limiter Wait returned an error: context deadline exceeded\n"
        "✗ flux 2.7.3 <2.9.4 (new CLI version is available, please upgrade)\n"
    )
    assert check_reason(only_notice) == (
        "client rate limiter Wait returned an error: context deadline exceeded"
    )
