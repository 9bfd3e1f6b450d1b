"""The repository model cross-file rules see: sync paths, kustomize view, objects."""
