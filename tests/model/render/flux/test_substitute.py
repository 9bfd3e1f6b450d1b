"""postBuild substitution: the cases of kustomize-controller's and fluxcd/pkg's varsub tests."""

from __future__ import annotations

import base64

import pytest
import yaml

from scaffold.model.render.flux.errors import FluxRenderError
from scaffold.model.render.flux.substitute import (
    Variables,
    apply_post_build,
    collect_variables,
    substitute_object,
)


def b64(text):
    return base64.b64encode(text.encode()).decode()


def finder(*objects):
    index = {(o["kind"], o["metadata"]["name"]): o for o in objects}
    return lambda kind, name: index.get((kind, name))


def configmap(name, **data):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": data}


def secret(name, data=None, string_data=None):
    obj = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name}}
    if data is not None:
        obj["data"] = {k: b64(v) for k, v in data.items()}
    if string_data is not None:
        obj["stringData"] = string_data
    return obj


def run(text, spec, *objects, strict=True):
    docs = [d for d in yaml.safe_load_all(text) if d]
    texts = [yaml.safe_dump(d) for d in docs]
    parts = [p for p in text.split("---\n") if p.strip()]
    if len(parts) == len(docs):
        texts = parts
    return apply_post_build(docs, spec, finder(*objects), "ks.yaml", strict=strict, texts=texts)


SERVICE_ACCOUNT = """\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
  labels:
    environment: ${env:=dev}
    region: "${_Region}"
    zone: "${zone}"
---
apiVersion: v1
kind: Secret
metadata:
  name: sa
stringData:
  zone: ${zone}
"""


def test_varsub_sources_in_order_then_inline_and_newlines_removed():
    # TestKustomizationReconciler_Varsub: ConfigMap, then Secret, then substitute.
    spec = {
        "postBuild": {
            "substitute": {"_Region": "eu-central-1"},
            "substituteFrom": [
                {"kind": "ConfigMap", "name": "vars"},
                {"kind": "Secret", "name": "vars"},
            ],
        }
    }
    result = run(
        SERVICE_ACCOUNT,
        spec,
        configmap("vars", zone="\naz-1a\n"),
        secret("vars", string_data={"zone": "\naz-1b\n"}),
    )
    sa, sec = result.objects
    assert sa["metadata"]["labels"] == {
        "environment": "dev",
        "region": "eu-central-1",
        "zone": "az-1b",
    }
    assert sec["stringData"] == {"zone": "az-1b"}
    assert result.kept == ()


def test_inline_substitute_overrides_every_source():
    spec = {
        "postBuild": {
            "substitute": {"zone": "inline", "_Region": "r"},
            "substituteFrom": [{"kind": "Secret", "name": "vars"}],
        }
    }
    result = run(SERVICE_ACCOUNT, spec, secret("vars", data={"zone": "from-secret"}))
    assert result.objects[1]["stringData"]["zone"] == "inline"


def test_secret_data_is_decoded_and_string_data_wins():
    values = collect_variables(
        {"substituteFrom": [{"kind": "Secret", "name": "s"}]},
        finder({**secret("s", data={"a": "A", "b": "B"}), "stringData": {"b": "sb"}}),
        "ks.yaml",
    )
    assert values.values == {"a": "A", "b": "sb"}


OPTIONAL = """\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
  labels:
    color: "${color:=blue}"
    shape: "${shape:=square}"
"""
OPTIONAL_SPEC = {
    "postBuild": {
        "substitute": {"var_substitution_enabled": "true"},
        "substituteFrom": [
            {"kind": "ConfigMap", "name": "cm", "optional": True},
            {"kind": "Secret", "name": "sec", "optional": True},
        ],
    }
}


def test_optional_sources_present():
    # TestKustomizationReconciler_VarsubOptional, with both objects.
    result = run(
        OPTIONAL,
        OPTIONAL_SPEC,
        configmap("cm", color="\nred\n"),
        secret("sec", string_data={"shape": "\ntriangle\n"}),
    )
    assert result.objects[0]["metadata"]["labels"] == {"color": "red", "shape": "triangle"}


def test_optional_sources_not_in_the_repository_keep_their_variables_as_written():
    # On the cluster the defaults apply if they are absent; here they may exist: not guessed.
    result = run(OPTIONAL, OPTIONAL_SPEC)
    assert result.objects[0]["metadata"]["labels"] == {
        "color": "${color:=blue}",
        "shape": "${shape:=square}",
    }
    assert result.kept == ("color", "shape")
    assert result.unavailable == ("ConfigMap/cm", "Secret/sec")


