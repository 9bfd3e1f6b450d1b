"""The kustomization Flux writes before building, checked by building it with real kustomize."""

from __future__ import annotations

import shutil
import subprocess
import textwrap

import pytest
import yaml

from scaffold.model.render.flux.errors import FluxRenderError
from scaffold.model.render.flux.filesystem import DiskFileSystem, is_local_relative
from scaffold.model.render.flux.generator import generate, list_resources

KUBECTL = shutil.which("kubectl")
needs_kubectl = pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed")


def cm(name, **extra):
    doc = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": {"k": "v"}}
    doc.update(extra)
    return yaml.safe_dump(doc)


DEPLOY = textwrap.dedent(
    """\
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: app
      labels: {app: app}
    spec:
      selector: {matchLabels: {app: app}}
      template:
        metadata: {labels: {app: app}}
        spec:
          containers:
            - name: app
              image: ghcr.io/example/app
    """
)


def write(root, files):
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def flux_build(root, directory, spec):
    """Generate as Flux does, write the file where Flux writes it, build with kubectl."""
    generated = generate(DiskFileSystem(root), directory, spec)
    (root / generated.path).write_text(yaml.safe_dump(generated.document))
    result = subprocess.run(
        [KUBECTL, "kustomize", "--load-restrictor=LoadRestrictionsNone", str(root / directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return generated, [d for d in yaml.safe_load_all(result.stdout) if d]


def names(objects):
    return sorted(
        f"{o['kind']}/{o.get('metadata', {}).get('namespace', '')}/{o['metadata']['name']}"
        for o in objects
    )


def test_a_directory_without_kustomization_lists_its_manifests_in_walk_order(tmp_path):
    write(
        tmp_path,
        {
            "apps/b.yaml": cm("b"),
            "apps/a.yml": cm("a"),
            "apps/.yaml": cm("hidden"),
            "apps/sub/c.yaml": cm("c"),
            "apps/base/kustomization.yaml": "resources: [d.yaml]\n",
            "apps/base/d.yaml": cm("d"),
            "apps/base/ignored.yaml": cm("not-listed"),
            "apps/notes.txt": "not a manifest",
            "apps/values.YAML": "upper-case extension: not listed",
            "apps/.sops.yaml": "creation_rules: []\n",
            "apps/.gitlab-ci.yml": "stages: [test]\n",
            "apps/.github/workflows/ci.yaml": "on: push\n",
            "apps/empty/README.md": "nothing",
        },
    )
    assert list_resources(DiskFileSystem(tmp_path), "apps") == [
        "./.yaml", "./a.yml", "./b.yaml", "./base", "./sub/c.yaml",
    ]  # fmt: skip
    if KUBECTL:
        generated, objects = flux_build(tmp_path, "apps", {})
        assert generated.created
        assert names(objects) == [f"ConfigMap//{n}" for n in ("a", "b", "c", "d", "hidden")]


@needs_kubectl
def test_an_empty_directory_builds_to_nothing(tmp_path):
    (tmp_path / "empty").mkdir()
    generated, objects = flux_build(tmp_path, "empty", {})
    assert generated.document == {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "namespace": "_placeholder",
    }
    assert objects == []


@needs_kubectl
def test_target_namespace_goes_to_a_generated_kustomization(tmp_path):
    write(tmp_path, {"app/cm.yaml": cm("x")})
    _, objects = flux_build(tmp_path, "app", {"targetNamespace": "team"})
    assert names(objects) == ["ConfigMap/team/x"]


@needs_kubectl
def test_spec_overrides_namespace_prefix_and_suffix_of_an_existing_kustomization(tmp_path):
    write(
        tmp_path,
        {
            "app/kustomization.yaml": (
                "namespace: mine\nnamePrefix: a-\nnameSuffix: -z\nresources: [cm.yaml]\n"
            ),
            "app/cm.yaml": cm("x"),
        },
    )
    spec = {"targetNamespace": "theirs", "namePrefix": "b-", "nameSuffix": "-y"}
    generated, objects = flux_build(tmp_path, "app", spec)
    assert not generated.created and generated.path == "app/kustomization.yaml"
    assert names(objects) == ["ConfigMap/theirs/b-x-y"]


@needs_kubectl
def test_an_existing_kustomization_without_resources_gets_origin_annotations(tmp_path):
    write(
        tmp_path, {"gen/kustomization.yaml": "configMapGenerator:\n- name: g\n  literals: [a=b]\n"}
    )
    generated, objects = flux_build(tmp_path, "gen", {})
    assert generated.document["buildMetadata"] == ["originAnnotations"]
    [obj] = objects
    assert "config.kubernetes.io/origin" in obj["metadata"]["annotations"]


@needs_kubectl
def test_spec_patches_come_after_the_kustomization_patches_with_their_targets(tmp_path):
    write(
        tmp_path,
        {
            "app/kustomization.yaml": textwrap.dedent(
                """\
                resources: [a.yaml, b.yaml]
                patches:
                  - target: {kind: ConfigMap}
                    patch: |
                      - {op: add, path: /data/order, value: kustomization}
                """
            ),
            "app/a.yaml": cm("a", metadata={"name": "a", "labels": {"tier": "web"}}),
            "app/b.yaml": cm("b"),
        },
    )
    spec = {
        "patches": [
            {
                "patch": "- {op: replace, path: /data/order, value: flux}",
                "target": {"kind": "ConfigMap", "labelSelector": "tier=web"},
            }
        ]
    }
    generated, objects = flux_build(tmp_path, "app", spec)
    assert len(generated.document["patches"]) == 2
    by_name = {o["metadata"]["name"]: o["data"]["order"] for o in objects}
    assert by_name == {"a": "flux", "b": "kustomization"}


IMAGE_CASES = [
    (
        {"newTag": "v1.2.3"},
        {"newName": "registry.example.com/app"},
        "registry.example.com/app:v1.2.3",
    ),
    (
        {"newName": "registry.example.com/app"},
        {"newTag": "v2.0.0"},
        "registry.example.com/app:v2.0.0",
    ),
    ({"digest": "sha256:" + "a" * 64}, {"newTag": "v2.0.0"}, "ghcr.io/example/app:v2.0.0"),
    (
        {"newTag": "v1.2.3"},
        {"digest": "sha256:" + "b" * 64},
        "ghcr.io/example/app@sha256:" + "b" * 64,
    ),
    ({"newName": "r.example.com/app", "newTag": "v1"}, {}, "r.example.com/app:v1"),
    ({}, {"newTag": "v3"}, "ghcr.io/example/app:v3"),
]


@needs_kubectl
@pytest.mark.parametrize(("existing", "flux", "expected"), IMAGE_CASES)
def test_spec_images_merge_into_the_entry_of_the_same_name(tmp_path, existing, flux, expected):
    # fluxcd/pkg kustomize_generator_test.go Test_Images.
    name = "ghcr.io/example/app"
    kustomization = {"resources": ["deploy.yaml"]}
    if existing:
        kustomization["images"] = [{"name": name, **existing}]
    write(
        tmp_path,
        {"app/kustomization.yaml": yaml.safe_dump(kustomization), "app/deploy.yaml": DEPLOY},
    )
    _, [deploy] = flux_build(tmp_path, "app", {"images": [{"name": name, **flux}]})
    assert deploy["spec"]["template"]["spec"]["containers"][0]["image"] == expected


@needs_kubectl
def test_spec_components_are_appended_and_missing_ones_dropped_when_asked(tmp_path):
    component = (
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [cm.yaml]\n"
    )
    write(
        tmp_path,
        {
            "app/kustomization.yaml": "resources: [cm.yaml]\ncomponents: [../comp/a]\n",
            "app/cm.yaml": cm("app"),
            "comp/a/kustomization.yaml": component,
            "comp/a/cm.yaml": cm("from-a"),
            "comp/b/kustomization.yaml": component,
            "comp/b/cm.yaml": cm("from-b"),
        },
    )
    spec = {"components": ["../comp/b", "../comp/missing"], "ignoreMissingComponents": True}
    generated, objects = flux_build(tmp_path, "app", spec)
    assert generated.document["components"] == ["../comp/a", "../comp/b"]
    assert names(objects) == ["ConfigMap//app", "ConfigMap//from-a", "ConfigMap//from-b"]


@pytest.mark.parametrize(
    "component", ["https://github.com/x/y", "/abs/path", "file:///abs", "git@github.com:x/y"]
)
def test_a_remote_or_absolute_component_is_an_error(tmp_path, component):
    write(tmp_path, {"app/cm.yaml": cm("x")})
    with pytest.raises(FluxRenderError, match="must be local and relative"):
        generate(DiskFileSystem(tmp_path), "app", {"components": [component]})
    assert not is_local_relative(component)


@needs_kubectl
def test_the_round_trip_drops_unknown_fields_and_stringifies_scalars(tmp_path):
    # kubectl rejects this file as written; Flux first rewrites it through kustomize's types.
    write(
        tmp_path,
        {
            "app/Kustomization": (
                "Resources: [cm.yaml]\ncommonLabels: {version: 1.0, enabled: yes}\n"
                "resourcse: [typo.yaml]\n"
            ),
            "app/cm.yaml": cm("x"),
        },
    )
    as_written = subprocess.run(
        [KUBECTL, "kustomize", str(tmp_path / "app")], capture_output=True, text=True, check=False
    )
    assert as_written.returncode != 0
    generated, [obj] = flux_build(tmp_path, "app", {})
    assert generated.path == "app/Kustomization"
    assert generated.document == {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "commonLabels": {"enabled": "true", "version": "1"},
        "kind": "Kustomization",
        "resources": ["cm.yaml"],
    }
    assert obj["metadata"]["labels"] == {"enabled": "true", "version": "1"}


@pytest.mark.parametrize(
    ("kustomization", "message"),
    [
        ("resources: cm.yaml\n", "resources must be a list"),
        ("replicas: [{name: x, count: two}]\n", r"replicas\[0\]\.count must be an integer"),
        ("commonLabels: {a: {b: c}}\n", r"commonLabels\.a must be a string"),
        ("- a\n", "must be a mapping"),
    ],
)
def test_a_field_of_the_wrong_type_is_one_error_line(tmp_path, kustomization, message):
    write(tmp_path, {"app/kustomization.yaml": kustomization})
    with pytest.raises(FluxRenderError, match=message):
        generate(DiskFileSystem(tmp_path), "app", {})


@pytest.mark.parametrize(
    ("text", "message"),
    [("a: [b\n", "failed to decode Kubernetes YAML"), ("- a\n- b\n", "not a mapping")],
)
def test_a_file_kustomize_cannot_read_fails_the_generation(tmp_path, text, message):
    write(tmp_path, {"app/ok.yaml": cm("x"), "app/bad.yaml": text})
    with pytest.raises(FluxRenderError, match=f"app/bad.yaml.*{message}"):
        generate(DiskFileSystem(tmp_path), "app", {})


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"patches": [{"target": {"kind": "X"}}]}, r"spec\.patches\[0\]: a patch needs"),
        ({"patches": [{"patch": "x", "target": "X"}]}, r"target must be a mapping"),
        ({"images": ["app"]}, r"spec\.images\[0\] must be a mapping"),
        ({"targetNamespace": 3}, r"targetNamespace must be a string"),
        ({"components": "a"}, r"spec\.components must be a list"),
    ],
)
def test_a_malformed_spec_is_one_error_line(tmp_path, spec, message):
    write(tmp_path, {"app/cm.yaml": cm("x")})
    with pytest.raises(FluxRenderError, match=message):
        generate(DiskFileSystem(tmp_path), "app", spec)
