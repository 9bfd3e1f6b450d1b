"""Objects matched by identity: added, removed, changed, moved; clusters on one side only."""

from __future__ import annotations

from scaffold.diff.compare import compare
from scaffold.diff.objects import Identity, identity_of
from tests.diff.conftest import KEY, applied, change_of, deployment, diff, edited, obj, only


def test_identity_is_group_kind_namespace_name_not_version() -> None:
    old = obj("autoscaling/v2beta2", "HorizontalPodAutoscaler", "web", spec={"maxReplicas": 3})
    new = obj("autoscaling/v2", "HorizontalPodAutoscaler", "web", spec={"maxReplicas": 3})
    assert identity_of(new) == Identity("autoscaling", "HorizontalPodAutoscaler", "apps", "web")
    change = change_of(diff([old], [new]))
    assert change.change == "changed"
    assert [(f.path, f.old, f.new) for f in change.fields] == [
        ("apiVersion", "autoscaling/v2beta2", "autoscaling/v2")
    ]


def test_same_name_in_another_group_or_namespace_is_another_object() -> None:
    core = obj("v1", "Service", "web")
    other_group = obj("serving.knative.dev/v1", "Service", "web")
    other_namespace = obj("v1", "Service", "web", namespace="prod")
    cluster = only(diff([core], [core, other_group, other_namespace]))
    assert sorted(o.identity.label for o in cluster.objects if o.change == "added") == [
        "Service apps/web",
        "Service prod/web",
    ]
    assert {o.identity.group for o in cluster.objects} == {"", "serving.knative.dev"}


def test_added_removed_and_unchanged() -> None:
    kept, gone, new = deployment("kept"), deployment("gone"), deployment("new")
    cluster = only(diff([kept, gone], [kept, new]))
    assert [(o.change, o.identity.name) for o in cluster.objects] == [
        ("removed", "gone"),
        ("added", "new"),
    ]
    assert only(diff([kept], [kept])).changed is False


def test_a_changed_object_lists_its_field_changes() -> None:
    base = deployment(replicas=1)
    change = change_of(diff([base], [edited(base, "spec.replicas", 3)]))
    assert change.change == "changed" and not change.moved
    assert [(f.path, f.change, f.old, f.new) for f in change.fields] == [
        ("spec.replicas", "changed", 1, 3)
    ]


def test_an_object_in_another_file_is_moved_not_removed_and_added() -> None:
    web = deployment()
    report = diff([applied(web, "apps/a.yaml")], [applied(web, "apps/b.yaml", "flux-system/web")])
    change = change_of(report)
    assert change.change == "moved" and change.moved and change.fields == ()
    assert (change.base.file, change.head.file) == ("apps/a.yaml", "apps/b.yaml")
    assert change.head.kustomization == "flux-system/web"
    assert report.count("moved") == 1 and report.count("removed") == report.count("added") == 0


def test_a_changed_object_that_moved_says_both() -> None:
    web = deployment()
    change = change_of(
        diff(
            [applied(web, "apps/a.yaml")], [applied(edited(web, "spec.replicas", 2), "apps/b.yaml")]
        )
    )
    assert change.change == "changed" and change.moved
    assert [f.path for f in change.fields] == ["spec.replicas"]


def test_a_cluster_on_one_side_only_is_all_added_or_all_removed() -> None:
    web, api = deployment("web"), deployment("api")
    report = compare(
        {"clusters/old": [applied(web)], "clusters/both": [applied(web)]},
        {"clusters/new": [applied(web), applied(api)], "clusters/both": [applied(web)]},
        key=KEY,
    )
    by_name = {c.cluster: c for c in report.clusters}
    assert list(by_name) == ["clusters/both", "clusters/new", "clusters/old"]
    assert by_name["clusters/new"].presence == "added"
    assert [o.change for o in by_name["clusters/new"].objects] == ["added", "added"]
    assert by_name["clusters/old"].presence == "removed"
    assert [o.change for o in by_name["clusters/old"].objects] == ["removed"]
    assert not by_name["clusters/both"].changed
    assert report.summary() == "2 of 3 clusters changed: 2 added, 1 removed"


def test_an_empty_cluster_on_one_side_still_counts_as_changed() -> None:
    report = compare({}, {"clusters/new": []}, key=KEY)
    assert report.changed and report.clusters[0].presence == "added"


def test_no_change_says_so() -> None:
    web = deployment()
    report = diff([web], [web])
    assert not report.changed and report.summary() == "no changes in 1 cluster"


def test_the_first_of_two_objects_with_one_identity_is_compared() -> None:
    web = deployment()
    change = change_of(
        diff([web, edited(web, "spec.replicas", 9)], [edited(web, "spec.replicas", 2)])
    )
    assert [(f.change, f.new) for f in change.fields] == [("added", 2)]
