"""Files no cluster applies: the rules about applied objects say nothing of them, the
secret and YAML rules still do, and the summary counts them."""

from __future__ import annotations

from scaffold.lint.registry import RULES
from scaffold.lint.report import summary
from tests.lint.conftest import found
from tests.lint.rules.flux_tree import SYNC, apps_repo, config_map, kustomization

OLD_RELEASE = (
    "apiVersion: helm.toolkit.fluxcd.io/v2beta1\nkind: HelmRelease\n"
    "metadata:\n  name: old\n  namespace: default\nspec:\n  interval: 1h\n"
    "  chart:\n    spec:\n      chart: old\n      sourceRef:\n        kind: HelmRepository\n"
    "        name: nowhere\n"
)
SECRET = (
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: default\n"
    "stringData:\n  password: PLANTED-hunter2\n"
)
# An app left out of its parent (`# - ./old`), and an archive folder nothing points at.
UNAPPLIED = {
    "apps/kustomization.yaml": "resources:\n  - app.yaml\n  # - ./old\n",
    "apps/old/kustomization.yaml": "resources:\n  - release.yaml\n  - gone.yaml\n",
    "apps/old/release.yaml": OLD_RELEASE,
    ".archive/ks.yaml": kustomization("old", "./nowhere", spec="  dependsOn:\n    - name: x\n"),
    ".archive/secret.yaml": SECRET,
}
APPLIED_ONLY_FINDINGS = {
    "deprecated-api-version",
    "unresolved-source-ref",
    "missing-kustomization-entry",
    "missing-flux-path",
    "dangling-depends-on",
}


def test_the_rules_about_applied_objects_are_silent_there(lint_tree) -> None:
    report = lint_tree(apps_repo(**UNAPPLIED), sync_paths=(SYNC,))
    rules = {rule for rule, _, _ in found(report)}
    assert not rules & APPLIED_ONLY_FINDINGS
    assert ("plaintext-secret", ".archive/secret.yaml", 6) in found(report)
    assert report.unapplied == 4
    assert summary(report).endswith("; 4 files no cluster applies")


def test_the_same_files_are_judged_once_applied(lint_tree) -> None:
    files = apps_repo(**UNAPPLIED)
    files["apps/kustomization.yaml"] = "resources:\n  - app.yaml\n  - ./old\n"
    files[f"{SYNC}/archive.yaml"] = kustomization("archive", "./.archive")
    report = lint_tree(files, sync_paths=(SYNC,))
    assert {rule for rule, _, _ in found(report)} >= APPLIED_ONLY_FINDINGS
    assert report.unapplied == 0
    assert "no cluster applies" not in summary(report)


def test_without_known_clusters_every_file_is_judged(lint_tree) -> None:
    report = lint_tree(apps_repo(**UNAPPLIED), sync_paths=())
    assert {"deprecated-api-version", "unresolved-source-ref"} <= {r for r, _, _ in found(report)}
    assert report.unapplied == 0


def test_a_path_lint_cannot_follow_leaves_every_file_judged(lint_tree) -> None:
    files = apps_repo(**UNAPPLIED)
    files[f"{SYNC}/var.yaml"] = kustomization("var", "./${WHERE}/nothing")
    report = lint_tree(files, sync_paths=(SYNC,))
    assert "deprecated-api-version" in {rule for rule, _, _ in found(report)}
    assert report.unapplied == 0


def test_the_policy_is_one_flag_per_rule() -> None:
    applied_only = {rule.id for rule in RULES.values() if rule.applied_only}
    assert APPLIED_ONLY_FINDINGS | {"dependency-cycle", "duplicate-resource"} <= applied_only
    secrets_and_files = {"plaintext-secret", "sops-plaintext-value", "inline-secret-value",
                         "invalid-yaml", "duplicate-key", "missing-helm-dir"}  # fmt: skip
    assert not applied_only & secrets_and_files


def test_a_config_map_stays_applied_when_placed(lint_tree) -> None:
    files = apps_repo(**{"apps/more.yaml": config_map("more", "default")})
    files["apps/kustomization.yaml"] = "resources:\n  - app.yaml\n  - more.yaml\n"
    assert lint_tree(files, sync_paths=(SYNC,)).unapplied == 0
