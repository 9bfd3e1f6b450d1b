"""HelmRelease values: the cases of fluxcd/pkg chartutil values_test.go, and our own."""

from __future__ import annotations

import base64

import pytest

from scaffold.model.render.flux.errors import FluxRenderError
from scaffold.model.render.flux.helm_values import effective_values, merge_maps
from scaffold.model.render.flux.strvals import StrvalsError, parse_into


def configmap(name, data):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": data}


def secret(name, data):
    encoded = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
    return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name}, "data": encoded}


def values_of(refs, *objects, values=None):
    index = {(o["kind"], o["metadata"]["name"]): o for o in objects}
    release = {"metadata": {"name": "r", "namespace": "apps"}, "spec": {"valuesFrom": refs}}
    if values is not None:
        release["spec"]["values"] = values
    return effective_values(release, lambda kind, name: index.get((kind, name)), "hr.yaml")


def test_merges_references_in_order_then_spec_values():
    got = values_of(
        [{"kind": "ConfigMap", "name": "values"}, {"kind": "Secret", "name": "values"}],
        configmap("values", {"values.yaml": "flat: value\nnested:\n  configuration: value\n"}),
        secret("values", {"values.yaml": "flat:\n  nested: value\nnested: value\n"}),
        values={"other": "values"},
    )
    assert got.values == {"flat": {"nested": "value"}, "nested": "value", "other": "values"}
    assert got.complete


def test_target_path():
    got = values_of(
        [
            {
                "kind": "Secret",
                "name": "v",
                "valuesKey": "single",
                "targetPath": "merge.at.specific.path",
            }
        ],
        secret("v", {"single": "value"}),
    )
    assert got.values == {"merge": {"at": {"specific": {"path": "value"}}}}


def test_target_path_takes_precedence_over_all():
    # The --set parser writes into the list spec.values shares, so the value survives.
    got = values_of(
        [
            {
                "kind": "Secret",
                "name": "v",
                "valuesKey": "key",
                "targetPath": "nested.configuration[0]",
            },
            {"kind": "ConfigMap", "name": "v"},
        ],
        configmap(
            "v", {"values.yaml": "flat: value\nnested:\n  configuration: [one, two, three]\n"}
        ),
        secret("v", {"key": "value"}),
        values={"nested": {"configuration": ["list", "item", "option"]}},
    )
    assert got.values == {"flat": "value", "nested": {"configuration": ["value", "item", "option"]}}


def test_spec_values_win_over_a_target_path_under_a_map_an_earlier_reference_made():
    # The shared map is copied by the merge of the first reference: spec.values wins.
    got = values_of(
        [
            {"kind": "ConfigMap", "name": "base"},
            {"kind": "ConfigMap", "name": "v", "valuesKey": "k", "targetPath": "a.b"},
        ],
        configmap("base", {"values.yaml": "a: {c: 1}\n"}),
        configmap("v", {"k": "from-target"}),
        values={"a": {"b": "from-spec"}},
    )
    assert got.values == {"a": {"b": "from-spec", "c": 1}}


def test_target_path_for_a_list_item():
    got = values_of(
        [
            {"kind": "ConfigMap", "name": "v"},
            {"kind": "Secret", "name": "v", "targetPath": "nested.configuration[1]"},
        ],
        configmap(
            "v", {"values.yaml": "flat: value\nnested:\n  configuration: [list, item, option]\n"}
        ),
        secret("v", {"values.yaml": "foo"}),
        values={"other": "values"},
    )
    assert got.values == {
        "flat": "value",
        "nested": {"configuration": ["list", "foo", "option"]},
        "other": "values",
    }


def test_spec_values_do_not_change_for_the_caller():
    spec_values = {"nested": {"configuration": ["list"]}}
    values_of(
        [
            {
                "kind": "Secret",
                "name": "v",
                "valuesKey": "k",
                "targetPath": "nested.configuration[0]",
            }
        ],
        secret("v", {"k": "changed"}),
        values=spec_values,
    )
    assert spec_values == {"nested": {"configuration": ["list"]}}


@pytest.mark.parametrize("optional", [True, False])
def test_a_reference_not_in_the_repository_is_reported_not_guessed(optional):
    got = values_of(
        [
            {"kind": "Secret", "name": "cluster-only", "optional": optional},
            {"kind": "ConfigMap", "name": "v"},
        ],
        configmap("v", {"values.yaml": "a: 1\n"}),
    )
    assert got.values == {"a": 1}
    assert got.unavailable == ("Secret/cluster-only",)
    assert not got.complete


def test_a_sops_encrypted_secret_is_unavailable():
    encrypted = {**secret("v", {"values.yaml": "ENC[...]"}), "sops": {"mac": "ENC[...]"}}
    assert values_of([{"kind": "Secret", "name": "v"}], encrypted).unavailable == ("Secret/v",)


def test_an_optional_missing_key_is_skipped():
    got = values_of(
        [{"kind": "ConfigMap", "name": "v", "valuesKey": "nope", "optional": True}],
        configmap("v", {}),
    )
    assert got.values == {}


