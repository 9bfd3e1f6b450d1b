from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.lint.conftest import found
from tests.lint.rules.flux_tree import SYNC, apps_repo

RULE = "missing-kustomization-entry"


def lint(lint_tree, files):
    return lint_tree(files, sync_paths=(SYNC,), select=[RULE])


def test_clean(lint_tree) -> None:
    files = apps_repo(
        **{
            "apps/kustomization.yaml": "resources:\n  - app.yaml\n  - sub\n"
            "  - https://github.com/o/r//base?ref=v1\n  - ${REMOTE}\n"
            "patches:\n  - path: patch.yaml\n",
            "apps/patch.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n",
            "apps/sub/kustomization.yaml": "resources: []\n",
        }
    )
    assert found(lint(lint_tree, files)) == []


def test_fires_on_a_missing_file_component_and_patch(lint_tree) -> None:
    files = apps_repo(
        **{
            "apps/kustomization.yaml": "resources:\n  - app.yaml\n  - gone.yaml\n"
            "components:\n  - ../components/gone\n"
            "patches:\n  - path: nopatch.yaml\n    target: {kind: ConfigMap}\n"
            "patchesStrategicMerge:\n  - old.yaml\n",
        }
    )
    report = lint(lint_tree, files)
    assert found(report) == [
        (RULE, "apps/kustomization.yaml", 3),
        (RULE, "apps/kustomization.yaml", 5),
        (RULE, "apps/kustomization.yaml", 7),
        (RULE, "apps/kustomization.yaml", 10),
    ]
    assert {f.severity for f in report.findings} == {"error"}
    assert "`resources` entry `gone.yaml` does not exist" in report.findings[0].message


def test_a_directory_without_kustomization(lint_tree) -> None:
    files = apps_repo(
        **{"apps/kustomization.yaml": "resources:\n  - app.yaml\n  - plain\n"},
        apps__plain__cm__yaml="apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    )
    report = lint(lint_tree, files)
    assert found(report) == [(RULE, "apps/kustomization.yaml", 3)]
    assert "without a kustomization.yaml" in report.findings[0].message


def test_unreached_kustomization_is_a_warning_until_the_clusters_are_known(lint_tree) -> None:
    files = apps_repo(**{"old/kustomization.yaml": "resources:\n  - longhorn\n"})
    assert found(lint(lint_tree, files)) == []  # no cluster applies it: not judged
    report = lint_tree(files, sync_paths=(), select=[RULE])
    assert found(report) == [(RULE, "old/kustomization.yaml", 2)]
    assert report.findings[0].severity == "warning"
    assert "no sync path applies" in report.findings[0].message


def test_suppressed(lint_tree) -> None:
    files = apps_repo(
        **{
            "apps/kustomization.yaml": "resources:\n  - app.yaml\n"
            "  # gitops-scaffold: disable=missing-kustomization-entry\n  - gone.yaml\n"
        }
    )
    assert found(lint(lint_tree, files)) == []


GENERATORS = (
    "resources:\n  - app.yaml\n"
    "configMapGenerator:\n"
    "  - name: dashboards\n"
    "    files:\n      - grafana.json\n      - alerts.json=rules/alerts.json\n"
    "      - gone.json\n      - key=rules/gone.json\n"
    "    envs:\n      - app.env\n      - gone.env\n"
    "  - name: old\n    env: gone-too.env\n"
    "  - name: literal\n    literals: [a=b]\n"
    "secretGenerator:\n"
    "  - name: creds\n    files:\n      - ${FILE}\n      - missing.txt\n"
)


def test_generator_inputs_that_are_not_there(lint_tree) -> None:
    files = apps_repo(
        **{
            "apps/kustomization.yaml": GENERATORS,
            "apps/grafana.json": "{}",
            "apps/rules/alerts.json": "{}",
            "apps/app.env": "A=b\n",
        }
    )
    report = lint(lint_tree, files)
    assert found(report) == [
        (RULE, "apps/kustomization.yaml", 8),
        (RULE, "apps/kustomization.yaml", 9),
        (RULE, "apps/kustomization.yaml", 12),
        (RULE, "apps/kustomization.yaml", 14),
        (RULE, "apps/kustomization.yaml", 21),
    ]
    messages = [f.message for f in report.findings]
    assert "`configMapGenerator` entry `rules/gone.json` does not exist" in messages[1]
    assert "`secretGenerator` entry `missing.txt` does not exist" in messages[4]


def test_generator_inputs_agree_with_kustomize(lint_tree, tmp_path) -> None:
    """kubectl kustomize fails on exactly the missing generator input."""
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed")
    base = {
        "kustomization.yaml": "configMapGenerator:\n  - name: c\n    files:\n      - a.json\n",
        "a.json": "{}",
    }
    for name, text in base.items():
        (tmp_path / name).write_text(text)
    ok = subprocess.run(["kubectl", "kustomize", str(tmp_path)], capture_output=True)
    (tmp_path / "a.json").unlink()
    broken = subprocess.run(["kubectl", "kustomize", str(tmp_path)], capture_output=True)
    assert (ok.returncode, broken.returncode != 0) == (0, True)
    files = apps_repo(
        **{"apps/kustomization.yaml": "resources:\n  - app.yaml\n" + base["kustomization.yaml"]}
    )
    assert found(lint(lint_tree, files)) == [(RULE, "apps/kustomization.yaml", 6)]
