from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, found, tree


def test_fires_on_the_repeated_key(lint_tree) -> None:
    text = HELM_RELEASE.replace("  interval: 10m\n", "  interval: 10m\n  interval: 1h\n")
    report = lint_tree(tree(**{RELEASE_PATH: text}))
    [finding] = report.findings
    assert (finding.rule, finding.line, finding.column) == ("duplicate-key", 8, 3)
    assert "interval" in finding.message and "line 7" in finding.message


def test_fires_in_nested_and_sequence_mappings(lint_tree) -> None:
    text = "a:\n  - x: 1\n    x: 2\n"
    assert found(lint_tree(tree(**{"d.yaml": text}))) == [("duplicate-key", "d.yaml", 3)]


def test_distinct_keys_are_clean(lint_tree) -> None:
    assert found(lint_tree(tree(**{"d.yaml": "a: 1\nb: 1\nc: {a: 1}\n"}))) == []


def test_suppressed_on_the_line_above(lint_tree) -> None:
    text = "a: 1\n# gitops-scaffold: disable=duplicate-key\na: 2\n"
    assert found(lint_tree(tree(**{"d.yaml": text}))) == []


def test_suppressed_on_the_same_line(lint_tree) -> None:
    text = "a: 1\na: 2  # gitops-scaffold: disable=duplicate-key\n"
    assert found(lint_tree(tree(**{"d.yaml": text}))) == []


def test_other_rule_id_does_not_suppress(lint_tree) -> None:
    text = "a: 1\na: 2  # gitops-scaffold: disable=invalid-yaml\n"
    assert found(lint_tree(tree(**{"d.yaml": text}))) == [("duplicate-key", "d.yaml", 2)]


def test_a_key_that_could_be_a_secret_is_shown_by_position_only(lint_tree) -> None:
    token = "ghp_4f0e9c2a61d44c1b9b7e2a8d"
    texts = {
        "data.yaml": "kind: Secret\nstringData:\n  hunter2: a\n  hunter2: b\n",
        "values.yaml": "spec:\n  values:\n    nested:\n      s3kr1t: a\n      s3kr1t: b\n",
        "token.yaml": f"{token}: a\n{token}: b\n",
    }
    report = lint_tree(tree(**texts))
    messages = [f.message for f in report.findings if f.rule == "duplicate-key"]
    assert len(messages) == 3
    for message in messages:
        assert "the key at column" in message
        assert not any(word in message for word in ("hunter2", "s3kr1t", token))
    cached = repr(report.facts)  # nor in the cached facts
    assert not any(word in cached for word in ("hunter2", "s3kr1t", token))


KUSTOMIZATION_WITH_PATCH = """\
resources:
  - deployment.yaml
patches:
  - target:
      kind: Deployment
    patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: app
      spec:
        replicas: 2
        replicas: 3
"""

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec: {containers: [{name: a, image: a}]}
"""


def test_fires_inside_an_inline_patch_at_the_file_line(lint_tree, tmp_path) -> None:
    files = {
        "apps/kustomization.yaml": KUSTOMIZATION_WITH_PATCH,
        "apps/deployment.yaml": DEPLOYMENT,
    }
    report = lint_tree(files, select=["duplicate-key"], sync_paths=())
    [finding] = report.findings
    assert (finding.path, finding.line, finding.column) == ("apps/kustomization.yaml", 13, 9)
    assert "`replicas` is repeated in this inline patch (first at line 12)" in finding.message
    # kustomize, the oracle, builds it and drops the last value without a word
    for name, text in files.items():
        (tmp_path / name.split("/")[1]).write_text(text)
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed")
    built = subprocess.run(["kubectl", "kustomize", str(tmp_path)], capture_output=True, text=True)
    assert built.returncode == 0 and "replicas: 2\n" in built.stdout
    assert "replicas: 3" not in built.stdout + built.stderr


def test_fires_in_flux_and_post_renderer_patches(lint_tree) -> None:
    flux = (
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: a\n"
        'spec:\n  patches:\n    - patch: \'{"a": 1, "a": 2}\'\n'
    )
    release = HELM_RELEASE.replace(
        "  values:\n",
        "  postRenderers:\n    - kustomize:\n        patches:\n          - patch: |\n"
        "              - op: add\n                op: remove\n                path: /x\n"
        "  values:\n",
    )
    report = lint_tree(tree(**{"flux.yaml": flux, RELEASE_PATH: release}))
    assert sorted(found(report)) == [
        ("duplicate-key", RELEASE_PATH, 20),
        ("duplicate-key", "flux.yaml", 7),
    ]


def test_an_inline_patch_without_repeats_is_clean(lint_tree) -> None:
    text = KUSTOMIZATION_WITH_PATCH.replace("        replicas: 3\n", "")
    report = lint_tree({"apps/kustomization.yaml": text}, select=["duplicate-key"], sync_paths=())
    assert found(report) == []
