"""Random kustomization trees for the differential test: a base, a component, an overlay."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml


def _deployment(rng: random.Random, name: str) -> dict[str, Any]:
    containers = [
        {
            "name": c,
            "image": rng.choice(
                ["nginx", "nginx:1.25", "ghcr.io/org/app:v1", "busybox@sha256:abc"]
            ),
            "env": [
                {"name": "MODE", "value": c},
                {"name": "CFG", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "k"}}},
            ],
            "ports": [{"containerPort": 8080 + i}],
            "envFrom": [{"secretRef": {"name": "sec"}}],
            "volumeMounts": [{"name": "data", "mountPath": f"/data/{c}"}],
        }
        for i, c in enumerate(rng.sample(["app", "sidecar", "proxy"], rng.randint(1, 3)))
    ]
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {
            "replicas": rng.randint(1, 3),
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {
                    "serviceAccountName": "sa",
                    "containers": containers,
                    "volumes": [
                        {"name": "data", "configMap": {"name": "cfg"}},
                        {"name": "secret", "secret": {"secretName": "sec"}},
                    ],
                },
            },
        },
    }


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, list):
        path.write_text(yaml.safe_dump_all(data, sort_keys=False))
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False))


def _smp(rng: random.Random, name: str) -> dict[str, Any]:
    container: dict[str, Any] = {"name": rng.choice(["app", "sidecar", "extra"])}
    choice = rng.randint(0, 3)
    if choice == 0:
        container["image"] = "patched:v2"
    elif choice == 1:
        container["env"] = [{"name": "MODE", "value": "patched"}, {"name": "NEW", "value": "1"}]
    elif choice == 2:
        container["$patch"] = "delete"
    else:
        container["resources"] = {"limits": {"cpu": "100m"}}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "annotations": {"patched": "yes"}},
        "spec": {"template": {"spec": {"containers": [container]}}},
    }


def make_case(root: Path, seed: int) -> Path:
    """Write one random tree under `root`; the directory to build."""
    rng = random.Random(seed)
    base, comp, overlay = root / "base", root / "comp", root / "overlay"
    names = rng.sample(["web", "api", "worker"], rng.randint(1, 2))
    _write(base / "deploy.yaml", [_deployment(rng, n) for n in names])
    _write(
        base / "service.yaml",
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": names[0]},
            "spec": {"ports": [{"port": 80}]},
        },
    )
    _write(
        base / "sa.yaml", {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "sa"}}
    )
    (base / "app.properties").write_text("a=1\nb=two\n")
    base_k: dict[str, Any] = {
        "resources": ["deploy.yaml", "service.yaml", "sa.yaml"],
        "configMapGenerator": [
            {"name": "cfg", "literals": ["k=v", f"seed={seed}"], "files": ["app.properties"]}
        ],
        "secretGenerator": [{"name": "sec", "literals": ["password=s3cr3t"]}],
    }
    if rng.random() < 0.5:
        base_k["commonLabels"] = {"tier": "backend"}
    if rng.random() < 0.3:
        base_k["generatorOptions"] = {"disableNameSuffixHash": True}
    if rng.random() < 0.5:
        base_k["namePrefix"] = "base-"
    _write(base / "kustomization.yaml", base_k)
    comp_k: dict[str, Any] = {"apiVersion": "kustomize.config.k8s.io/v1alpha1", "kind": "Component"}
    comp_k["patches"] = [
        {
            "target": {"kind": "Deployment"},
            "patch": yaml.safe_dump(
                {
                    "apiVersion": "apps/v1",
                    "kind": "Deployment",
                    "metadata": {"name": "any"},
                    "spec": {"template": {"metadata": {"annotations": {"component": "on"}}}},
                }
            ),
        }
    ]
    comp_k["configMapGenerator"] = [{"name": "extra", "literals": ["from=component"]}]
    _write(comp / "kustomization.yaml", comp_k)
    k: dict[str, Any] = {"resources": ["../base"]}
    if rng.random() < 0.5:
        k["components"] = ["../comp"]
    if rng.random() < 0.6:
        k["namespace"] = rng.choice(["prod", "team-a"])
    if rng.random() < 0.5:
        k["namePrefix"] = "p-"
    if rng.random() < 0.5:
        k["nameSuffix"] = "-s"
    if rng.random() < 0.5:
        k["labels"] = [
            {
                "pairs": {"env": "prod"},
                "includeSelectors": rng.random() < 0.5,
                "includeTemplates": rng.random() < 0.5,
            }
        ]
    if rng.random() < 0.4:
        k["commonAnnotations"] = {"owner": "team"}
    if rng.random() < 0.5:
        k["images"] = [
            {"name": "nginx", "newTag": "1.27"},
            {"name": "ghcr.io/org/app", "newName": "registry.local/app", "digest": "sha256:1"},
        ]
    if rng.random() < 0.4:
        k["replicas"] = [{"name": names[0], "count": 5}]
    patches: list[dict[str, Any]] = []
    for name in names:
        if rng.random() < 0.6:
            patches.append({"patch": yaml.safe_dump(_smp(rng, name))})
    if rng.random() < 0.5:
        patches.append(
            {
                "target": {"kind": "Deployment", "name": names[0]},
                "patch": yaml.safe_dump(
                    [
                        {"op": "replace", "path": "/spec/replicas", "value": 7},
                        {"op": "add", "path": "/metadata/labels/json", "value": "patched"},
                    ]
                ),
            }
        )
    if rng.random() < 0.3:
        patches.append(
            {
                "target": {"kind": "Service", "labelSelector": "tier=backend"},
                "patch": yaml.safe_dump([{"op": "add", "path": "/spec/type", "value": "NodePort"}]),
            }
        )
    if patches:
        k["patches"] = patches
    if rng.random() < 0.5:
        k["configMapGenerator"] = [
            {"name": "cfg", "behavior": rng.choice(["merge", "replace"]), "literals": ["k=overlay"]}
        ]
    _write(overlay / "kustomization.yaml", k)
    return overlay