def test_a_missing_source_shadows_the_values_of_earlier_sources_only():
    spec = {
        "postBuild": {
            "substituteFrom": [
                {"kind": "ConfigMap", "name": "early"},
                {"kind": "ConfigMap", "name": "cluster-only"},
                {"kind": "ConfigMap", "name": "late"},
            ],
        }
    }
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: ${a}\n  b: ${b}\n"
    result = run(text, spec, configmap("early", a="1", b="1"), configmap("late", b="2"))
    assert result.objects[0]["data"] == {"a": "${a}", "b": 2}
    assert result.kept == ("a",)


def test_a_sops_encrypted_secret_is_not_read():
    encrypted = {
        **secret("s", string_data={"zone": "ENC[AES256_GCM,data:x,type:str]"}),
        "sops": {"mac": "ENC[...]"},
    }
    values = collect_variables(
        {"substituteFrom": [{"kind": "Secret", "name": "s"}]}, finder(encrypted), "ks.yaml"
    )
    assert values.values == {}
    assert values.unavailable == ("Secret/s",)


ALWAYS = """\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
  labels:
    color: "${color:=blue}"
"""


def test_without_variables_nothing_is_substituted():
    # TestKustomizationReconciler_VarsubAlways, WithVariables strategy.
    result = run(ALWAYS, {"postBuild": {}})
    assert result.objects[0]["metadata"]["labels"] == {"color": "${color:=blue}"}


def test_always_strategy_substitutes_defaults_without_variables():
    result = run(ALWAYS, {"postBuild": {"substituteStrategy": "Always"}})
    assert result.objects[0]["metadata"]["labels"] == {"color": "blue"}


def test_no_post_build_means_no_substitution():
    result = run(ALWAYS.replace("${color:=blue}", "$${x}"), {})
    assert result.objects[0]["metadata"]["labels"] == {"color": "$${x}"}


NUMBER_BOOL = """\
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: repo
  labels:
    id: ${numberStr}
    enabled: ${booleanStr}
  annotations:
    id: ${q}${number}${q}
    enabled: ${q}${boolean}${q}
spec:
  interval: ${number}m
  url: https://host/repo
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: text
data:
  id: ${q}${number}${q}
  text: |
    This variable is escaped $${var}
    \\?
"""


def test_types_follow_the_yaml_read_after_substitution():
    # TestKustomizationReconciler_VarsubNumberBool.
    spec = {
        "postBuild": {
            "substitute": {
                "q": '"',
                "numberStr": "!!str 123",
                "number": "123",
                "booleanStr": "!!str true",
                "boolean": "true",
            }
        }
    }
    repo, cm = run(NUMBER_BOOL, spec).objects
    assert repo["metadata"]["labels"] == {"id": "123", "enabled": "true"}
    assert repo["metadata"]["annotations"] == {"id": "123", "enabled": "true"}
    assert repo["spec"]["interval"] == "123m"
    assert cm["data"]["id"] == "123"
    assert cm["data"]["text"] == "This variable is escaped ${var}\n\\?\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 3),
        ("yes", True),  # go-yaml v2 reads YAML 1.1 booleans (flux2#4606)
        ("on", True),
        ("y", True),
        ("0x1F", 31),
        ("1e3", 1000),
        ("1.50", 1.5),
        ("2024-01-02", "2024-01-02"),
        ("", None),
        ("~", None),
        ("012", 10),
    ],
)
def test_a_plain_variable_takes_the_type_go_yaml_gives_it(value, expected):
    text = "apiVersion: v1\nkind: X\nmetadata:\n  name: x\nspec:\n  v: ${v}\n"
    result = run(text, {"postBuild": {"substitute": {"v": value}}})
    assert result.objects[0]["spec"]["v"] == expected


def test_a_quoted_variable_stays_a_string():
    text = 'apiVersion: v1\nkind: X\nmetadata:\n  name: x\nspec:\n  v: "${v}"\n'
    result = run(text, {"postBuild": {"substitute": {"v": "3"}}})
    assert result.objects[0]["spec"]["v"] == "3"


