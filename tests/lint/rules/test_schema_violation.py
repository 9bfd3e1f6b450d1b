from __future__ import annotations

import pytest

from scaffold.errors import ConfigError
from scaffold.lint.config import parse_config
from scaffold.lint.engine import LintOptions, run_lint
from tests.lint.conftest import (
    HELM_RELEASE,
    HELM_REPOSITORY,
    RELEASE_PATH,
    SEALED_SECRET,
    SYNC,
    tree,
)
from tests.lint.rules.flux_tree import kustomization as flux_kustomization

ID = "schema-violation"
REPO_PATH = f"{SYNC}/helm/repositories/podinfo.yaml"
SECRET_PATH = f"{SYNC}/helm/secrets/podinfo-values-sealed.yaml"
KS_PATH = f"{SYNC}/apps.yaml"
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


def schema(report) -> list[tuple[str, int, int, str, str]]:
    """(path, line, column, message, hint) of each schema-violation finding."""
    return [
        (f.path, f.line, f.column, f.message, f.hint) for f in report.findings if f.rule == ID
    ]


def release(old: str, new: str) -> str:
    assert old in HELM_RELEASE
    return HELM_RELEASE.replace(old, new, 1)


def test_clean_tree_has_no_finding(lint_tree) -> None:
    report = lint_tree(tree(**{KS_PATH: KUSTOMIZATION}), select=["schema-violation"])
    assert report.findings == []


def test_pattern_duration_points_at_the_value(lint_tree) -> None:
    report = lint_tree(tree(**{RELEASE_PATH: release("interval: 10m", "interval: 10minutes")}))
    [(path, line, column, message, hint)] = schema(report)
    assert (path, line, column) == (RELEASE_PATH, 7, 13)
    assert message == "HelmRelease spec.interval: `10minutes` is not a duration"
    assert "Go duration" in hint and report.findings[0].severity == "error"


def test_unknown_field_points_at_the_key_with_did_you_mean(lint_tree) -> None:
    report = lint_tree(tree(**{RELEASE_PATH: release("sourceRef:", "sourceref:")}))
    # One finding: the missing required `sourceRef` is the field the typo meant.
    [(_, line, column, message, hint)] = schema(report)
    assert (line, column) == (12, 7)
    assert message == "HelmRelease spec.chart.spec.sourceref: unknown field `sourceref`"
    assert hint == "did you mean `sourceRef`? (it is required, and missing)"


def test_missing_required_field_points_at_its_parent(lint_tree) -> None:
    report = lint_tree(tree(**{RELEASE_PATH: release("      chart: podinfo\n", "")}))
    [(_, line, column, message, hint)] = schema(report)
    assert (line, column) == (10, 7)
    assert message == "HelmRelease spec.chart.spec.chart: missing required field `chart`"
    assert hint == "add `chart` under `spec.chart.spec`"


def test_type_error_quoted_number(lint_tree) -> None:
    text = HELM_RELEASE + '  install:\n    remediation:\n      retries: "three"\n'
    [(_, line, column, message, _)] = schema(lint_tree(tree(**{RELEASE_PATH: text})))
    assert (line, column) == (19, 16)
    assert message == "HelmRelease spec.install.remediation.retries: expected integer, got string"


def test_type_error_not_a_boolean(lint_tree) -> None:
    text = KUSTOMIZATION.replace("prune: true", "prune: yes-please")
    [(_, line, column, message, _)] = schema(lint_tree(tree(**{KS_PATH: text})))
    assert (line, column, message) == (
        9, 10, "Kustomization spec.prune: expected boolean, got string",
    )  # fmt: skip


def test_yaml_11_yes_is_a_boolean(lint_tree) -> None:
    # sigs.k8s.io/yaml reads a bare `yes` as true, as the cluster will.
    text = KUSTOMIZATION.replace("prune: true", "prune: yes")
    assert schema(lint_tree(tree(**{KS_PATH: text}))) == []


def test_enum(lint_tree) -> None:
    report = lint_tree(tree(**{RELEASE_PATH: release("kind: HelmRepository", "kind: HelmRepo")}))
    [(_, line, column, message, hint)] = schema(report)
    assert (line, column) == (13, 15)
    assert message == (
        "HelmRelease spec.chart.spec.sourceRef.kind: `HelmRepo` is not one of the allowed values"
    )
    assert "`HelmRepository`" in hint


def test_minimum(lint_tree) -> None:
    # Flux's specs set no minimum; its status conditions do (a committed `status` is checked).
    text = KUSTOMIZATION + (
        "status:\n  conditions:\n    - type: Ready\n      status: 'True'\n      reason: R\n"
        "      message: m\n      lastTransitionTime: '2026-01-01T00:00:00Z'\n"
        "      observedGeneration: -1\n"
    )
    [(_, line, column, message, _)] = schema(lint_tree(tree(**{KS_PATH: text})))
    assert (line, column, message) == (
        20, 27, "Kustomization status.conditions[0].observedGeneration: is below the minimum 0",
    )  # fmt: skip


