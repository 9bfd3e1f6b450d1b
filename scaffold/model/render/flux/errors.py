"""The error a Flux controller would stop on, as one line naming what to fix."""

from __future__ import annotations

from scaffold.errors import ScaffoldError


class FluxRenderError(ScaffoldError):
    """kustomize-controller or helm-controller would reject this input."""
