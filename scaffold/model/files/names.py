"""What a file's name alone tells lint: whether it is YAML, whether kustomize reads it."""

from __future__ import annotations

YAML_SUFFIXES = (".yaml", ".yml")
# The names kustomize looks for in a directory, in its order.
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "kustomization")


def is_yaml(path: str) -> bool:
    """Whether lint parses the file at `path`."""
    return path.lower().endswith(YAML_SUFFIXES)
