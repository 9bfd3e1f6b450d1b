"""The one model of a repository every command reads: files and their facts, kustomize
builds, Flux sources and Kustomizations, what each cluster applies, and references."""
