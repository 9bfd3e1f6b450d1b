from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from scaffold.errors import ConfigError
from scaffold.lint.config import parse_config
from tests.lint.conftest import SYNC, tree
from tests.lint.rules.flux_tree import kustomization

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


def test_a_rendered_object_is_typed_as_kustomize_reads_it(lint_tree, tmp_path) -> None:
    # kustomize reads YAML 1.2 and writes through JSON: `on` reaches the cluster as "on"
    files = deployment('value: "on"', "value: on")
    files[f"{SYNC}/apps/web/kustomization.yaml"] = "resources: [deployment.yaml]\n"
    assert findings(lint_tree(files, select=[ID])) == []
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed")
    (tmp_path / "kustomization.yaml").write_text("resources: [deployment.yaml]\n")
    (tmp_path / "deployment.yaml").write_text(DEPLOYMENT.replace('value: "on"', "value: on"))
    built = subprocess.run(["kubectl", "kustomize", str(tmp_path)], capture_output=True, text=True)
    assert built.returncode == 0 and 'value: "on"' in built.stdout


def test_only_a_cluster_whose_build_changes_its_objects_is_rendered(tmp_path) -> None:
    from scaffold.lint.rules.kubernetes_schema_violation import rendered_clusters

    plain = tree(**{APP: DEPLOYMENT})
    # Flux applies the files as written: they are checked from their facts, unrendered
    assert rendered_clusters(_context(tmp_path / "plain", plain)) == []
    built = {**plain, f"{SYNC}/apps/web/kustomization.yaml": "resources: [deployment.yaml]\n"}
    assert rendered_clusters(_context(tmp_path / "built", built)) == [SYNC]
    # nothing to validate: nothing rendered
    empty = {**tree(), f"{SYNC}/apps/web/kustomization.yaml": "resources: []\n"}
    assert rendered_clusters(_context(tmp_path / "empty", empty)) == []


def test_a_document_no_rendered_kustomization_reaches_is_read_from_its_file(lint_tree) -> None:
    # A remote base: the Kustomization is not rendered, so its files are validated as
    # written, with the YAML 1.1 reading of the API server's decoder.
    files = deployment('value: "on"', "value: on")
    files[f"{SYNC}/apps/web/kustomization.yaml"] = (
        "resources:\n  - deployment.yaml\n  - https://github.com/example/base//app?ref=v1\n"
    )
    [(path, line, _, message, hint)] = findings(lint_tree(files, select=[ID]))
    assert (path, line) == (APP, 24)
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


