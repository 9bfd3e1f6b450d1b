from __future__ import annotations

import pytest

from scaffold.errors import ConfigError
from scaffold.lint.config import parse_config
from tests.lint.conftest import SYNC, tree

ID = "kubernetes-schema-violation"
APP = f"{SYNC}/apps/web/deployment.yaml"
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080
          resources:
            limits: {cpu: 500m, memory: 1Gi}
            requests: {cpu: 0.25, memory: 128974848}
          env:
            - name: MODE
              value: "on"
            - name: REPLICAS
              value: ${REPLICAS}
"""


def findings(report) -> list[tuple[str, int, int, str, str]]:
    return [(f.path, f.line, f.column, f.message, f.hint) for f in report.findings if f.rule == ID]


def deployment(old: str, new: str) -> dict[str, str]:
    assert old in DEPLOYMENT
    return tree(**{APP: DEPLOYMENT.replace(old, new, 1)})


def test_clean_deployment_has_no_finding(lint_tree) -> None:
    assert findings(lint_tree(tree(**{APP: DEPLOYMENT}), select=[ID])) == []


def test_quoted_integer_points_at_the_value(lint_tree) -> None:
    [(path, line, column, message, hint)] = findings(
        lint_tree(deployment("replicas: 3", 'replicas: "3"'), select=[ID])
    )
    assert (path, line, column) == (APP, 7, 13)
    assert message == "Deployment spec.replicas: expected integer, got string"
    assert hint == "remove the quotes: quoted values are always strings"


def test_named_port_where_a_number_is_wanted(lint_tree) -> None:
    [(_, line, _, message, _)] = findings(
        lint_tree(deployment("containerPort: 8080", "containerPort: http"), select=[ID])
    )
    assert line == 18
    assert "containers[0].ports[0].containerPort: expected integer, got string" in message


def test_misspelt_field_suggests_the_known_one(lint_tree) -> None:
    [(_, line, column, message, hint)] = findings(
        lint_tree(deployment("resources:", "resource:"), select=[ID])
    )
    assert (line, column) == (19, 11)
    assert message.endswith("containers[0].resource: unknown field `resource`")
    assert hint == "did you mean `resources`?"


def test_missing_container_name(lint_tree) -> None:
    [(_, _, _, message, hint)] = findings(
        lint_tree(deployment("- name: web\n          image:", "- image:"), select=[ID])
    )
    assert message.endswith("containers[0]: missing required field `name`")
    assert hint.startswith("add `name`")


def test_yaml_1_1_boolean_in_a_string_field(lint_tree) -> None:
    [(_, line, _, message, hint)] = findings(
        lint_tree(deployment('value: "on"', "value: on"), select=[ID])
    )
    assert line == 24
    assert "expected string, got boolean (`on` is read as boolean by YAML 1.1)" in message
    assert hint == 'quote it so it stays a string: "on"'


@pytest.mark.parametrize("bad", ["1 Gi", "1GB", "lots"])
def test_malformed_quantity(lint_tree, bad: str) -> None:
    [(_, line, _, message, _)] = findings(
        lint_tree(deployment("memory: 1Gi", f"memory: {bad}"), select=[ID])
    )
    assert line == 20 and "limits.memory" in message and "is not a quantity" in message


def test_int_or_string_takes_both(lint_tree) -> None:
    service = """\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports:
    - {name: http, port: 80, targetPort: http}
    - {name: https, port: 443, targetPort: 8443}
    - {name: bad, port: 81, targetPort: [1]}
"""
    [(_, line, _, message, _)] = findings(
        lint_tree(tree(**{f"{SYNC}/apps/web/service.yaml": service}), select=[ID])
    )
    assert line == 9 and "targetPort: expected integer or string, got array" in message


def test_no_value_quoted_under_a_credential_path(lint_tree) -> None:
    secret = """\
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData:
  password: hunter2
data:
  token: [1, 2]
