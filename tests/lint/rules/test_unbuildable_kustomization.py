from __future__ import annotations

from tests.lint.conftest import found
from tests.lint.rules.flux_tree import SYNC, apps_repo, config_map, kustomization

RULE = "unbuildable-kustomization"
KUSTOMIZE = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"


def lint(lint_tree, files):
    return lint_tree(files, sync_paths=(SYNC,), select=[RULE])


def test_clean(lint_tree) -> None:
    assert found(lint(lint_tree, apps_repo())) == []


def test_a_patch_that_matches_nothing_is_found_at_its_entry(lint_tree) -> None:
    files = apps_repo(**{"apps/kustomization.yaml": (
        f"{KUSTOMIZE}resources:\n  - app.yaml\npatches:\n"
        "  - target: {kind: ConfigMap, name: app}\n"
        "    patch: |\n      - op: replace\n        path: /data/missing/deeper\n"
        "        value: x\n"
    )})  # fmt: skip
    report = lint(lint_tree, files)
    assert [(r, p) for r, p, _ in found(report)] == [(RULE, "apps/kustomization.yaml")]
    finding = report.findings[0]
    assert finding.line == 6  # the patches entry, in the file as written
    assert "Kustomization `flux-system/apps` on `clusters/dev`" in finding.message


def test_a_cycle_of_kustomizations_is_left_to_dependency_cycle(lint_tree) -> None:
    files = apps_repo(**{
        "apps/kustomization.yaml": f"{KUSTOMIZE}resources:\n  - app.yaml\n  - ../loop\n",
        "loop/kustomization.yaml": f"{KUSTOMIZE}resources:\n  - ../apps\n",
    })  # fmt: skip
    assert found(lint(lint_tree, files)) == []
    both = lint_tree(files, sync_paths=(SYNC,))
    assert {f.rule for f in both.findings if f.path.endswith("kustomization.yaml")} == {
        "dependency-cycle"
    }


def test_a_flux_patch_that_cannot_apply(lint_tree) -> None:
    spec = (
        "  patches:\n    - target: {kind: ConfigMap}\n"
        "      patch: |\n        - op: remove\n          path: /data/nope\n"
    )
    files = apps_repo(**{f"{SYNC}/apps.yaml": kustomization("apps", "./apps", spec=spec)})
    report = lint(lint_tree, files)
    assert len(report.findings) == 1
    assert report.findings[0].path in (f"{SYNC}/apps.yaml", "apps/kustomization.yaml")


def test_a_strict_substitution_error_is_found_at_the_flux_kustomization(lint_tree) -> None:
    spec = "  postBuild:\n    substitute: {replicas: '2'}\n"
    files = apps_repo(**{
        f"{SYNC}/apps.yaml": kustomization("apps", "./apps", spec=spec),
        "apps/app.yaml": config_map("app", "default", "  v: ${undefined_var}\n"),
    })  # fmt: skip
    report = lint(lint_tree, files)
    assert [f.path for f in report.findings] == [f"{SYNC}/apps.yaml"]
    assert report.findings[0].line == 1


def test_a_missing_file_is_left_to_missing_kustomization_entry(lint_tree) -> None:
    files = apps_repo(**{"apps/kustomization.yaml": "resources:\n  - app.yaml\n  - gone.yaml\n"})
    assert found(lint(lint_tree, files)) == []
    both = lint_tree(files, sync_paths=(SYNC,))
    assert [f.rule for f in both.findings if f.path == "apps/kustomization.yaml"] == [
        "missing-kustomization-entry"
    ]


def test_unreached_directories_are_not_judged(lint_tree) -> None:
    files = apps_repo(**{"unused/kustomization.yaml": f"{KUSTOMIZE}resources:\n  - nothing.yaml\n"})
    assert found(lint(lint_tree, files)) == []
