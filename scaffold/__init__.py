"""gitops-scaffold: lay out, check and bootstrap a Flux CD GitOps repository."""

__version__ = "0.1.0"
