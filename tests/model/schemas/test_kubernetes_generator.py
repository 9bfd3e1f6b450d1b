"""scripts/generate_kubernetes_schemas.py and its two readers: same form, same bytes.

The fixtures are cut from Kubernetes 1.35 in both layouts: fixtures/kubernetes/v3 from the
OpenAPI v3 documents api/v1.json and apis/policy/v1.json (kubectl-validate's vendored
copy), fixtures/kubernetes/json-schema from kubernetes-validate's v1.35.0-local
_definitions.json: the definitions that ConfigMap, ResourceQuota, Eviction and
PodDisruptionBudget reach, descriptions cut to their first sentence.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.model.schemas import bundle, kubernetes
from tests.model.schemas.test_generator import keywords

ROOT = Path(__file__).resolve().parents[3]
SCRIPTS = ROOT / "scripts"
FIXTURES = Path(__file__).parent / "fixtures" / "kubernetes"
V3, JSON_SCHEMA = FIXTURES / "v3", FIXTURES / "json-schema"
PDB_SPEC = "io.k8s.api.policy.v1.PodDisruptionBudgetSpec"


@pytest.fixture
def sources(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    return importlib.import_module("kubernetes_schema_sources")


@pytest.fixture
def compare(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    return importlib.import_module("compare_kubernetes_sources")


def generate(tmp_path: Path, name: str, *releases: str) -> bytes:
    out = tmp_path / name
    minors = ",".join(item.partition("=")[0] for item in releases)
    command = [sys.executable, str(SCRIPTS / "generate_kubernetes_schemas.py"), "-o", str(out)]
    command += ["--source", minors, "fixture copy", "fixture upstream", *releases]
    subprocess.run(command, check=True, cwd=ROOT)
    return out.read_bytes()


def test_both_layouts_read_to_the_same_reduced_form(sources, compare) -> None:
    v3, json_schema = sources.read_release(V3), sources.read_release(JSON_SCHEMA)
    assert v3[1] == json_schema[1] == {
        "v1": {
            "ConfigMap": "io.k8s.api.core.v1.ConfigMap",
            "ResourceQuota": "io.k8s.api.core.v1.ResourceQuota",
        },
        "policy/v1": {"PodDisruptionBudget": "io.k8s.api.policy.v1.PodDisruptionBudget"},
    }
    assert compare.compare(json_schema, v3) == []


def test_json_schema_spelling_is_taken_back_out(sources) -> None:
    definitions, _ = sources.read_release(JSON_SCHEMA)
    pdb = definitions["io.k8s.api.policy.v1.PodDisruptionBudget"]
    # `type: [string, "null"]` and the enum of served apiVersions are the JSON Schema's own.
    assert pdb["properties"]["apiVersion"] == {"type": "string"}
    meta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    assert pdb["properties"]["metadata"] == {"$ref": meta}
    spec = definitions[PDB_SPEC]["properties"]
    assert spec["maxUnavailable"] == {"$ref": "io.k8s.apimachinery.pkg.util.intstr.IntOrString"}
    assert definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] == {
        "x-kubernetes-int-or-string": True
    }
    assert definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"] == {"format": "quantity"}


def test_subresource_bodies_are_not_served_kinds(sources) -> None:
    # Eviction is POSTed to pods/eviction; nothing a repository applies.
    for root in (V3, JSON_SCHEMA):
        _, kinds = sources.read_release(root)
        assert "Eviction" not in kinds["policy/v1"]


def test_a_type_of_two_real_types_is_refused(sources) -> None:
    with pytest.raises(ValueError, match="one OpenAPI type"):
        sources.openapi_form({"type": ["string", "integer", "null"]})


def test_bundle_is_deterministic_and_shares_forms(tmp_path) -> None:
    first = generate(tmp_path, "a.json", f"1.1={V3}", f"1.2={JSON_SCHEMA}")
    second = generate(tmp_path, "b.json", f"1.2={JSON_SCHEMA}", f"1.1={V3}")
    assert first == second
    document = json.loads(first)
    assert document["sources"] == [
        {"releases": ["1.1", "1.2"], "source": "fixture copy", "upstream": "fixture upstream"}
    ]
    # The two layouts agree, so every definition has one form and no release a variant.
    assert all(len(forms) == 1 for forms in document["definitions"].values())
    assert [r["variants"] for r in document["releases"].values()] == [{}, {}]


def test_a_changed_definition_is_a_variant_of_the_older_release(tmp_path) -> None:
    newer = tmp_path / "newer"
    shutil.copytree(JSON_SCHEMA, newer)
    path = newer / "_definitions.json"
    data = json.loads(path.read_text())
    data["$defs"][PDB_SPEC]["properties"]["surge"] = {"type": ["integer", "null"]}
    path.write_text(json.dumps(data))
    document = json.loads(generate(tmp_path, "c.json", f"1.1={V3}", f"1.2={newer}"))
    newest, older = document["definitions"][PDB_SPEC]
    assert newest["properties"]["surge"] == {"type": "integer"}
    assert "surge" not in older["properties"]
    assert document["releases"]["1.1"]["variants"] == {PDB_SPEC: 1}
    assert document["releases"]["1.2"]["variants"] == {}


def test_provenance_must_name_every_release(tmp_path) -> None:
    command = [sys.executable, str(SCRIPTS / "generate_kubernetes_schemas.py")]
    command += ["-o", str(tmp_path / "x.json"), "--source", "1.1", "a", "b"]
    done = subprocess.run([*command, f"1.1={V3}", f"1.2={V3}"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "--source names releases ['1.1'], but ['1.1', '1.2'] are given" in done.stderr


def test_comparison_reports_each_difference_by_class(tmp_path, sources, compare) -> None:
    changed = tmp_path / "changed"
    shutil.copytree(JSON_SCHEMA, changed)
    path = changed / "_definitions.json"
    data = json.loads(path.read_text())
    del data["$defs"]["io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"]["required"]
    data["$defs"]["io.k8s.api.core.v1.ConfigMap"]["properties"]["extra"] = {"type": "string"}
    path.write_text(json.dumps(data))
    found = compare.compare(sources.read_release(changed), sources.read_release(V3))
    assert found == [
        ("property only in the new reader", "io.k8s.api.core.v1.ConfigMap.extra"),
        ("required only in the bundle", "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"),
    ]


def test_comparison_script_exit_status(tmp_path) -> None:
    out = tmp_path / "fixture.json"
    generate(tmp_path, out.name, f"1.1={V3}")
    script = [sys.executable, str(SCRIPTS / "compare_kubernetes_sources.py"), str(out)]
    same = subprocess.run([*script, f"1.1={JSON_SCHEMA}"], capture_output=True, text=True)
    assert same.returncode == 0, same.stdout
    assert "Kubernetes 1.1: 19 definitions, 0 differences" in same.stdout
    assert "normalised: subresource kind not counted as served: 1" in same.stdout
    changed = tmp_path / "changed"
    shutil.copytree(JSON_SCHEMA, changed)
    data = json.loads((changed / "_definitions.json").read_text())
    data["$defs"][PDB_SPEC]["properties"]["minAvailable"] = {"type": ["string", "null"]}
    (changed / "_definitions.json").write_text(json.dumps(data))
    differs = subprocess.run([*script, f"1.1={changed}"], capture_output=True, text=True)
    assert differs.returncode == 1
    assert "$ref only in the bundle: 1" in differs.stdout
    assert "type only in the new reader: 1" in differs.stdout


def test_bundled_kubernetes_data_is_reduced_and_names_its_sources() -> None:
    text = (bundle.DATA / kubernetes.FILE).read_text()
    assert "\n" not in text.rstrip("\n")
    document = json.loads(text)
    assert tuple(document["releases"]) == kubernetes.KUBERNETES_MINORS
    covered = sorted(m for source in document["sources"] for m in source["releases"])
    assert covered == sorted(kubernetes.KUBERNETES_MINORS)
    used: set[str] = set()
    for forms in document["definitions"].values():
        for form in forms:
            used |= keywords(form)
    assert not used & {"description", "default", "example", "enum", "oneOf", "allOf"}
