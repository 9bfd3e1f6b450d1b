"""Rendering: the objects a directory builds to, as kustomize and Flux build it."""