def test_max_length(lint_tree) -> None:
    text = HELM_RELEASE + f"  releaseName: {'r' * 60}\n"
    [(_, line, _, message, _)] = schema(lint_tree(tree(**{RELEASE_PATH: text})))
    assert (line, message) == (
        17, "HelmRelease spec.releaseName: is longer than 53 characters",
    )  # fmt: skip


def test_substituted_values_are_not_type_checked(lint_tree) -> None:
    text = KUSTOMIZATION.replace("prune: true", "prune: ${PRUNE}")
    text = text.replace("interval: 10m", 'interval: "${INTERVAL}"')
    assert schema(lint_tree(tree(**{KS_PATH: text}))) == []


def test_values_are_free_form(lint_tree) -> None:
    text = release("replicaCount: 2", "sourceref: {retries: three}\n    interval: 10minutes")
    assert schema(lint_tree(tree(**{RELEASE_PATH: text}))) == []


def test_credential_paths_never_print_the_value(lint_tree) -> None:
    secret = "hunter2-zebra"
    sealed = SEALED_SECRET.replace("values.yaml: AgBy8hCi", f"values.yaml: [{secret}]")
    oci = HELM_REPOSITORY.replace("kind: HelmRepository", "kind: OCIRepository").replace(
        "url: https://stefanprodan.github.io/podinfo", f"url: https://bob:{secret}@ghcr.io/x"
    )  # an OCIRepository wants oci://
    report = lint_tree(tree(**{SECRET_PATH: sealed, REPO_PATH: oci}))
    found = schema(report)
    assert sorted((path, line) for path, line, *_ in found) == [(REPO_PATH, 8), (SECRET_PATH, 8)]
    assert all(secret not in message + hint for *_, message, hint in found)
    assert any("the value does not match the pattern" in message for *_, message, _ in found)


def test_patch_files_may_omit_required_fields(lint_tree) -> None:
    patch = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n"
    patch += "spec:\n  values:\n    replicaCount: 3\n"
    files = {
        "apps/base/release.yaml": HELM_RELEASE,
        "apps/staging/kustomization.yaml": (
            "resources: [../base/release.yaml]\npatches:\n  - path: values.yaml\n"
        ),
        "apps/staging/values.yaml": patch,
        # A cluster applies it: a file no cluster applies is not judged.
        f"{SYNC}/staging.yaml": flux_kustomization("staging", "./apps/staging"),
    }
    assert schema(lint_tree(tree(**files))) == []
    wrong = patch.replace("spec:\n", "spec:\n  interval: 10minutes\n")
    found = schema(lint_tree(tree(**{**files, "apps/staging/values.yaml": wrong})))
    assert [(path, line) for path, line, *_ in found] == [("apps/staging/values.yaml", 6)]


def test_fields_a_parent_kustomization_patches_in_are_not_required(lint_tree) -> None:
    child = KUSTOMIZATION.replace("  interval: 10m\n", "").replace("  prune: true\n", "")
    missing = schema(lint_tree(tree(**{KS_PATH: child})))
    assert [message for *_, message, _ in missing] == [
        "Kustomization spec.interval: missing required field `interval`",
        "Kustomization spec.prune: missing required field `prune`",
    ]
    parent = KUSTOMIZATION.replace("name: apps", "name: cluster") + (
        "  patches:\n    - patch: |-\n        apiVersion: kustomize.toolkit.fluxcd.io/v1\n"
        "        kind: Kustomization\n        metadata:\n          name: _\n"
        "        spec:\n          interval: 30m\n          prune: true\n"
        "      target:\n        kind: Kustomization\n"
    )
    files = tree(**{KS_PATH: child, f"{SYNC}/cluster.yaml": parent})
    assert schema(lint_tree(files)) == []


def test_other_api_groups_are_not_checked(lint_tree) -> None:
    text = (
        "apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n"
        "spec:\n  sourceref: 1\n---\napiVersion: example.com/v1\nkind: HelmRelease\n"
        "metadata:\n  name: x\nspec:\n  interval: 10minutes\n"
    )
    assert schema(lint_tree(tree(**{f"{SYNC}/other.yaml": text}))) == []


def test_flux_operator_kinds_in_alerts_are_accepted(lint_tree) -> None:
    # flux-operator patches the Alert CRD's enum; three public home-ops repositories rely on it.
    alert = (
        "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n"
        "  name: a\nspec:\n  providerRef:\n    name: p\n  eventSources:\n"
        "    - kind: FluxInstance\n      name: '*'\n    - kind: Flux\n      name: '*'\n"
    )
    found = schema(lint_tree(tree(**{f"{SYNC}/alert.yaml": alert})))
    assert [(line, column) for _, line, column, *_ in found] == [(11, 13)]