def test_without_its_text_an_object_is_written_as_kyaml_writes_a_new_node():
    obj = {
        "apiVersion": "v1",
        "kind": "X",
        "metadata": {"name": "x"},
        "spec": {"v": "${v}", "n": "7"},
    }
    done = substitute_object(obj, Variables({"v": "3"}), "ks.yaml")
    assert done.obj["spec"] == {"v": 3, "n": "7"}


STRICT = """\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
  labels:
    default: ${default:=test}
    missing: ${missing}
"""


def test_strict_mode_fails_the_build_on_an_unset_variable():
    # TestKustomizationReconciler_VarsubStrict and fluxcd/pkg TestKustomization_Varsub.
    with pytest.raises(FluxRenderError, match=r"ks\.yaml: ServiceAccount/sa: .*variable not set"):
        run(STRICT, {"postBuild": {"substitute": {"test": "test"}}})


def test_without_strict_mode_an_unset_variable_is_empty():
    result = run(STRICT, {"postBuild": {"substitute": {"test": "test"}}}, strict=False)
    assert result.objects[0]["metadata"]["labels"] == {"default": "test", "missing": None}


def test_strict_mode_accepts_variables_set_to_the_empty_string():
    # TestKustomization_Varsub_StrictEmptyValues: inline, ConfigMap and Secret.
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n"
        "  from-inline: ${inline}\n  from-configmap: ${cm}\n  from-secret: ${sec}\n"
    )
    spec = {
        "postBuild": {
            "substitute": {"inline": ""},
            "substituteFrom": [{"kind": "ConfigMap", "name": "c"}, {"kind": "Secret", "name": "s"}],
        }
    }
    strict = run(text, spec, configmap("c", cm=""), secret("s", data={"sec": ""}))
    omitted = run(text, {"postBuild": {"substitute": {"dummy": "x"}}}, strict=False)
    expected = {"from-inline": None, "from-configmap": None, "from-secret": None}
    assert strict.objects[0]["data"] == expected == omitted.objects[0]["data"]


def test_strict_mode_does_not_fail_on_a_variable_a_missing_source_may_set():
    spec = {"postBuild": {"substituteFrom": [{"kind": "ConfigMap", "name": "cluster-only"}]}}
    result = run(STRICT, spec)
    assert result.objects[0]["metadata"]["labels"]["missing"] == "${missing}"
    assert result.kept == ("default", "missing")


@pytest.mark.parametrize("where", ["labels", "annotations"])
def test_the_opt_out_label_or_annotation_leaves_the_object_alone(where):
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  " + where + ":\n"
        "    kustomize.toolkit.fluxcd.io/substitute: disabled\n"
        "data:\n  script: echo $${HOME} ${v}\n"
    )
    result = run(text, {"postBuild": {"substitute": {"v": "1"}}})
    assert result.objects[0]["data"]["script"] == "echo $${HOME} ${v}"


@pytest.mark.parametrize("name", ["1abc", "a-b", "a.b", "ünï"])
def test_an_invalid_variable_name_fails_the_build(name):
    with pytest.raises(FluxRenderError, match=f"'{name}' var name is invalid"):
        run(ALWAYS, {"postBuild": {"substitute": {name: "x"}}})


def test_a_parse_error_names_the_object():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: ${var-default}\n"
    with pytest.raises(
        FluxRenderError, match="ConfigMap/x: variable substitution failed: missing closing brace"
    ):
        run(text, {"postBuild": {"substitute": {"v": "1"}}})


def test_a_substituted_value_that_breaks_the_yaml_is_an_error():
    text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "${v}"\n'
    with pytest.raises(FluxRenderError, match="not valid YAML after substitution"):
        run(text, {"postBuild": {"substitute": {"v": 'say "hi"'}}})


@pytest.mark.parametrize(
    ("post_build", "message"),
    [
        ({"substitute": {"replicas": 3}}, "substitute.replicas is a number, not a string"),
        ({"substituteFrom": [{"kind": "Foo", "name": "x"}]}, "must be ConfigMap or Secret"),
        ({"substituteFrom": [{"kind": "ConfigMap"}]}, "needs a kind and a name"),
        ({"substituteFrom": {"kind": "ConfigMap"}}, "substituteFrom must be a list"),
    ],
)
def test_a_malformed_post_build_is_one_error_line(post_build, message):
    with pytest.raises(FluxRenderError, match=message):
        collect_variables(post_build, finder(), "ks.yaml")
