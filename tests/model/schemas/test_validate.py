"""Each schema check the validator performs, on real Flux schemas where Flux has the feature."""

from __future__ import annotations

import yaml

from scaffold.model.schemas.validate import Violation, validate_node
from tests.model.schemas.helpers import only, violations

HELM_RELEASE = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: apps
spec:
  interval: 10m
  chart:
    spec:
      chart: podinfo
      version: "6.x"
      sourceRef:
        kind: HelmRepository
        name: podinfo
  install:
    remediation:
      retries: 3
  valuesFrom:
    - kind: ConfigMap
      name: podinfo-values
  values:
    replicaCount: 2
"""
KUSTOMIZATION = """\
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
"""


def edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_clean_helm_release_has_no_violations() -> None:
    assert violations(HELM_RELEASE) == []
    assert violations(KUSTOMIZATION) == []


def test_type_error_on_object_field() -> None:
    found = only(edit(HELM_RELEASE, "    remediation:\n      retries: 3", "    remediation: 3"))
    assert found.path == "spec.install.remediation"
    assert found.message == "expected object, got integer"


def test_missing_required_field_points_at_parent_mapping() -> None:
    found = only(edit(KUSTOMIZATION, "  prune: true\n", ""))
    assert found.path == "spec.prune"
    assert (found.line, found.column) == (7, 3)  # the first key of the spec mapping
    assert found.message == "missing required field `prune`"
    assert found.hint == "add `prune` under `spec`"


def test_null_value_counts_as_missing() -> None:
    found = only(edit(KUSTOMIZATION, "  interval: 10m", "  interval:"))
    assert found.message == "missing required field `interval`"


def test_enum() -> None:
    found = only(edit(HELM_RELEASE, "- kind: ConfigMap", "- kind: Configmap"))
    assert found.path == "spec.valuesFrom[0].kind"
    assert found.message == "`Configmap` is not one of the allowed values"
    assert found.hint == "use one of `Secret`, `ConfigMap`"
    assert (found.line, found.column) == (19, 13)


def test_duration_pattern() -> None:
    found = only(edit(HELM_RELEASE, "interval: 10m", "interval: 10minutes"))
    assert found.path == "spec.interval"
    assert found.message == "`10minutes` is not a duration"
    assert "`1h30m`" in found.hint
    assert (found.line, found.column) == (7, 13)


def test_minimum_and_maximum() -> None:
    bounded = {"type": "integer", "minimum": 1, "maximum": 5}
    schema = {"type": "object", "properties": {"n": bounded}}
    low = validate_node(yaml.compose("n: 0", Loader=yaml.CSafeLoader), schema)
    high = validate_node(yaml.compose("n: 6", Loader=yaml.CSafeLoader), schema)
    ok = validate_node(yaml.compose("n: 5", Loader=yaml.CSafeLoader), schema)
    assert [v.message for v in low] == ["is below the minimum 1"]
    assert [v.message for v in high] == ["is above the maximum 5"]
    assert ok == []


def test_max_length() -> None:
    long_name = "  releaseName: " + "r" * 54 + "\n"
    found = only(edit(HELM_RELEASE, "  interval: 10m\n", "  interval: 10m\n" + long_name))
    assert found.path == "spec.releaseName"
    assert found.message == "is longer than 53 characters"
    assert "r" * 54 not in found.message + found.hint


def test_max_items() -> None:
    text = (
        "apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImageRepository\nmetadata: {name: a}\n"
        "spec:\n  image: ghcr.io/a/b\n  interval: 5m\n"
        "  exclusionList: [" + ", ".join(["x"] * 26) + "]\n"
    )
    assert only(text).message == "has 26 items, more than 25"


def test_unknown_field_suggests_the_known_one() -> None:
    ref = "        kind: HelmRepository\n        name: podinfo\n"
    text = edit(HELM_RELEASE, "      sourceRef:", "      sourceref:")
    found = only(edit(text, ref, ref + "      sourceRef: {kind: HelmRepository, name: podinfo}\n"))
    assert found.path == "spec.chart.spec.sourceref"
    assert found.message == "unknown field `sourceref`"
    assert found.hint == "did you mean `sourceRef`?"
    assert (found.line, found.column) == (12, 7)  # the key, not its value


def test_misspelt_required_field_is_one_finding_with_the_name_it_meant() -> None:
    found = only(edit(HELM_RELEASE, "      sourceRef:", "      sourceref:"))
    assert found.path == "spec.chart.spec.sourceref"
    assert found.message == "unknown field `sourceref`"
    assert found.hint == "did you mean `sourceRef`? (it is required, and missing)"


def test_a_missing_required_field_no_typo_explains_is_still_reported() -> None:
    found = violations(edit(HELM_RELEASE, "      sourceRef:", "      zzz:"))
    assert [v.message for v in found] == [
        "unknown field `zzz`",
        "missing required field `sourceRef`",
    ]


def test_unknown_field_close_by_spelling() -> None:
    found = only(edit(KUSTOMIZATION, "  prune: true", "  prune: true\n  inteval: 5m"))
    assert found.hint == "did you mean `interval`?"


def test_unknown_field_without_a_close_match_lists_nothing_misleading() -> None:
    found = only(edit(KUSTOMIZATION, "  prune: true", "  prune: true\n  zzz: 1"))
    assert found.message == "unknown field `zzz`"
    assert "did you mean" not in found.hint


def test_quoted_integer_is_a_string() -> None:
    found = only(edit(HELM_RELEASE, "retries: 3", 'retries: "three"'))
    assert found.path == "spec.install.remediation.retries"
    assert found.message == "expected integer, got string"
    assert (found.line, found.column) == (17, 16)
    quoted = only(edit(HELM_RELEASE, "retries: 3", 'retries: "3"'))
    assert quoted.hint == "remove the quotes: quoted values are always strings"


def test_yaml_1_1_booleans_are_booleans() -> None:
    # sigs.k8s.io/yaml decodes with go-yaml v2, so `yes` is true on the cluster.
    assert violations(edit(KUSTOMIZATION, "prune: true", "prune: yes")) == []
    found = only(edit(KUSTOMIZATION, "prune: true", "prune: yes-please"))
    assert found.message == "expected boolean, got string"


def test_boolean_word_in_a_string_field_needs_quotes() -> None:
    found = only(edit(HELM_RELEASE, 'version: "6.x"', "version: on"))
    assert found.message == "expected string, got boolean (`on` is read as boolean by YAML 1.1)"
    assert found.hint == 'quote it so it stays a string: "on"'


def test_substitution_variables_are_not_checked() -> None:
    text = edit(HELM_RELEASE, "retries: 3", "retries: ${RETRIES}")
    text = edit(text, "interval: 10m", "interval: ${INTERVAL:=10m}")
    text = edit(text, "- kind: ConfigMap", "- kind: ${VALUES_KIND}")
    assert violations(text) == []


def test_values_are_free_form() -> None:
    text = edit(HELM_RELEASE, "    replicaCount: 2", "    any: [1, {b: yes}]\n    sourceref: x")
    assert violations(text) == []


def test_metadata_contents_are_not_checked() -> None:
    assert violations(edit(HELM_RELEASE, "  namespace: apps", "  namespace: apps\n  nmae: x")) == []


def test_int_or_string() -> None:
    schema = {
        "type": "object",
        "properties": {
            "port": {
                "x-kubernetes-int-or-string": True,
                "anyOf": [{"type": "integer"}, {"type": "string"}],
            }
        },
    }
    for ok in ("port: 80", "port: http", 'port: "80"'):
        assert validate_node(yaml.compose(ok, Loader=yaml.CSafeLoader), schema) == []
    bad = validate_node(yaml.compose("port: true", Loader=yaml.CSafeLoader), schema)
    assert [v.message for v in bad] == ["expected integer or string, got boolean"]


def test_credential_values_are_never_printed() -> None:
    schema = {
        "type": "object",
        "properties": {
            "password": {"type": "string", "enum": ["a"]},
            "apiToken": {"type": "string", "pattern": "^x"},
            "secretKey": {"type": "boolean"},
        },
    }
    text = "password: hunter2\napiToken: tok3n\nsecretKey: s3cr3t\n"
    found = validate_node(yaml.compose(text, Loader=yaml.CSafeLoader), schema)
    assert len(found) == 3
    for violation in found:
        for value in ("hunter2", "tok3n", "s3cr3t"):
            assert value not in violation.message + violation.hint


def test_sealed_secret_payload_is_never_printed() -> None:
    text = (
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: s}\n"
        "spec:\n  encryptedData:\n    password: AgBy3i4OJSWK\n"
        "  template:\n    data:\n      password: true\n"
    )
    found = only(text)
    assert found.path == "spec.template.data.password"
    assert "true" not in found.message + found.hint


def test_merge_keys_and_anchors() -> None:
    anchored = "  upgrade: &remedy\n    remediation:\n      retries: 2\n  install:\n"
    text = edit(HELM_RELEASE, "  install:\n", anchored)
    merged = "  install:\n    <<: *remedy\n    crds: Create\n"
    text = edit(text, "  install:\n    remediation:\n      retries: 3\n", merged)
    assert violations(text) == []
    broken = edit(text, "      retries: 2", "      retries: two")
    found = violations(broken)
    # The anchored mapping is checked once per place it is used with its own schema.
    assert {v.path for v in found} == {
        "spec.upgrade.remediation.retries",
        "spec.install.remediation.retries",
    }


def test_explicit_key_wins_over_merged_one() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}}
    text = "base: &b {a: x}\nuse: {<<: *b, a: 1, b: 2}\n"
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    use = node.value[1][1]
    assert validate_node(use, schema) == []


def test_alias_bomb_is_bounded() -> None:
    lines = ["a0: &a0 {x: 1}"]
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]")
    node = yaml.compose("\n".join(lines), Loader=yaml.CSafeLoader)
    schema = {
        "type": "object",
        "additionalProperties": {
            "type": "array",
            "items": {"type": "array", "items": {"type": "object", "properties": {}}},
        },
    }
    found = validate_node(node, schema)
    assert 0 < len(found) <= 50


def test_violation_limit() -> None:
    schema = {"type": "array", "items": {"type": "integer"}}
    node = yaml.compose("[" + ", ".join(["x"] * 500) + "]", Loader=yaml.CSafeLoader)
    assert len(validate_node(node, schema, limit=10)) == 10


def test_duplicate_keys() -> None:
    found = only(edit(KUSTOMIZATION, "  prune: true", "  prune: true\n  prune: false"))
    assert found.message == "duplicate key `prune`"
    assert (found.line, found.column) == (10, 3)


def test_violation_is_frozen_and_hashable() -> None:
    violation = Violation("spec", 1, 1, "m", "h")
    assert {violation} == {Violation("spec", 1, 1, "m", "h")}


def test_unquoted_chart_version_is_a_number() -> None:
    # `1.20` would reach the cluster as the float 1.2.
    found = only(edit(HELM_RELEASE, 'version: "6.x"', "version: 1.20"))
    assert found.message == "expected string, got number (`1.20` is read as number by YAML 1.1)"
    assert found.hint == 'quote it so it stays a string: "1.20"'
