"""The generated repositories the harness measures: made once, kept, reset before use."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import generate

HERE = Path(__file__).resolve().parent


def log(message: str) -> None:
    """Progress on stderr."""
    print(message, file=sys.stderr, flush=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def repo_for(work: Path, clusters: int, components: int, seed: int) -> Path:
    """The generated repo for these parameters: made once, kept while the generator is unchanged."""
    source = b"".join((HERE / n).read_bytes() for n in ("generate.py", "manifests.py"))
    key = f"fleet-{clusters}x{components}-s{seed}-{hashlib.sha256(source).hexdigest()[:10]}"
    repo = work / key
    if repo.is_dir():
        # A previous run may have been interrupted mid-edit: put the commit back.
        subprocess.run(["git", "reset", "--hard", "-q"], cwd=repo, check=True)
        subprocess.run(["git", "clean", "-fdxq"], cwd=repo, check=True)
        return repo
    for stale in work.glob(f"{key}.partial-*"):  # left by an interrupted run
        if not _alive(int(stale.name.rsplit("-", 1)[1])):
            shutil.rmtree(stale, ignore_errors=True)
    partial = work / f"{key}.partial-{os.getpid()}"
    log(f"generating {clusters} x {components} (seed {seed}) in {repo} ...")
    summary = generate.generate(partial, clusters, components, seed)
    partial.rename(repo)
    log(f"  {summary['manifests']} manifests, {summary['bytes']:,} bytes, {summary['seconds']} s")
    return repo


def linted_files(repo: Path) -> list[str]:
    """Tracked plus untracked-not-ignored YAML files: what the linter reads."""
    done = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=repo, capture_output=True, check=True,
    )
    names = {n for n in done.stdout.decode("utf-8").split("\0") if n.endswith((".yaml", ".yml"))}
    return sorted(names)
