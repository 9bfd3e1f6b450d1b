"""Plug a generated repository into `flux bootstrap`: check before, verify after."""

from __future__ import annotations

from scaffold.bootstrap.options import BootstrapOptions, Provider
from scaffold.bootstrap.run import bootstrap_repository

__all__ = ["BootstrapOptions", "Provider", "bootstrap_repository"]
