"""scripts/generate_flux_schemas.py: reduced schemas, provenance, byte-for-byte determinism."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from scaffold.model.schemas import bundle
from scaffold.model.schemas.validate import validate_node

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "generate_flux_schemas.py"
FIXTURES = Path(__file__).parent / "fixtures"
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def generate(tmp_path: Path, name: str, *args: str) -> bytes:
    out = tmp_path / name
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--release",
            "example v1.0.0",
            "--copyright",
            "The Example authors",
            "-o",
            str(out),
            *args,
        ],
        check=True,
        cwd=ROOT,
    )
    return out.read_bytes()


def test_fixture_crd_gives_the_expected_bundle(tmp_path) -> None:
    crds = tmp_path / "crds"
    crds.mkdir()
    shutil.copy(FIXTURES / "widgets-crd.yaml", crds)
    source = f"example/widgets,v1.0.0,v1.0.0,{COMMIT},{crds}"
    first = generate(tmp_path, "a.json", "--source", source)
    second = generate(tmp_path, "b.json", "--source", source)
    assert first == second
    assert first == (FIXTURES / "widgets-expected.json").read_bytes()


def test_input_order_does_not_change_output(tmp_path) -> None:
    crd = FIXTURES / "widgets-crd.yaml"
    text = crd.read_text()
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text(text)
    two.write_text(text.replace("widgets.example", "gadgets.example").replace("Widget", "Gadget"))
    assert generate(tmp_path, "a.json", str(one), str(two)) == generate(
        tmp_path, "b.json", str(two), str(one)
    )


def test_generated_schema_validates(tmp_path) -> None:
    document = json.loads(generate(tmp_path, "w.json", str(FIXTURES / "widgets-crd.yaml")))
    schema = document["schemas"]["example.fluxcd.io/v1"]["Widget"]
    text = (
        "apiVersion: example.fluxcd.io/v1\nkind: Widget\nmetadata: {name: w}\n"
        "spec: {interval: 1m, replicas: -1, port: http, values: {any: thing}, mode: Slow}\n"
    )
    found = validate_node(yaml.compose(text, Loader=yaml.CSafeLoader), schema)
    # The CEL rule on `mode` is not evaluated: only the minimum fails.
    assert [(v.path, v.message) for v in found] == [("spec.replicas", "is below the minimum 0")]


def keywords(schema: dict) -> set[str]:
    """Every keyword used anywhere in a schema, property names excluded."""
    found = set(schema)
    for sub in schema.get("properties", {}).values():
        found |= keywords(sub)
    for key in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(key), dict):
            found |= keywords(schema[key])
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            found |= keywords(sub)
    return found


def test_bundled_data_is_reduced_and_compact() -> None:
    for name in ("flux-2.9.json", "flux-2.8.json", "sealed-secrets.json"):
        text = (bundle.DATA / name).read_text()
        assert "\n" not in text.rstrip("\n")
        used = set()
        for kinds in json.loads(text)["schemas"].values():
            for schema in kinds.values():
                used |= keywords(schema)
        assert not used & {"description", "default", "x-kubernetes-validations", "example"}
