"""What kustomize rejects is one problem naming the file; what is not reproduced, not rendered."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scaffold.model.render import accumulate
from scaffold.model.render.build import Build, build_directory
from scaffold.model.render.reader import WorkTreeReader
from tests.model.render.oracle import kustomize_all, needs_kubectl

CONFIGMAP = {
    "apiVersion": "v1",
    "kind": "ConfigMap",
    "metadata": {"name": "cm"},
    "data": {"a": "1"},
}


def tree(root: Path, files: dict[str, object]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else yaml.safe_dump(content))
    return root


def build(root: Path, directory: str = "") -> Build:
    return build_directory(WorkTreeReader(root), directory)


def one_problem(result: Build) -> str:
    assert result.objects == [] and result.not_rendered == []
    assert len(result.problems) == 1
    return str(result.problems[0])


UNTARGETED = {
    "apiVersion": "v1",
    "kind": "ConfigMap",
    "metadata": {"name": "nope"},
    "data": {"b": "2"},
}
TARGETED = [{"op": "add", "path": "/data/b", "value": "2"}]


def test_a_patch_matching_nothing_is_one_problem_at_its_entry(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "cm.yaml": CONFIGMAP,
            "kustomization.yaml": {
                "resources": ["cm.yaml"],
                "patches": [{"patch": yaml.safe_dump(UNTARGETED)}],
            },
        },
    )
    message = one_problem(build(tmp_path))
    assert message.startswith("kustomization.yaml:2:3:")
    assert "no resource matches strategic merge patch" in message


def test_a_targeted_patch_matching_nothing_changes_nothing(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "cm.yaml": CONFIGMAP,
            "kustomization.yaml": {
                "resources": ["cm.yaml"],
                "patches": [
                    {
                        "target": {"kind": "ConfigMap", "name": "nope"},
                        "patch": yaml.safe_dump(TARGETED),
                    }
                ],
            },
        },
    )
    result = build(tmp_path)
    assert result.ok and result.objects == [CONFIGMAP]


@needs_kubectl
def test_kustomize_itself_rejects_only_the_untargeted_patch(tmp_path: Path) -> None:
    untargeted = tree(
        tmp_path / "a",
        {
            "cm.yaml": CONFIGMAP,
            "kustomization.yaml": {
                "resources": ["cm.yaml"],
                "patches": [{"patch": yaml.safe_dump(UNTARGETED)}],
            },
        },
    )
    targeted = tree(
        tmp_path / "b",
        {
            "cm.yaml": CONFIGMAP,
            "kustomization.yaml": {
                "resources": ["cm.yaml"],
                "patches": [
                    {
                        "target": {"kind": "ConfigMap", "name": "nope"},
                        "patch": yaml.safe_dump(TARGETED),
                    }
                ],
            },
        },
    )
    oracle = kustomize_all([untargeted, targeted])
    assert not oracle[untargeted].ok and "no resource matches" in oracle[untargeted].error
    assert oracle[targeted].ok and oracle[targeted].objects == [CONFIGMAP]


@needs_kubectl
def test_a_kustomization_of_only_its_type_and_nulls_is_empty_as_kustomize_says(
    tmp_path: Path,
) -> None:
    head = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
    cases = {
        "typed": (head + "resources:\n", True),
        "nulls": ("resources:\npatches:\n", True),
        "type-only": (head, True),
        "empty-list": (head + "resources: []\n", False),
        "named": ("metadata:\n  name: x\nresources: ~\n", False),
    }
    for name, (text, _) in cases.items():
        tree(tmp_path / name, {"kustomization.yaml": text})
    oracle = kustomize_all([tmp_path / name for name in cases])
    for name, (_, empty) in cases.items():
        assert oracle[tmp_path / name].ok is not empty, name
        result = build(tmp_path / name)
        assert (one_problem(result) if empty else result.problems) == (
            "kustomization.yaml: kustomization.yaml is empty" if empty else []
        ), name


def test_a_cycle_of_kustomizations_is_one_problem_naming_it(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "a/kustomization.yaml": {"resources": ["../b"]},
            "b/kustomization.yaml": {"resources": ["../a"]},
        },
    )
    message = one_problem(build(tmp_path, "a"))
    assert message.startswith("b/kustomization.yaml:2:")
    assert "a cycle of kustomizations: a -> b -> a" in message


def test_a_missing_resource_is_one_problem_at_its_line(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "kustomization.yaml": "resources:\n  - here.yaml\n  - gone.yaml\n",
            "here.yaml": CONFIGMAP,
        },
    )
    assert one_problem(build(tmp_path)) == (
        "kustomization.yaml:3:5: resources entry 'gone.yaml' does not exist"
    )


def test_a_missing_generator_file_is_one_problem(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {"kustomization.yaml": {"configMapGenerator": [{"name": "c", "files": ["x.txt"]}]}},
    )
    message = one_problem(build(tmp_path))
    assert message == "kustomization.yaml:2:3: configMapGenerator c: x.txt does not exist"


@pytest.mark.parametrize("patch", ["just words", "[1, 2]", "- a\n- b\n"])
def test_a_patch_that_is_no_mapping_is_one_problem(tmp_path: Path, patch: str) -> None:
    tree(
        tmp_path,
        {
            "cm.yaml": CONFIGMAP,
            "kustomization.yaml": {
                "resources": ["cm.yaml"],
                "patches": [{"target": {"kind": "ConfigMap"}, "patch": patch}],
            },
        },
    )
    message = one_problem(build(tmp_path))
    assert message.startswith("kustomization.yaml:2:3:")
    assert "patch" in message


def test_invalid_yaml_in_a_resource_names_the_file_and_line(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "kustomization.yaml": {"resources": ["bad.yaml"]},
            "bad.yaml": "kind: ConfigMap\nmetadata: {name: [\n",
        },
    )
    assert one_problem(build(tmp_path)).startswith("bad.yaml:3:")


def test_an_over_limit_build_is_one_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(accumulate, "MAX_OBJECTS", 3)
    docs = "".join(
        f"---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\n" for i in range(5)
    )
    tree(tmp_path, {"kustomization.yaml": {"resources": ["many.yaml"]}, "many.yaml": docs})
    assert "more than 3 objects" in one_problem(build(tmp_path))


@pytest.mark.parametrize(
    ("field", "reason"),
    [
        ("helmCharts", "helmCharts"),
        ("transformers", "KRM transformer plugins"),
        ("generators", "KRM generator plugins"),
        ("validators", "KRM validator plugins"),
        ("someFutureField", "unknown kustomization field 'someFutureField'"),
    ],
)
def test_what_is_not_implemented_is_not_rendered(tmp_path: Path, field: str, reason: str) -> None:
    tree(tmp_path, {"kustomization.yaml": {"resources": [], field: [{"name": "x"}]}})
    result = build(tmp_path)
    assert result.objects == [] and result.problems == []
    assert (
        result.not_rendered == [f"kustomization.yaml: {reason}"] or reason in result.not_rendered[0]
    )


def test_a_remote_base_is_not_rendered(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {"kustomization.yaml": {"resources": ["https://github.com/org/repo//base?ref=v1"]}},
    )
    assert build(tmp_path).not_rendered == [
        "kustomization.yaml: remote resource https://github.com/org/repo//base?ref=v1"
    ]
