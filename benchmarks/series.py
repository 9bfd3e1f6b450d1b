"""The measured series: floor and lint runs, start-up, yamllint."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from fleet import HERE, linted_files, log
from measure import LintSupport, Sample, clear_caches, interpreter_of, lint_support
from measure import measure as run_measured

LINT_OK = frozenset({0, 1})  # 1 = findings; both are a completed lint
EMPTY_OK = frozenset({0, 1, 2})  # an empty repo may be a usage error; start-up is what counts


def compile_bytecode(python: str, env: dict[str, str]) -> None:
    """Compile the measured package's bytecode, as `pip install` does for a wheel.

    The baseline's packages (typer, yaml) are compiled at install; an editable install
    run with PYTHONDONTWRITEBYTECODE would otherwise compile every module on every run.
    """
    code = "import os, scaffold; print(os.path.dirname(scaffold.__file__))"
    found = subprocess.run([python, "-c", code], env=env, capture_output=True, text=True)
    if found.returncode == 0:
        subprocess.run([python, "-m", "compileall", "-q", found.stdout.strip()], env=env,
                       capture_output=True, check=False)


class Bench:
    """The executables, environment and work directory shared by every measure."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.cli = args.cli.resolve()
        self.python = interpreter_of(self.cli, sys.executable)
        self.work = args.work_dir.resolve()
        self.cache_home = self.work / "xdg-cache"
        config_home = self.work / "xdg-config"  # empty: yamllint falls back to its defaults
        config_home.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, "XDG_CACHE_HOME": str(self.cache_home),
                    "XDG_CONFIG_HOME": str(config_home)}
        self.lint_args: list[str] = list(args.lint_arg)
        compile_bytecode(self.python, self.env)
        self.support: LintSupport = lint_support(self.cli, self.env)

    def floor(self, repo: Path) -> Sample:
        """One run of the floor over the repo's linted files."""
        listing = self.work / f"{repo.name}.files"
        listing.write_text("\n".join(linted_files(repo)) + "\n", encoding="utf-8")
        return run_measured([self.python, str(HERE / "floor.py"), str(listing)], cwd=repo,
                            env=self.env)

    def lint(self, repo: Path, *extra: str, ok: frozenset[int] = LINT_OK) -> Sample:
        """One lint run in `repo`."""
        return run_measured([str(self.cli), "lint", *self.lint_args, *extra], cwd=repo,
                            env=self.env, ok_codes=ok)

    def cold(self, repo: Path) -> Sample:
        """Lint with no cache: --no-cache when offered, else after emptying the caches."""
        clear_caches(repo, self.cache_home)
        return self.lint(repo, "--no-cache") if self.support.no_cache else self.lint(repo)


def lint_series(bench: Bench, repo: Path, runs: int) -> dict[str, list[Sample]]:
    """Interleaved runs of floor, cold, first (cache empty), warm and one-file-changed."""
    series: dict[str, list[Sample]] = {k: [] for k in ("floor", "cold", "first", "warm", "changed")}
    release = next(p for p in linted_files(repo) if "/releases/" in p)
    original = (repo / release).read_text(encoding="utf-8")
    try:
        for n in range(runs):
            log(f"run {n + 1}/{runs}: floor, lint cold, warm, one file changed")
            series["floor"].append(bench.floor(repo))
            if not bench.support.available:
                continue
            series["cold"].append(bench.cold(repo))
            if bench.support.no_cache:  # cold left no cache behind: fill it, and time that
                clear_caches(repo, bench.cache_home)
                series["first"].append(bench.lint(repo))
            series["warm"].append(bench.lint(repo))
            # A new value each run, so exactly one file differs from what the cache holds.
            changed = original.replace("  interval: 10m\n", f"  interval: {11 + n}m\n", 1)
            (repo / release).write_text(changed, encoding="utf-8")
            series["changed"].append(bench.lint(repo))
    finally:
        (repo / release).write_text(original, encoding="utf-8")
    return series


def startup_series(bench: Bench, runs: int) -> dict[str, list[Sample]]:
    """Start-up: the import baseline, `--help`, and lint of an empty git repo."""
    empty = bench.work / "empty-repo"
    if not (empty / ".git").is_dir():
        empty.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "init", "-q", str(empty)], check=True)
    series: dict[str, list[Sample]] = {"import": [], "help": [], "empty": []}
    log(f"start-up: {runs} runs of import baseline, --help, lint of an empty repo")
    for _ in range(runs):
        series["import"].append(run_measured(
            [bench.python, "-c", "import typer, yaml"], cwd=empty, env=bench.env))
        series["help"].append(run_measured([str(bench.cli), "--help"], cwd=empty, env=bench.env))
        if bench.support.available:
            series["empty"].append(bench.lint(empty, ok=EMPTY_OK))
    return series


def yamllint_series(bench: Bench, repo: Path, runs: int) -> tuple[list[Sample], str]:
    """yamllint with its default config over the repo, if it is installed."""
    exe = shutil.which("yamllint", path=f"{Path(bench.python).parent}{os.pathsep}"
                       f"{os.environ.get('PATH', '')}")
    if exe is None:
        return [], "yamllint not installed"
    samples = []
    for n in range(runs):
        log(f"yamllint {n + 1}/{runs} (slow)")
        samples.append(run_measured([exe, "-f", "parsable", "."], cwd=repo, env=bench.env,
                                    ok_codes=frozenset({0, 1, 2})))
    return samples, ""


RENDER_OK = frozenset((0, 1))  # build and diff exit 1 when something was not rendered


def render_series(bench: Bench, repo: Path, runs: int) -> dict[str, list[Sample]]:
    """Interleaved runs of floor, build cold (caches emptied) and warm, and diff of the work
    tree against HEAD with one release file changed, cold and warm."""
    names = ("floor", "build cold", "build warm", "diff cold", "diff warm")
    series: dict[str, list[Sample]] = {k: [] for k in names}
    release = next(p for p in linted_files(repo) if "/releases/" in p)
    original = (repo / release).read_text(encoding="utf-8")

    def run(*args: str) -> Sample:
        return run_measured([str(bench.cli), *args], cwd=repo, env=bench.env, ok_codes=RENDER_OK)

    try:
        for n in range(runs):
            log(f"run {n + 1}/{runs}: floor, build cold and warm, diff cold and warm")
            series["floor"].append(bench.floor(repo))
            clear_caches(repo, bench.cache_home)
            series["build cold"].append(run("build"))
            series["build warm"].append(run("build"))
            changed = original.replace("  interval: 10m\n", f"  interval: {11 + n}m\n", 1)
            (repo / release).write_text(changed, encoding="utf-8")
            clear_caches(repo, bench.cache_home)
            series["diff cold"].append(run("diff", "HEAD"))
            series["diff warm"].append(run("diff", "HEAD"))
            (repo / release).write_text(original, encoding="utf-8")
    finally:
        (repo / release).write_text(original, encoding="utf-8")
    return series
