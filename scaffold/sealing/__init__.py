"""Sealed Secrets offline: scopes, and encryption exactly as kubeseal does it."""
