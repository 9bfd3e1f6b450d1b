"""Every Flux object in the real-world trees validates, except the one real problem they have."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scaffold.model.schemas.bundle import load_schema
from scaffold.model.schemas.validate import validate_node

REALWORLD = Path("/work/shared/realworld")
GROUPS = ("toolkit.fluxcd.io/", "extensions.fluxcd.io/", "bitnami.com/")
# flux2-multi-tenancy still asks for source.toolkit.fluxcd.io/v1beta2, which Flux stopped
# serving in 2.8: the cluster would refuse this object, so no schema is the right answer.
UNSERVED = {("flux2-multi-tenancy/infrastructure/kyverno/source.yaml", "OCIRepository")}

pytestmark = pytest.mark.skipif(not REALWORLD.is_dir(), reason="real-world trees not present")


def patch_files() -> set[Path]:
    """Files kustomize applies as patches: partial objects that may omit required fields."""
    patches = set()
    for kustomization in REALWORLD.rglob("kustomization.yaml"):
        document = yaml.safe_load(kustomization.read_text())
        for entry in document.get("patches", []) + document.get("patchesStrategicMerge", []):
            path = entry.get("path") if isinstance(entry, dict) else entry
            if path:
                patches.add((kustomization.parent / path).resolve())
    return patches


def flux_objects() -> list[tuple[Path, yaml.MappingNode, str, str]]:
    found = []
    for path in sorted(REALWORLD.rglob("*.yaml")):
        for node in yaml.compose_all(path.read_text(), Loader=yaml.CSafeLoader):
            if not isinstance(node, yaml.MappingNode):
                continue
            top = {k.value: v.value for k, v in node.value if isinstance(v, yaml.ScalarNode)}
            api_version, kind = top.get("apiVersion", ""), top.get("kind", "")
            if any(group in api_version for group in GROUPS):
                found.append((path, node, api_version, kind))
    return found


@pytest.mark.parametrize("flux_minor", ["2.9", "2.8"])
def test_realworld_flux_objects_have_no_violations(flux_minor) -> None:
    patches = patch_files()
    objects = flux_objects()
    assert len(objects) >= 25
    unserved, checked = set(), 0
    for path, node, api_version, kind in objects:
        name = str(path.relative_to(REALWORLD))
        schema = load_schema(flux_minor, api_version, kind)
        if schema is None:
            unserved.add((name, kind))
            continue
        assert validate_node(node, schema, partial=path.resolve() in patches) == [], name
        checked += 1
    assert unserved == UNSERVED
    assert checked == len(objects) - 1


def test_patches_are_partial_objects() -> None:
    # Without partial=True the HelmRelease values patch lacks chart, sourceRef and interval.
    patch = REALWORLD / "flux2-kustomize-helm-example/apps/staging/podinfo-values.yaml"
    assert patch.resolve() in patch_files()
    node = yaml.compose(patch.read_text(), Loader=yaml.CSafeLoader)
    schema = load_schema("2.9", "helm.toolkit.fluxcd.io/v2", "HelmRelease")
    assert schema is not None
    found = validate_node(node, schema)
    assert {v.message for v in found} == {
        "missing required field `chart`",
        "missing required field `sourceRef`",
        "missing required field `interval`",
    }