"""
    report = lint_tree(tree(**{f"{SYNC}/apps/web/secret.yaml": secret}), select=[ID])
    [(_, _, _, message, _)] = findings(report)
    assert "data.token: expected string, got array" in message
    assert "hunter2" not in message


def test_patch_file_may_omit_required_fields(lint_tree) -> None:
    patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: two\n"
    files = tree(
        **{
            f"{SYNC}/apps/web/kustomization.yaml": (
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                "resources: [deployment.yaml]\npatches: [{path: patch.yaml}]\n"
            ),
            APP: DEPLOYMENT,
            f"{SYNC}/apps/web/patch.yaml": patch,
        }
    )
    [(path, line, _, message, _)] = findings(lint_tree(files, select=[ID]))
    assert (path, line) == (f"{SYNC}/apps/web/patch.yaml", 5)
    assert "spec.replicas: expected integer, got string" in message


def test_custom_resource_checked_against_a_repository_crd(lint_tree) -> None:
    crd = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: {type: string, enum: [small, large]}
                description: {type: string}
"""
    widget = (
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, label: {a: b}}\n"
        "spec:\n  size: huge\n  colour: red\n"
    )
    other = "apiVersion: example.com/v2\nkind: Widget\nmetadata: {name: w}\nspec: {size: huge}\n"
    files = tree(
        **{
            f"{SYNC}/crds/widgets.yaml": crd,
            f"{SYNC}/apps/widget.yaml": widget,
            f"{SYNC}/apps/other.yaml": other,
        }
    )
    got = sorted(
        (line, message, hint)
        for _, line, _, message, hint in findings(lint_tree(files, select=[ID]))
    )
    assert got == [
        (3, "Widget metadata.label: unknown field `label`", "did you mean `labels`?"),
        (
            5,
            "Widget spec.size: `huge` is not one of the allowed values",
            "use one of `small`, `large`",
        ),
        (
            6,
            "Widget spec.colour: unknown field `colour`",
            "known fields here: `description`, `size`",
        ),
    ]


def test_unserved_builtin_version_names_the_served_one(lint_tree) -> None:
    cronjob = "apiVersion: batch/v2alpha1\nkind: CronJob\nmetadata: {name: c}\n"
    [(_, line, column, message, hint)] = findings(
        lint_tree(tree(**{f"{SYNC}/apps/cron.yaml": cronjob}), select=[ID])
    )
    assert (line, column) == (1, 13)
    assert message == "Kubernetes 1.37 serves no kind `CronJob` at `batch/v2alpha1`"
    assert hint == "use `apiVersion: batch/v1`"


@pytest.mark.parametrize(
    "api_version",
    ["apps/v2", "admissionregistration.k8s.io/v1", "v1alpha1"],
)
def test_possibly_newer_or_foreign_api_versions_are_skipped(lint_tree, api_version) -> None:
    # apps/v2, and to 1.35 a GA MutatingAdmissionPolicy (1.36 serves it), may come with a
    # newer release; a core-group `v1alpha1` is Talos's machine configuration.
    text = f"apiVersion: {api_version}\nkind: MutatingAdmissionPolicy\nmetadata: {{name: p}}\n"
    config = parse_config({"kubernetes_version": "1.35"})
    files = tree(**{f"{SYNC}/apps/p.yaml": text})
    assert findings(lint_tree(files, select=[ID], config=config)) == []


def test_a_release_from_the_newer_source_validates_its_new_kinds(lint_tree) -> None:
    # admissionregistration.k8s.io/v1 MutatingAdmissionPolicy is GA in 1.36.
    text = (
        "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingAdmissionPolicy\n"
        "metadata: {name: p}\nspec: {failurePolicy: Fail, mutation: []}\n"
    )
    files = tree(**{f"{SYNC}/apps/p.yaml": text})
    [(line, _, message, hint)] = [f[1:] for f in findings(lint_tree(files, select=[ID]))]
    assert (line, message) == (4, "MutatingAdmissionPolicy spec.mutation: unknown field `mutation`")
    assert "did you mean `mutations`?" in hint
    for minor in ("1.36", "1.37"):
        config = parse_config({"kubernetes_version": minor})
        assert len(findings(lint_tree(files, select=[ID], config=config))) == 1
    config = parse_config({"kubernetes_version": "1.35"})
    assert findings(lint_tree(files, select=[ID], config=config)) == []


API = "apiVersion: "