def test_an_unserved_kind_of_a_flux_group_is_reported(lint_tree) -> None:
    text = release("kind: HelmRelease", "kind: HelmRelase")
    [(_, line, column, message, hint)] = schema(lint_tree(tree(**{RELEASE_PATH: text})))
    assert (line, column) == (1, 13)
    assert message == "Flux 2.9 serves no kind `HelmRelase` at `helm.toolkit.fluxcd.io/v2`"
    assert hint == "did you mean `kind: HelmRelease`?"
    text = release("helm.toolkit.fluxcd.io/v2", "helm.toolkit.fluxcd.io/v3")
    [(*_, hint)] = schema(lint_tree(tree(**{RELEASE_PATH: text})))
    assert hint == "use `apiVersion: helm.toolkit.fluxcd.io/v2`"


def test_a_removed_version_is_left_to_deprecated_api_version(lint_tree) -> None:
    text = release("helm.toolkit.fluxcd.io/v2", "helm.toolkit.fluxcd.io/v2beta1")
    report = lint_tree(tree(**{RELEASE_PATH: text}))
    assert [f.rule for f in report.findings] == ["deprecated-api-version"]


def test_flux_version_selects_the_schemas(lint_tree) -> None:
    # notification v1beta2 is served (deprecated) by 2.8 only: checked there, removed in 2.9.
    alert = (
        "apiVersion: notification.toolkit.fluxcd.io/v1beta2\nkind: Alert\nmetadata:\n"
        "  name: a\nspec:\n  providerRef:\n    name: p\n  eventSources: []\n  bogus: 1\n"
    )
    files = tree(**{f"{SYNC}/alert.yaml": alert, ".gitops-scaffold.yaml": 'flux_version: "2.8"\n'})
    report = lint_tree(files)
    assert [(f.rule, f.severity, f.line) for f in report.findings] == [
        ("deprecated-api-version", "warning", 1),
        (ID, "error", 9),
    ]
    files[".gitops-scaffold.yaml"] = "flux_version: 2.9\n"
    assert [f.rule for f in lint_tree(files).findings] == ["deprecated-api-version"]


@pytest.mark.parametrize(
    "config",
    [
        {"flux_version": "2.7"},
        {"flux_version": 2.10},
        {"flux_version": ["2.9"]},
        {"rules": {"deprecated-api-version": {"flux_version": "2.11"}}},
        {"flux_version": "2.8", "rules": {"deprecated-api-version": {"flux_version": "2.9"}}},
    ],
)
def test_unknown_or_conflicting_flux_version_is_a_config_error(config) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(config)
    assert "flux_version" in error.value.message + error.value.hint


def test_unknown_flux_version_lists_the_bundled_ones() -> None:
    with pytest.raises(ConfigError) as error:
        parse_config({"flux_version": "2.7"})
    assert "2.8, 2.9" in error.value.message


def test_flux_version_spellings() -> None:
    for value in ("2.8", 2.8, "v2.8", "2.8.8", "v2.8.x"):
        config = parse_config({"flux_version": value})
        assert config.flux_version == "2.8"
        assert config.options["deprecated-api-version"]["flux_version"] == "2.8"
    assert parse_config({}).flux_version == "2.9"


def test_flux_version_is_part_of_the_cache_key(lint_tree, tmp_path) -> None:
    alert = (
        "apiVersion: notification.toolkit.fluxcd.io/v1beta2\nkind: Alert\nmetadata:\n"
        "  name: a\nspec:\n  providerRef:\n    name: p\n  bogus: 1\n"
    )
    files = tree(**{f"{SYNC}/alert.yaml": alert, ".gitops-scaffold.yaml": 'flux_version: "2.8"\n'})
    report = lint_tree(files, in_git=True, cache=True)
    assert ID in {f.rule for f in report.findings}
    root = report.root
    (root / ".gitops-scaffold.yaml").write_text('flux_version: "2.9"\n')
    again = run_lint(root, LintOptions(sync_paths=(SYNC,), cache=True))
    assert [f.rule for f in again.findings] == ["deprecated-api-version"]
    (root / ".gitops-scaffold.yaml").write_text('flux_version: "2.8"\n')
    warm = run_lint(root, LintOptions(sync_paths=(SYNC,), cache=True))
    assert warm.findings == report.findings


def test_suppressed_on_the_line(lint_tree) -> None:
    directive = "  # gitops-scaffold: disable=schema-violation"
    text = release("interval: 10m", f"interval: 10minutes{directive}")
    assert schema(lint_tree(tree(**{RELEASE_PATH: text}))) == []


def test_suppressed_for_the_document(lint_tree) -> None:
    text = "# gitops-scaffold: disable=schema-violation\n" + release(
        "interval: 10m", "interval: 10minutes"
    )
    assert schema(lint_tree(tree(**{RELEASE_PATH: text}))) == []


def test_helm_chart_templates_are_not_checked(lint_tree) -> None:
    template = release("interval: 10m", 'interval: "{{ .Values.interval }}"')
    files = {"charts/apps/Chart.yaml": "apiVersion: v2\nname: apps\nversion: 1.0.0\n"}
    files["charts/apps/templates/release.yaml"] = template
    assert schema(lint_tree(tree(**files))) == []
    files["charts/apps/release.yaml"] = template
    assert [path for path, *_ in schema(lint_tree(tree(**files)))] == ["charts/apps/release.yaml"]
