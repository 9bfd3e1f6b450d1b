"""Flux's layer over kustomize: generated kustomizations, postBuild, Helm values, Secrets."""
