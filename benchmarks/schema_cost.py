"""What schema validation adds to lint's per-file pass: CPU time with it off and on.

    python benchmarks/schema_cost.py REPO [--files N] [--repeat 5]

Extracts the facts of every tracked YAML file of REPO (or the first N) in this one
process, alternating `check_schemas=False` and `True`, and prints the best CPU
time of each. CPU time, because wall time on a shared machine measures the others.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

from scaffold.model.facts.loader import no_cyclic_gc
from scaffold.model.facts.parse import ParseOptions, extract


def tracked_yaml(repo: Path, limit: int | None) -> list[tuple[str, bytes]]:
    """(path, bytes) of the repository's tracked YAML files."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "*.yaml", "*.yml"], cwd=repo, capture_output=True, check=True
    )
    names = [n for n in listed.stdout.decode().split("\0") if n][:limit]
    return [(name, (repo / name).read_bytes()) for name in names]


def cpu_seconds(files: list[tuple[str, bytes]], options: ParseOptions) -> float:
    """CPU time to extract the facts of every file."""
    with no_cyclic_gc():
        start = time.process_time()
        for name, data in files:
            extract(name, data, options)
        return time.process_time() - start


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--files", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = tracked_yaml(args.repo, args.files)
    best = {False: float("inf"), True: float("inf")}
    for _ in range(args.repeat):
        for check in (False, True):
            best[check] = min(best[check], cpu_seconds(files, ParseOptions(check_schemas=check)))
    for check, seconds in best.items():
        label = "on " if check else "off"
        per_file = 1000 * seconds / len(files)
        print(f"schemas {label}: {seconds:.3f} s CPU, {per_file:.4f} ms per file")
    print(f"{len(files)} files; added by schemas: {best[True] - best[False]:.3f} s CPU")


if __name__ == "__main__":
    main()