WIDGET_CRD = """\
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


def test_custom_resource_checked_against_a_repository_crd(lint_tree) -> None:
    crd = WIDGET_CRD
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


# Objects as Flux applies them: a Flux Kustomization `apps` builds the overlay apps/dev of
# the base apps/base; each fault is reported in the file that wrote it.
BASE = "apps/base/deployment.yaml"


def rendered_tree(overlay: str, *, spec: str = "", sync: str = SYNC, **files: str) -> dict:
    """The clean tree plus the Flux Kustomization `apps` of the overlay `apps/<env>`."""
    env = sync.rpartition("/")[2]
    return tree(
        **{
            f"{sync}/apps.yaml": kustomization("apps", f"./apps/{env}", spec=spec),
            "apps/base/kustomization.yaml": "resources: [deployment.yaml]\n",
            BASE: DEPLOYMENT,
            f"apps/{env}/kustomization.yaml": "resources: [../base]\n" + overlay,
            **files,
        }
    )


def test_a_fault_in_a_base_is_found_at_the_base(lint_tree) -> None:
    files = rendered_tree("namePrefix: dev-\n")
    files[BASE] = DEPLOYMENT.replace("replicas: 3", 'replicas: "3"')
    [(path, line, column, message, _)] = findings(lint_tree(files, select=[ID]))
    assert (path, line, column) == (BASE, 7, 13)
    assert message == "Deployment spec.replicas: expected integer, got string"


@pytest.mark.parametrize(
    "entry", ["patches:\n  - path: replicas.yaml\n", "patchesStrategicMerge: [replicas.yaml]\n"]
)
def test_a_strategic_merge_patch_file_is_named_at_its_line(lint_tree, entry) -> None:
    patch = (
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: "3"\n'
    )
    files = rendered_tree(entry, **{"apps/dev/replicas.yaml": patch})
    [(path, line, column, message, hint)] = findings(lint_tree(files, select=[ID]))
    assert (path, line, column) == ("apps/dev/replicas.yaml", 6, 13)
    assert message == "Deployment spec.replicas: expected integer, got string"
    assert hint == "remove the quotes: quoted values are always strings"


def test_an_inline_patch_is_named_inside_the_kustomization_file(lint_tree) -> None:
    overlay = (
        "patches:\n"
        "  - patch: |-\n"
        "      apiVersion: apps/v1\n"
        "      kind: Deployment\n"
        "      metadata: {name: web}\n"
        "      spec:\n"
        "        template:\n"
        "          spec:\n"
        "            containers:\n"
        "              - name: sidecar\n"
        "                image: busybox\n"
        "                ports: [{containerPort: metrics}]\n"
    )
    [(path, line, column, message, _)] = findings(
        lint_tree(rendered_tree(overlay), select=[ID])
    )
    assert (path, line, column) == ("apps/dev/kustomization.yaml", 13, 41)
    # strategic merge put the sidecar first
    assert message == (
        "Deployment spec.template.spec.containers[0].ports[0].containerPort: "
        "expected integer, got string"
    )


def test_a_json6902_patch_is_named_at_its_value(lint_tree) -> None:
    overlay = (
        "patchesJson6902:\n"
        "  - target: {group: apps, version: v1, kind: Deployment, name: web}\n"
        "    path: limit.yaml\n"
        "patches:\n"
        "  - target: {kind: Deployment}\n"
        "    patch: |\n"
        "      - op: add\n"
        "        path: /spec/minReadySeconds\n"
        "        value: soon\n"
    )
    limit = "- op: add\n  path: /spec/revisionHistoryLimit\n  value: many\n"
    files = rendered_tree(overlay, **{"apps/dev/limit.yaml": limit})
    assert sorted(f[:4] for f in findings(lint_tree(files, select=[ID]))) == [
        ("apps/dev/kustomization.yaml", 10, 16,
         "Deployment spec.minReadySeconds: expected integer, got string"),
        ("apps/dev/limit.yaml", 3, 10,
         "Deployment spec.revisionHistoryLimit: expected integer, got string"),
    ]  # fmt: skip


def test_a_flux_kustomization_patch_is_named_in_its_file(lint_tree) -> None:
    spec = (
        "  patches:\n"
        "    - target: {kind: Deployment}\n"
        "      patch: |\n"
        "        apiVersion: apps/v1\n"
        "        kind: Deployment\n"
        "        metadata: {name: any}\n"
        "        spec: {paused: maybe}\n"
    )
    [(path, line, column, message, _)] = findings(
        lint_tree(rendered_tree("", spec=spec), select=[ID])
    )
    assert (path, line, column) == (f"{SYNC}/apps.yaml", 19, 24)
    assert message == "Deployment spec.paused: expected boolean, got string"


SUBSTITUTE = (
    "  postBuild:\n"
    "    substituteFrom:\n"
    "      - {kind: ConfigMap, name: cluster-vars}\n"
    "      - {kind: Secret, name: cluster-secrets}\n"
)
VARIABLES = (
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cluster-vars, namespace: flux-system}\n"
    "data: {REPLICAS: three, PORT: '8080'}\n---\n"
    "apiVersion: v1\nkind: Secret\nmetadata: {name: cluster-secrets, namespace: flux-system}\n"
    "stringData: {PIN: '987654'}\n"
)


def test_a_value_postbuild_substitutes_is_found_at_its_variable(lint_tree) -> None:
    files = rendered_tree("", spec=SUBSTITUTE, **{f"{SYNC}/vars.yaml": VARIABLES})
    files[BASE] = (
        DEPLOYMENT.replace("replicas: 3", "replicas: ${REPLICAS}")
        .replace("containerPort: 8080", "containerPort: ${PORT}")
        .replace('value: "on"', "value: ${PIN}")
    )
    report = lint_tree(files, select=[ID])
    note = " (after postBuild substitution by Kustomization `flux-system/apps`)"
    assert findings(report) == [
        (BASE, 7, 13, "Deployment spec.replicas: expected integer, got string" + note,
         "write a value of type integer"),
        (BASE, 24, 22, "Deployment spec.template.spec.containers[0].env[0].value: "
         "expected string, got integer" + note, "write a value of type string"),
    ]  # fmt: skip
    assert "987654" not in json.dumps([f.__dict__ for f in report.findings], default=str)


def test_a_value_a_transformer_sets_is_found_at_its_resource_document(lint_tree) -> None:
    crd = WIDGET_CRD.replace(
        "description: {type: string}",
        "containers:\n"
        "                  type: array\n"
        "                  items:\n"
        "                    type: object\n"
        "                    properties:\n"
        "                      name: {type: string}\n"
        "                      image: {type: string, pattern: '^[^:]+:[0-9][0-9.]*$'}",
    )
    widget = (
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"
        "spec:\n  size: small\n  containers:\n    - {name: main, image: 'nginx:1.27'}\n"
    )
    files = rendered_tree(
        "images:\n  - {name: nginx, newTag: latest}\n",
        **{f"{SYNC}/crds/widgets.yaml": crd, BASE: widget},
    )
    [(path, line, column, message, _)] = findings(lint_tree(files, select=[ID]))
    assert (path, line, column) == (BASE, 7, 27)
    assert message == (
        "Widget spec.containers[0].image: `nginx:latest` does not match the pattern "
        "`^[^:]+:[0-9][0-9.]*$` (as Kustomization `flux-system/apps` builds it)"
    )


def test_a_custom_resource_is_validated_as_its_patch_leaves_it(lint_tree) -> None:
    widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: small}\n"
    patch = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  size: huge\n"
    files = rendered_tree(
        "patches: [{path: size.yaml}]\n",
        **{f"{SYNC}/crds/widgets.yaml": WIDGET_CRD, BASE: widget, "apps/dev/size.yaml": patch},
    )
    [(path, line, column, message, hint)] = findings(lint_tree(files, select=[ID]))
    assert (path, line, column) == ("apps/dev/size.yaml", 5, 9)
    assert message == "Widget spec.size: `huge` is not one of the allowed values"
    assert hint == "use one of `small`, `large`"


def test_required_fields_are_checked_on_the_merged_object(lint_tree) -> None:
    # Before rendering, a Deployment some patch targets was spared missing fields.
    patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n"
    files = rendered_tree("patches: [{path: replicas.yaml}]\n", **{"apps/dev/replicas.yaml": patch})
    files[BASE] = DEPLOYMENT.replace("  selector:\n    matchLabels: {app: web}\n", "")
    [(path, line, _, message, _)] = findings(lint_tree(files, select=[ID]))
    assert (path, line) == (BASE, 7)  # the mapping under `spec:` starts there
    assert message == "Deployment spec: missing required field `selector`"


def test_two_clusters_sharing_a_base_report_its_fault_once(lint_tree) -> None:
    prod = "clusters/prod"
    patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: two}\n"
    files = {
        **rendered_tree("patches: [{path: p.yaml}]\n", **{"apps/dev/p.yaml": patch}),
        **rendered_tree("patches: [{path: p.yaml}]\n", sync=prod, **{"apps/prod/p.yaml": patch}),
    }
    files[BASE] = DEPLOYMENT.replace("name: web\n          image", "name: web\n          imag")
    report = lint_tree(files, select=[ID], sync_paths=(SYNC, prod))
    assert [(f[0], f[1]) for f in findings(report)] == [
        (BASE, 16), ("apps/dev/p.yaml", 4), ("apps/prod/p.yaml", 4)
    ]


def test_coverage_counts_rendered_objects(tmp_path) -> None:
    from scaffold.lint.rules.kubernetes_schema_violation import coverage

    issuer = "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: x}\n"
    files = rendered_tree("namePrefix: dev-\n", **{f"{SYNC}/issuer.yaml": issuer})
    counted = coverage(_context(tmp_path, files))
    assert (counted.validated, dict(counted.unchecked)) == (1, {"ClusterIssuer": 1})
    assert counted.line() == "1 object validated, 1 of 1 kind without a schema: ClusterIssuer (1)"


def test_the_coverage_line_goes_to_stderr_in_text_only(cli, tmp_path) -> None:
    from tests.conftest import write_tree

    issuer = "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: x}\n"
    files = rendered_tree("", **{f"{SYNC}/issuer.yaml": issuer})
    files[".gitops-scaffold.yaml"] = f"sync_paths: [{SYNC}]\n"
    root = write_tree(tmp_path / "repo", files)
    line = "1 object validated, 1 of 1 kind without a schema: ClusterIssuer (1)"
    for run in range(2):  # the second run reuses the first's findings
        text = cli("lint", str(root))
        assert text.exit_code == 0 and line in text.stderr.splitlines(), run
    shown = cli("lint", "-o", "json", str(root))
    assert line not in shown.stdout + shown.stderr
    assert set(json.loads(shown.stdout)["summary"]) == {"files", "documents", "errors", "warnings"}


def test_spec_patches_are_read_from_their_own_kustomization(lint_tree) -> None:
    def patched(field: str) -> str:
        return (
            "  patches:\n    - target: {kind: Deployment}\n      patch: |\n"
            "        apiVersion: apps/v1\n        kind: Deployment\n"
            f"        metadata: {{name: any}}\n        spec: {{{field}}}\n"
        )

    team = kustomization("apps", "./apps/dev", namespace="team", spec=patched("minReadySeconds: x"))
    team = team.replace("name: flux-system\n", "name: flux-system\n    namespace: flux-system\n")
    both = kustomization("apps", "./apps/dev", spec=patched("paused: maybe")) + "---\n" + team
    files = rendered_tree("", **{f"{SYNC}/apps.yaml": both})
    assert [(f[0], f[1], f[3]) for f in findings(lint_tree(files, select=[ID]))] == [
        (f"{SYNC}/apps.yaml", 19, "Deployment spec.paused: expected boolean, got string"),
        (f"{SYNC}/apps.yaml", 40, "Deployment spec.minReadySeconds: expected integer, got string"),
    ]

