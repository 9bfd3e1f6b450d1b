"""Small Flux repositories for the rules that read the Kustomization graph."""

from __future__ import annotations

SYNC = "clusters/dev"


def kustomization(
    name: str,
    path: str,
    *,
    source: str = "GitRepository/flux-system",
    namespace: str = "flux-system",
    spec: str = "",
) -> str:
    """A Flux Kustomization document."""
    kind, _, source_name = source.partition("/")
    return (
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
        f"metadata:\n  name: {name}\n  namespace: {namespace}\n"
        f"spec:\n  interval: 10m\n  path: {path}\n  prune: true\n"
        f"  sourceRef:\n    kind: {kind}\n    name: {source_name}\n{spec}"
    )


def config_map(name: str, namespace: str | None = None, data: str = "") -> str:
    """A ConfigMap document."""
    ns = f"\n  namespace: {namespace}" if namespace else ""
    body = f"data:\n{data}" if data else ""
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}{ns}\n{body}"


def apps_repo(**extra: str) -> dict[str, str]:
    """A cluster syncing `clusters/dev` that applies `apps/` through Kustomization `apps`."""
    files = {
        f"{SYNC}/apps.yaml": kustomization("apps", "./apps"),
        "apps/kustomization.yaml": "resources:\n  - app.yaml\n",
        "apps/app.yaml": config_map("app", "default"),
    }
    files.update({k.replace("__", "/"): v for k, v in extra.items()})
    return files
