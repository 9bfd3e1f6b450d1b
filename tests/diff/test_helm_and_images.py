"""HelmRelease chart changes on one line, values as field changes; the images summary."""

from __future__ import annotations

from scaffold.diff.compare import compare
from tests.diff.conftest import (
    KEY,
    applied,
    change_of,
    deployment,
    diff,
    edited,
    obj,
    only,
    release,
)


def test_a_chart_bump_is_one_line() -> None:
    change = change_of(diff([release("6.5.0")], [release("6.6.0")]))
    assert change.lines == ("chart: podinfo 6.5.0 → 6.6.0",)
    assert change.fields == ()


def test_a_chart_source_change_names_both_sources() -> None:
    oci = {"kind": "HelmRepository", "name": "podinfo-oci", "namespace": "flux-system"}
    change = change_of(diff([release("6.5.0")], [release("6.5.0", source=oci)]))
    assert change.lines == (
        "chart: podinfo 6.5.0 from HelmRepository apps/podinfo"
        " → 6.5.0 from HelmRepository flux-system/podinfo-oci",
    )


def test_a_move_to_a_chart_ref_is_one_line() -> None:
    old = release("6.5.0")
    new = edited(old, "spec.chartRef", {"kind": "OCIRepository", "name": "podinfo"})
    del new["spec"]["chart"]
    change = change_of(diff([old], [new]))
    assert change.lines == (
        "chart: podinfo 6.5.0 from HelmRepository apps/podinfo"
        " → chartRef OCIRepository apps/podinfo",
    )
    assert change.fields == ()


def test_values_changes_are_field_changes_under_values() -> None:
    old = release(values={"replicaCount": 1, "ui": {"color": "blue"}})
    new = release("6.6.0", values={"replicaCount": 2, "ui": {"color": "blue", "message": "hi"}})
    change = change_of(diff([old], [new]))
    assert change.lines == ("chart: podinfo 6.5.0 → 6.6.0",)
    assert [(f.path, f.change, f.old, f.new) for f in change.fields] == [
        ("spec.values.replicaCount", "changed", 1, 2),
        ("spec.values.ui.message", "added", None, "hi"),
    ]


def test_an_added_release_names_its_chart() -> None:
    assert change_of(diff([], [release()])).lines == (
        "chart: podinfo 6.5.0 from HelmRepository apps/podinfo",
    )


def images(report):
    return [(i.change, i.old, i.new, i.owners) for i in only(report).images]


def test_workload_images_added_removed_and_changed() -> None:
    web, api = deployment("web", "web:1"), deployment("api", "api:1")
    report = diff([web, api], [deployment("web", "web:2"), deployment("new", "new:1")])
    assert images(report) == [
        ("removed", "api:1", None, ("Deployment apps/api containers[api]",)),
        ("changed", "web:1", "web:2", ("Deployment apps/web containers[web]",)),
        ("added", None, "new:1", ("Deployment apps/new containers[new]",)),
    ]


def test_init_containers_and_cron_jobs_count() -> None:
    job = {
        "containers": [{"name": "run", "image": "job:1"}],
        "initContainers": [{"name": "wait", "image": "busybox:1"}],
    }
    cron = obj(
        "batch/v1",
        "CronJob",
        "nightly",
        spec={"jobTemplate": {"spec": {"template": {"spec": job}}}},
    )
    assert images(diff([], [cron])) == [
        ("added", None, "busybox:1", ("CronJob apps/nightly initContainers[wait]",)),
        ("added", None, "job:1", ("CronJob apps/nightly containers[run]",)),
    ]


def test_helm_values_images_by_convention() -> None:
    old = release(
        values={
            "image": {"registry": "ghcr.io", "repository": "stefanprodan/podinfo", "tag": "6.5.0"},
            "sidecar": {"image": "envoy:1.29"},
        }
    )
    new = edited(
        edited(old, "spec.values.image.tag", "6.6.0"), "spec.values.sidecar.image", "envoy:1.30"
    )
    assert images(diff([old], [new])) == [
        (
            "changed",
            "envoy:1.29",
            "envoy:1.30",
            ("HelmRelease apps/podinfo spec.values.sidecar.image",),
        ),
        (
            "changed",
            "ghcr.io/stefanprodan/podinfo:6.5.0",
            "ghcr.io/stefanprodan/podinfo:6.6.0",
            ("HelmRelease apps/podinfo spec.values.image",),
        ),
    ]


def test_one_image_in_two_objects_is_one_line_with_both_owners() -> None:
    report = compare(
        {"c": [applied(deployment("a", "x:1")), applied(deployment("b", "x:1"))]},
        {"c": [applied(deployment("a", "x:2")), applied(deployment("b", "x:2"))]},
        key=KEY,
    )
    assert images(report) == [
        (
            "changed",
            "x:1",
            "x:2",
            ("Deployment apps/a containers[a]", "Deployment apps/b containers[b]"),
        ),
    ]


def test_an_oci_repository_ref_bump_is_one_artifact_line() -> None:
    def oci(ref):
        return obj("source.toolkit.fluxcd.io/v1", "OCIRepository", "podinfo", spec={
            "interval": "10m", "url": "oci://ghcr.io/stefanprodan/charts/podinfo", "ref": ref,
        })  # fmt: skip

    change = change_of(diff([oci({"tag": "6.5.0"})], [oci({"tag": "6.6.0"})]))
    assert change.lines == ("artifact: oci://ghcr.io/stefanprodan/charts/podinfo 6.5.0 → 6.6.0",)
    assert change.fields == ()
    pinned = change_of(diff([oci({"semver": ">=6.0.0"})], [oci({"digest": "sha256:abc"})]))
    assert pinned.lines == (
        "artifact: oci://ghcr.io/stefanprodan/charts/podinfo semver >=6.0.0 → @sha256:abc",
    )


def test_a_helm_chart_object_bump_is_one_chart_line() -> None:
    def helm_chart(version):
        return obj("source.toolkit.fluxcd.io/v1", "HelmChart", "podinfo", spec={
            "chart": "podinfo", "version": version, "interval": "5m",
            "sourceRef": {"kind": "HelmRepository", "name": "podinfo"},
        })  # fmt: skip

    old = helm_chart("6.5.0")
    new = edited(helm_chart("6.6.0"), "spec.interval", "10m")
    change = change_of(diff([old], [new]))
    assert change.lines == ("chart: podinfo 6.5.0 → 6.6.0",)
    assert [(f.path, f.old, f.new) for f in change.fields] == [("spec.interval", "5m", "10m")]