@pytest.mark.parametrize(
    ("refs", "objects", "message"),
    [
        (
            [{"kind": "Secret", "name": "v", "valuesKey": "nonexisting"}],
            [secret("v", {})],
            "key not found",
        ),
        (
            [{"kind": "ConfigMap", "name": "v", "valuesKey": "x"}],
            [configmap("v", {})],
            "key not found",
        ),
        ([{"kind": "Unsupported", "name": "v"}], [], "unsupported values reference kind"),
        (
            [{"kind": "ConfigMap", "name": "v"}],
            [configmap("v", {"values.yaml": "\ninvalid"})],
            "not a mapping",
        ),
        (
            [
                {
                    "kind": "ConfigMap",
                    "name": "v",
                    "valuesKey": "a.yml",
                    "targetPath": r"ext.a\.yml.content",
                }
            ],
            [configmap("v", {"a.yml": "endpoints: [a,b,c]"})],
            'failed to merge value: key "b" has no value',
        ),
        (
            [{"kind": "ConfigMap", "name": "v", "valuesKey": "k", "targetPath": "a.b"}],
            [configmap("v", {"k": "x"})],
            "a is not a map",
        ),
    ],
)
def test_what_helm_controller_rejects_is_one_error_line(refs, objects, message):
    values = {"a": "scalar"} if "a.b" in str(refs) else None
    with pytest.raises(FluxRenderError, match=message):
        values_of(refs, *objects, values=values)


LITERAL_CONFIG = 'server:\n  port: 8080\nmanagement:\n  include: [ "prometheus", "health" ]\n'


@pytest.mark.parametrize(
    "content", [LITERAL_CONFIG, 'kafka {\n  bootstrap = "b-1:9098,b-2:9098"\n}\n', "a,b\\c"]
)
def test_literal_target_path_keeps_the_value_verbatim(content):
    got = values_of(
        [
            {
                "kind": "ConfigMap",
                "name": "v",
                "valuesKey": "f",
                "targetPath": r"ext.f\.conf.content",
                "literal": True,
            }
        ],
        configmap("v", {"f": content}),
    )
    assert got.values == {"ext": {"f.conf": {"content": content}}}


def test_literal_without_target_path_merges_at_the_root():
    got = values_of(
        [{"kind": "ConfigMap", "name": "v", "literal": True}],
        configmap("v", {"values.yaml": "a: 1"}),
    )
    assert got.values == {"a": 1}


# chartutil TestReplacePathValue, through a targetPath reference.
@pytest.mark.parametrize(
    ("value", "path", "expected"),
    [
        ("value", "outer.inner", {"outer": {"inner": "value"}}),
        ("{a,b,c}", "name", {"name": ["a", "b", "c"]}),
        (r"value1\,value2", "name", {"name": "value1,value2"}),
        ("true", "merge.at.path", {"merge": {"at": {"path": True}}}),
        ('"true"', "merge.at.path", {"merge": {"at": {"path": "true"}}}),
        ("'42'", "n", {"n": "42"}),
        ("42", "n", {"n": 42}),
        ("042", "n", {"n": "042"}),
        ("value", "merge.at[2]", {"merge": {"at": [None, None, "value"]}}),
        (
            "master",
            r"nodeSelector.kubernetes\.io/role",
            {"nodeSelector": {"kubernetes.io/role": "master"}},
        ),
    ],
)
def test_replace_path_value(value, path, expected):
    got = values_of(
        [{"kind": "ConfigMap", "name": "v", "valuesKey": "k", "targetPath": path}],
        configmap("v", {"k": value}),
    )
    assert got.values == expected


def test_merge_maps_replaces_non_maps_and_merges_maps():
    assert merge_maps({"a": {"b": 1, "c": [1]}, "d": 1}, {"a": {"c": [2]}, "d": {"e": 1}}) == {
        "a": {"b": 1, "c": [2]},
        "d": {"e": 1},
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("a", 'key "a" has no value'),
        ("a=b,c", 'key "c" has no value'),
        ("a,b=c", "cannot end with ,"),
        ("a[x]=1", "error parsing index"),
        ("a[-1]=1", "negative"),
        ("a[70000]=1", "greater than maximum supported index"),
        ("a={b", "list must terminate"),
        ("a.b=c", "a is not a map"),
        (".".join("k" * 1 for _ in range(32)) + "=v", "nested level"),
    ],
)
def test_strvals_errors(line, message):
    with pytest.raises(StrvalsError, match=message):
        parse_into(line, {"a": "x"} if line == "a.b=c" else {})


def test_strvals_ends_quietly_inside_an_unfinished_index():
    dest = {}
    parse_into("a[0", dest)
    assert dest == {}
    parse_into("b[0][1", dest)
    assert dest == {"b": []}


def test_strvals_a_trailing_comma_is_not_an_error():
    dest = {}
    parse_into("a=b,", dest)
    assert dest == {"a": "b"}