@pytest.mark.parametrize(
    ("api_version", "kind", "gone_in", "hint"),
    [
        ("scheduling.k8s.io/v1alpha1", "Workload", "1.36", f"`{API}scheduling.k8s.io/v1alpha2`"),
        *(
            (
                "scheduling.k8s.io/v1alpha2",
                kind,
                "1.37",
                f"`{API}scheduling.k8s.io/v1alpha3` or `{API}scheduling.k8s.io/v1beta1`",
            )
            for kind in ("PodGroup", "Workload")
        ),
        (
            "certificates.k8s.io/v1alpha1",
            "ClusterTrustBundle",
            "1.37",
            f"`{API}certificates.k8s.io/v1` or `{API}certificates.k8s.io/v1beta1`",
        ),
    ],
)
def test_alpha_apis_a_new_release_dropped(lint_tree, api_version, kind, gone_in, hint) -> None:
    # Outside the deprecation policy, so not removed-kubernetes-api's: this rule names the
    # version the release serves instead, and the release before still serves it.
    text = f"apiVersion: {api_version}\nkind: {kind}\nmetadata: {{name: x}}\n"
    files = tree(**{f"{SYNC}/apps/x.yaml": text})
    config = parse_config({"kubernetes_version": gone_in})
    [(_, _, _, message, found_hint)] = findings(lint_tree(files, select=[ID], config=config))
    assert message == f"Kubernetes {gone_in} serves no kind `{kind}` at `{api_version}`"
    assert found_hint == f"use {hint}"
    before = parse_config({"kubernetes_version": f"1.{int(gone_in.split('.')[1]) - 1}"})
    earlier = findings(lint_tree(files, select=[ID], config=before))
    assert [f for f in earlier if "serves" in f[3]] == []


def test_sops_metadata_and_ciphertexts_are_not_checked(lint_tree) -> None:
    secret = (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
        "stringData: {password: ENC[AES256_GCM,data:abc,type:str]}\n"
        "sops: {age: [], version: 3.9.0}\n"
    )
    spec = DEPLOYMENT.replace("replicas: 3", "replicas: ENC[AES256_GCM,data:Mw==,type:int]")
    files = tree(**{f"{SYNC}/apps/s.yaml": secret, APP: spec + "sops: {version: 3.9.0}\n"})
    assert findings(lint_tree(files, select=[ID])) == []


def test_objects_without_a_schema_are_counted_not_reported(lint_tree, tmp_path) -> None:
    from scaffold.lint.rules.kubernetes_schema_violation import coverage

    issuer = "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: x}\nspec: 3\n"
    files = tree(**{APP: DEPLOYMENT, f"{SYNC}/apps/issuer.yaml": issuer})
    assert findings(lint_tree(files, select=[ID])) == []
    ctx = _context(tmp_path, files)
    counted = coverage(ctx)
    assert counted.unchecked == {"ClusterIssuer": 1} and counted.validated >= 1


def _context(tmp_path, files):
    from scaffold.lint.config import load_config
    from scaffold.lint.engine import LintOptions, build_context
    from tests.conftest import write_tree

    root = write_tree(tmp_path / "ctx", files)
    options = LintOptions(sync_paths=(SYNC,))
    return build_context(root, options, load_config(root), [ID], [])


def test_kubernetes_version_selects_the_schemas(lint_tree) -> None:
    # storage.k8s.io/v1alpha1 VolumeAttributesClass is served by 1.32, gone by 1.35.
    text = (
        "apiVersion: storage.k8s.io/v1alpha1\nkind: VolumeAttributesClass\n"
        "metadata: {name: fast}\ndriverName: csi.example.com\n"
    )
    files = tree(**{f"{SYNC}/apps/class.yaml": text})
    [(_, _, _, message, hint)] = findings(lint_tree(files, select=[ID]))
    assert message.startswith("Kubernetes 1.37 serves no kind `VolumeAttributesClass`")
    assert "`apiVersion: storage.k8s.io/v1`" in hint
    config = parse_config({"kubernetes_version": "1.32"})
    assert findings(lint_tree(files, select=[ID], config=config)) == []


@pytest.mark.parametrize("value", ["1.38", "1.31", "1.10", "latest", 1.3])
def test_unknown_kubernetes_version_is_a_config_error(value) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config({"kubernetes_version": value})
    assert "(it knows 1.32, 1.33, 1.34, 1.35, 1.36, 1.37)" in str(error.value)


def test_kubernetes_version_accepts_patch_releases() -> None:
    assert parse_config({"kubernetes_version": "v1.33.4"}).kubernetes_version == "1.33"
    assert parse_config({"kubernetes_version": "v1.37.2"}).kubernetes_version == "1.37"
    assert parse_config({"kubernetes_version": "1.36"}).kubernetes_version == "1.36"
    assert parse_config({}).kubernetes_version == "1.37"


def test_suppressed_by_a_comment(lint_tree) -> None:
    text = "# gitops-scaffold: disable=kubernetes-schema-violation\n" + DEPLOYMENT.replace(
        "replicas: 3", 'replicas: "3"'
    )
    assert findings(lint_tree(tree(**{APP: text}), select=[ID])) == []
