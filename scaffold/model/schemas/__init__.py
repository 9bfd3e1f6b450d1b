"""Offline validation of Flux objects against the schemas of Flux's own CRDs."""
