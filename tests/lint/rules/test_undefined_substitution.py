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
