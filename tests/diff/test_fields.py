"""Field changes: list items matched by merge key, so a reorder is "order changed"."""

from __future__ import annotations

from scaffold.diff.fields import field_changes
from tests.diff.conftest import change_of, deployment, diff, obj


def pairs(change):
    return [(f.path, f.change, f.old, f.new) for f in change.fields]


def two_containers(order, images=None):
    images = images or {}
    base = deployment()
    base["spec"]["template"]["spec"]["containers"] = [
        {"name": n, "image": images.get(n, f"{n}:1"), "env": [{"name": "A", "value": "1"}]}
        for n in order
    ]
    return base


def test_reordered_containers_are_order_changed_only() -> None:
    change = change_of(
        diff([two_containers(["app", "sidecar"])], [two_containers(["sidecar", "app"])])
    )
    assert pairs(change) == [
        (
            "spec.template.spec.containers",
            "order changed",
            ["[name=app]", "[name=sidecar]"],
            ["[name=sidecar]", "[name=app]"],
        ),
    ]


def test_a_container_changed_and_moved_is_matched_by_name() -> None:
    old = two_containers(["app", "sidecar"])
    new = two_containers(["sidecar", "app"], {"app": "app:2"})
    assert pairs(change_of(diff([old], [new])))[1:] == [
        ("spec.template.spec.containers[name=app].image", "changed", "app:1", "app:2")
    ]


def test_env_items_added_and_removed_by_name() -> None:
    old = deployment()
    new = deployment()
    old["spec"]["template"]["spec"]["containers"][0]["env"] = [{"name": "A", "value": "1"}]
    new["spec"]["template"]["spec"]["containers"][0]["env"] = [{"name": "B", "value": "2"}]
    base = "spec.template.spec.containers[name=web].env"
    assert pairs(change_of(diff([old], [new]))) == [
        (f"{base}[name=A]", "removed", {"name": "A", "value": "1"}, None),
        (f"{base}[name=B]", "added", None, {"name": "B", "value": "2"}),
    ]


def test_ports_are_matched_by_their_schema_keys() -> None:
    def service(ports):
        return obj("v1", "Service", "web", spec={"ports": ports})

    old = service(
        [
            {"port": 80, "protocol": "TCP", "targetPort": 8080},
            {"port": 53, "protocol": "UDP", "targetPort": 53},
        ]
    )
    new = service(
        [
            {"port": 53, "protocol": "UDP", "targetPort": 5353},
            {"port": 80, "protocol": "TCP", "targetPort": 8080},
        ]
    )
    assert pairs(change_of(diff([old], [new]))) == [
        (
            "spec.ports",
            "order changed",
            ["[port=80,protocol=TCP]", "[port=53,protocol=UDP]"],
            ["[port=53,protocol=UDP]", "[port=80,protocol=TCP]"],
        ),
        ("spec.ports[port=53,protocol=UDP].targetPort", "changed", 53, 5353),
    ]


def test_a_custom_resource_list_of_uniquely_named_maps_matches_by_name() -> None:
    old = {"items": [{"name": "a", "v": 1}, {"name": "b", "v": 1}]}
    new = {"items": [{"name": "b", "v": 2}, {"name": "a", "v": 1}]}
    assert [(c.path, c.change) for c in field_changes(old, new, None)] == [
        ("items", "order changed"),
        ("items[name=b].v", "changed"),
    ]


def test_a_list_without_a_key_is_compared_by_position() -> None:
    old = {"items": [{"v": 1}, {"v": 2}]}
    new = {"items": [{"v": 1}, {"v": 3}, {"v": 4}]}
    assert [(c.path, c.change, c.old, c.new) for c in field_changes(old, new, None)] == [
        ("items[1].v", "changed", 2, 3),
        ("items[2]", "added", None, {"v": 4}),
    ]
    duplicated = {"items": [{"name": "a", "v": 1}, {"name": "a", "v": 2}]}
    assert [
        c.path for c in field_changes(duplicated, {"items": [{"name": "a", "v": 1}]}, None)
    ] == ["items[1]"]


def test_scalar_lists_reordered_or_changed() -> None:
    assert [(c.path, c.change) for c in field_changes({"a": [1, 2]}, {"a": [2, 1]}, None)] == [
        ("a", "order changed")
    ]
    assert [
        (c.change, c.old, c.new) for c in field_changes({"a": [1, 2]}, {"a": [1, 3]}, None)
    ] == [("changed", [1, 2], [1, 3])]


def test_odd_keys_are_quoted_in_paths() -> None:
    old = obj("v1", "ConfigMap", "c", data={"app.ini": "a"})
    new = obj("v1", "ConfigMap", "c", data={"app.ini": "b"})
    assert [f.path for f in change_of(diff([old], [new])).fields] == ['data["app.ini"]']
