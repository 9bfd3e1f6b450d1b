"""The data kustomize builds with (field specs, cluster-scoped types, merge keys), loaded once."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any


@functools.cache
def kustomize_data() -> dict[str, Any]:
    """The table `scripts/generate_kustomize_data.py` wrote (see data/NOTICE)."""
    text = resources.files(__package__).joinpath("data/kustomize.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def cluster_scoped() -> frozenset[str]:
    """`apiVersion/kind` of the types kustomize knows to be cluster-scoped."""
    return frozenset(kustomize_data()["clusterScoped"])


def field_specs(name: str) -> list[dict[str, Any]]:
    """The builtin field specs of one transformer (`commonLabels`, `nameReference`...)."""
    specs: list[dict[str, Any]] = kustomize_data()["fieldSpecs"].get(name, [])
    return specs
