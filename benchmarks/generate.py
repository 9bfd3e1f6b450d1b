"""Generate a seeded synthetic Flux monorepo in the gitops-scaffold layout, as one git commit.

    python benchmarks/generate.py OUT [--clusters 20] [--components 250] [--seed 1] [--faults 0]

N clusters x M components, each component three manifests under
`clusters/<cluster>/helm/{repositories,releases,secrets}/`: 3 x N x M manifests
(20 x 250 = 15,000, about 50 MB). Each cluster also gets its Copier answers file,
and the root the `.gitignore` block. Same parameters, same bytes and same commit.

`--faults K` plants K of each known fault (see FAULTS) for tests that compare findings;
a JSON summary listing every planted fault goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import manifests

GITIGNORE = (
    "# Ignore all YAML files containing the `-values-` string.\n*-values-*.yaml\n\n"
    "# Do not ignore sealed YAML files.\n!*-sealed.yaml\n"
)
# Fixed identity and dates make the commit id a function of the content alone.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}
FAULTS = (
    "plaintext-secret", "unresolved-source-ref", "removed-api-version",
    "removed-source-api-version", "duplicate-key", "invalid-yaml", "missing-values-secret",
    "committed-values-file", "misnamed-release-file",
)


def cluster_name(index: int) -> str:
    """The name of cluster `index`; its sync path is clusters/<name>."""
    return f"cluster-{index:02d}"


def answers(sync_path: str, primary: bool) -> str:
    """A Copier answers file as `gitops-scaffold new` writes it for one cluster."""
    return (
        "# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY\n"
        "_commit: v0.1.0\n_src_path: https://github.com/gitops-scaffold/gitops-scaffold\n"
        "branch: main\nci: github\ngit_provider: github\nhostname: ''\n"
        f"manage_root_files: {'true' if primary else 'false'}\nowner: fleet\npersonal: false\n"
        f"pre_commit: true\nprivate: true\nrepository: fleet\nsync_path: {sync_path}\n"
    )


Slot = tuple[str, int]  # (cluster name, component index)
Index = dict[Slot, dict[str, str]]  # slot -> folder (repositories, releases, secrets) -> path


def component_files(seed: int, cluster: str, index: int) -> dict[str, tuple[str, str]]:
    """The three manifests of one component: folder -> (path from the repo root, text)."""
    # Seeding per component keeps a component's bytes independent of N and M.
    rng = random.Random(f"{seed}/{cluster}/{index}")
    c = manifests.make_component(rng, index)
    base = f"clusters/{cluster}/helm"
    release = manifests.helm_release(rng, c)
    return {
        "repositories": (f"{base}/repositories/{c.repository}.yaml", manifests.helm_repository(c)),
        "releases": (f"{base}/releases/{c.release}-v{c.version}.yaml", release),
        "secrets": (f"{base}/secrets/{c.secret}-sealed.yaml", manifests.sealed_secret(rng, c)),
    }


def build_tree(seed: int, clusters: int, components: int) -> tuple[dict[str, str], Index]:
    """Every file of the repository (relative path -> text) and where each component lives."""
    files = {".gitignore": GITIGNORE}
    index: Index = {}
    for n in range(clusters):
        name = cluster_name(n)
        sync_path = f"clusters/{name}"
        answers_file = ".copier-answers.yml" if n == 0 else f".copier-answers.clusters.{name}.yml"
        files[answers_file] = answers(sync_path, primary=n == 0)
        for m in range(components):
            paths = index[(name, m)] = {}
            for folder, (path, text) in component_files(seed, name, m).items():
                files[path] = text
                paths[folder] = path
    return files, index


def _edit(files: dict[str, str], path: str, old: str, new: str) -> str:
    if old not in files[path]:
        raise ValueError(f"{path}: cannot plant a fault, {old!r} not found")
    files[path] = files[path].replace(old, new, 1)
    return path


# fault kind -> (folder of the file it edits, text replaced, replacement)
EDITS = {
    "removed-api-version": ("releases", "helm.toolkit.fluxcd.io/v2\n",
                            "helm.toolkit.fluxcd.io/v2beta1\n"),
    "unresolved-source-ref": ("releases", "HelmRepository\n        name: ",
                              "HelmRepository\n        name: missing-"),
    "duplicate-key": ("releases", "  interval: 10m\n", "  interval: 10m\n  interval: 5m\n"),
    "invalid-yaml": ("releases", "spec:\n", "  labels: app: broken\nspec:\n"),
    "missing-values-secret": ("releases", "- kind: Secret\n      name: ",
                              "- kind: Secret\n      name: missing-"),
    "removed-source-api-version": ("repositories", "source.toolkit.fluxcd.io/v1\n",
                                   "source.toolkit.fluxcd.io/v1beta2\n"),
}


def plant(files: dict[str, str], kind: str, paths: dict[str, str]) -> str:
    """Plant one fault of `kind` in the component at `paths`; return the path it touched."""
    if kind in EDITS:
        folder, old, new = EDITS[kind]
        return _edit(files, paths[folder], old, new)
    if kind == "plaintext-secret":
        path = paths["secrets"]
        name = path.rsplit("/", 1)[1].removesuffix("-sealed.yaml")
        files[path] = (
            "apiVersion: v1\nkind: Secret\nmetadata:\n"
            f"  name: {name}\n  namespace: {name.removesuffix('-values')}\n"
            "stringData:\n  values.yaml: |\n    adminPassword: hunter2\n"
        )
        return path
    if kind == "committed-values-file":
        path = paths["releases"].rsplit("-v", 1)[0] + "-values-prod.yaml"
        files[path] = "adminPassword: hunter2\napiKey: plaintext-key\n"
        return path
    if kind == "misnamed-release-file":  # <chart>-v<version>.yaml loses its version
        old = paths["releases"]
        path = paths["releases"] = old.rsplit("-v", 1)[0] + ".yaml"
        files[path] = files.pop(old)
        return path
    raise ValueError(f"unknown fault {kind!r}")


def plant_faults(
    files: dict[str, str], index: Index, seed: int, per_kind: int
) -> list[dict[str, str]]:
    """Plant `per_kind` faults of every kind, each in a component of its own."""
    slots = sorted(index)
    wanted = per_kind * len(FAULTS)
    if wanted > len(slots):
        raise SystemExit(f"--faults {per_kind} needs {wanted} components; there are {len(slots)}")
    chosen = random.Random(f"{seed}/faults").sample(slots, wanted)
    planted = []
    for i, slot in enumerate(chosen):
        kind = FAULTS[i % len(FAULTS)]
        planted.append({"kind": kind, "path": plant(files, kind, index[slot])})
    return planted


def git(root: Path, *args: str) -> str:
    """Run git in `root` with the fixed identity; return stdout."""
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed in {root}: {done.stderr.strip()}")
    return done.stdout


def write_repo(out: Path, files: dict[str, str], forced: list[str]) -> str:
    """Write `files` into the new directory `out`, commit them, return the commit id."""
    out.mkdir(parents=True)
    made: set[Path] = set()
    for rel, text in files.items():
        path = out / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(text.encode("utf-8"))
    git(out, "init", "--quiet", "--initial-branch=main")
    git(out, "add", "-A")
    if forced:  # the faults that are git-ignored files committed anyway
        git(out, "add", "--force", "--", *forced)
    git(out, "-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "-m", "fleet")
    return git(out, "rev-parse", "HEAD").strip()


def generate(
    out: Path, clusters: int, components: int, seed: int, faults: int = 0
) -> dict[str, object]:
    """Generate the repository at `out` (which must not exist); return a summary."""
    if out.exists():
        raise SystemExit(f"{out} already exists; choose a new directory (nothing was written)")
    started = time.perf_counter()
    files, index = build_tree(seed, clusters, components)
    planted = plant_faults(files, index, seed, faults) if faults else []
    forced = [f["path"] for f in planted if f["kind"] == "committed-values-file"]
    commit = write_repo(out, files, forced)
    manifests_count = sum(1 for p in files if p.startswith("clusters/"))
    return {
        "root": str(out), "seed": seed, "clusters": clusters, "components": components,
        "manifests": manifests_count, "files": len(files),
        "bytes": sum(len(t.encode("utf-8")) for t in files.values()),
        "commit": commit, "seconds": round(time.perf_counter() - started, 2), "faults": planted,
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: print the summary as JSON on stdout."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="directory to create (must not exist)")
    parser.add_argument("--clusters", type=int, default=20)
    parser.add_argument("--components", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--faults", type=int, default=0, metavar="K",
                        help=f"plant K faults of each kind: {', '.join(FAULTS)}")
    args = parser.parse_args(argv)
    if args.clusters < 1 or args.components < 1 or args.faults < 0:
        parser.error("--clusters and --components must be >= 1, --faults >= 0")
    summary = generate(args.out, args.clusters, args.components, args.seed, args.faults)
    json.dump(summary, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
