"""Finding declared objects without parsing files that cannot declare them."""

from __future__ import annotations

import pytest

from scaffold.authoring.declared import declared_objects, may_declare
from tests.conftest import write_tree


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kind: HelmRepository\n", True),
        ("apiVersion: x\r\nkind: HelmRepository\r\nmetadata: {}\r\n", True),
        ("---\napiVersion: x\nkind: 'HelmRepository'  # note\n", True),
        ('{"kind": "HelmRepository"}', True),
        ("spec:\n  names:\n    kind: HelmRepository\n", False),
        ("kind: HelmRepositoryList\n", False),
        ("kind: Deployment\n", False),
    ],
)
def test_may_declare(text, expected) -> None:
    assert may_declare(text, "HelmRepository") is expected


def test_declared_objects_finds_them_anywhere_under_the_sync_path(tmp_path) -> None:
    write_tree(
        tmp_path,
        {
            "a/one.yaml": "kind: HelmRepository\nmetadata: {name: one, namespace: ns}\n",
            "b/c/two.yml": "---\nkind: Secret\nmetadata: {name: s}\n---\n"
            "kind: HelmRepository\nmetadata: {name: two}\n",
            "broken.yaml": "kind: HelmRepository\nmetadata: [\n",
            "crds.yaml": "kind: CustomResourceDefinition\nspec:\n  names:\n"
            "    kind: HelmRepository\n",
            "notes.txt": "kind: HelmRepository\nmetadata: {name: three}\n",
        },
    )
    found = declared_objects(tmp_path, "HelmRepository")
    assert [(o.name, o.namespace, o.path.name) for o in found] == [
        ("one", "ns", "one.yaml"),
        ("two", None, "two.yml"),
    ]
