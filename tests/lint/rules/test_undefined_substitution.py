from __future__ import annotations

from tests.lint.conftest import found
from tests.lint.rules.flux_tree import SYNC, apps_repo, config_map, kustomization

RULE = "undefined-substitution"
POST_BUILD = "  postBuild:\n    substitute:\n      CLUSTER: dev\n"


def lint(lint_tree, files):
    return lint_tree(files, sync_paths=(SYNC,), select=[RULE])


def repo(data: str, spec: str = POST_BUILD, **extra: str) -> dict[str, str]:
    return apps_repo(
        **{
            f"{SYNC}/apps.yaml": kustomization("apps", "./apps", spec=spec),
            "apps/app.yaml": config_map("app", "default", data),
            **extra,
        }
    )


def test_clean(lint_tree) -> None:
    data = (
        "  a: ${CLUSTER}\n  b: ${DOMAIN:=example.com}\n  c: ${X:-y}\n  d: $${LITERAL}\n"
        "  # e: ${IN_A_COMMENT}\n"
    )
    assert found(lint(lint_tree, repo(data))) == []


def test_fires_on_an_undefined_variable(lint_tree) -> None:
    report = lint(lint_tree, repo("  host: app.${DOMAIN}\n"))
    assert found(report) == [(RULE, "apps/app.yaml", 7)]
    assert "`${DOMAIN}`" in report.findings[0].message
    assert report.findings[0].severity == "warning"


def test_the_message_says_flux_fails_the_build(lint_tree) -> None:
    # kustomize-controller v1.9 (Flux 2.9) turned StrictPostBuildSubstitutions on by
    # default: the variable no longer becomes empty, the whole Kustomization fails.
    (finding,) = lint(lint_tree, repo("  host: app.${DOMAIN}\n")).findings
    assert "fails the build" in finding.message
    assert "Flux 2.9" in finding.message


def test_silent_without_post_build_or_with_substitute_from(lint_tree) -> None:
    assert found(lint(lint_tree, repo("  host: ${DOMAIN}\n", spec=""))) == []
    spec = POST_BUILD + "    substituteFrom:\n      - kind: ConfigMap\n        name: vars\n"
    assert found(lint(lint_tree, repo("  host: ${DOMAIN}\n", spec=spec))) == []


def test_silent_where_substitution_is_disabled(lint_tree) -> None:
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  annotations:\n"
        "    kustomize.toolkit.fluxcd.io/substitute: disabled\ndata:\n  a: ${DOMAIN}\n"
    )
    assert found(lint(lint_tree, repo("", **{"apps/app.yaml": text}))) == []


def test_a_parent_patch_defines_it_for_its_children(lint_tree) -> None:
    patch = (
        "  patches:\n    - target: {kind: Kustomization}\n      patch: |-\n"
        "        apiVersion: kustomize.toolkit.fluxcd.io/v1\n        kind: Kustomization\n"
        "        metadata: {name: _}\n        spec:\n          postBuild:\n"
        "            substitute:\n              DOMAIN: example.com\n"
    )
    files = apps_repo(
        **{
            f"{SYNC}/apps.yaml": kustomization("apps", "./apps", spec=patch),
            "apps/kustomization.yaml": "resources: [child.yaml]\n",
            "apps/child.yaml": kustomization("child", "./child"),
            "child/cm.yaml": config_map("c", "default", "  host: ${DOMAIN}\n  x: ${OTHER}\n"),
        }
    )
    assert found(lint(lint_tree, files)) == [(RULE, "child/cm.yaml", 8)]


def test_suppressed(lint_tree) -> None:
    data = "  # gitops-scaffold: disable=undefined-substitution\n  host: ${DOMAIN}\n"
    assert found(lint(lint_tree, repo(data))) == []


FROM = "    substituteFrom:\n      - kind: {kind}\n        name: vars\n{extra}"


def from_repo(data: str, source: str, kind: str = "ConfigMap", extra: str = "") -> dict[str, str]:
    """A repository whose Kustomization `apps` substitutes from `vars`, defined by `source`."""
    spec = POST_BUILD + FROM.format(kind=kind, extra=extra)
    return repo(data, spec=spec, **{f"{SYNC}/vars.yaml": source})


def secret(keys: str, name: str = "vars") -> str:
    return (
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: flux-system\n"
        f"stringData:\n{keys}"
    )


def test_substitute_from_sources_in_the_repository_define_their_keys(lint_tree) -> None:
    data = "  host: ${DOMAIN}\n  x: ${CLUSTER}\n  y: ${UNDEFINED}\n"
    vars_map = config_map("vars", "flux-system", "  DOMAIN: example.com\n")
    report = lint(lint_tree, from_repo(data, vars_map))
    assert found(report) == [(RULE, "apps/app.yaml", 9)]
    assert "`${UNDEFINED}`" in report.findings[0].message
    report = lint(lint_tree, from_repo(data, secret("  DOMAIN: ENC[x]\n"), kind="Secret"))
    assert found(report) == [(RULE, "apps/app.yaml", 9)]


def test_a_sealed_secret_defines_its_sealed_keys(lint_tree) -> None:
    sealed = (
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n"
        "metadata:\n  name: vars\n  namespace: flux-system\n"
        "spec:\n  encryptedData:\n    DOMAIN: AgB0\n"
    )
    report = lint(lint_tree, from_repo("  a: ${DOMAIN}\n  b: ${OTHER}\n", sealed, kind="Secret"))
    assert found(report) == [(RULE, "apps/app.yaml", 8)]


def test_silent_when_a_source_may_hold_more_than_the_repository_shows(lint_tree) -> None:
    data = "  host: ${UNDEFINED}\n"
    vars_map = config_map("vars", "flux-system", "  DOMAIN: example.com\n")
    external = (
        "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\n"
        "metadata:\n  name: vars\n  namespace: flux-system\nspec:\n  target:\n    name: vars\n"
    )
    other_namespace = config_map("vars", "default", "  DOMAIN: example.com\n")
    templated = vars_map.replace("data:\n  DOMAIN: example.com\n", "data: ${ALL}\n")
    for source, kind, extra in [
        (vars_map, "ConfigMap", "        optional: true\n"),  # optional: may be absent or other
        (external, "Secret", ""),  # an operator fills it in the cluster
        (other_namespace, "ConfigMap", ""),  # only the cluster has flux-system/vars
        (templated, "ConfigMap", ""),  # its keys are not spelled out
    ]:
        assert found(lint(lint_tree, from_repo(data, source, kind, extra))) == [], source
    two = POST_BUILD + FROM.format(kind="ConfigMap", extra="") + (
        "      - kind: Secret\n        name: cluster-only\n"
    )
    files = repo(data, spec=two, **{f"{SYNC}/vars.yaml": vars_map})
    assert found(lint(lint_tree, files)) == []
