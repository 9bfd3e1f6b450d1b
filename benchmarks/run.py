"""Benchmark `gitops-scaffold lint` against the speed of the YAML parser, in one invocation.

    python benchmarks/run.py [--clusters 20 --components 250] [--runs 5] [--yamllint] [--scaling]
                             [--render]

Generates (or reuses) a synthetic monorepo, then measures medians of: the floor
(one process loading every linted file with libyaml), lint cold, warm, warm after
one changed file, optionally yamllint and `build`/`diff` (--render), and start-up
(`--help`, lint of an empty repo) against `python -c "import typer, yaml"`; plus the peak
RSS of the largest process.
Prints a Markdown table on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import report
from fleet import linted_files, log, repo_for
from measure import BenchError, LintSupport, Sample
from series import Bench, lint_series, render_series, startup_series, yamllint_series

SCALING = ((2, 250), (20, 250), (80, 250))  # 1,500 / 15,000 / 60,000 manifests


def lint_rows(series: dict[str, list[Sample]], support: LintSupport) -> list[report.Row]:
    """Rows 1-4 and 7 of the issue's table (and the cache-filling first run)."""
    floor = report.median_seconds(series["floor"])
    na = "" if support.available else "n/a (lint not available)"
    rows = [report.timed_row("floor: libyaml load of every linted file", series["floor"], floor,
                             None)]
    cold_name = "lint cold (--no-cache)" if support.no_cache else "lint cold (caches emptied)"
    rows.append(report.timed_row(cold_name, series["cold"], floor, 0.5, na))
    if support.no_cache:
        rows.append(report.timed_row("lint, empty cache (fills it)", series["first"], floor, None))
    rows.append(report.timed_row("lint warm (nothing changed)", series["warm"], floor, 0.05, na))
    rows.append(report.timed_row("lint warm, one file changed", series["changed"], floor, 0.15,
                                 na))
    rows.append(report.memory_row("peak RSS, largest process, cold", report.peak_mb(series["cold"]),
                                  400, na))
    rows.append(report.memory_row("peak RSS, largest process, warm", report.peak_mb(series["warm"]),
                                  None, na))
    return rows


def findings_note(series: dict[str, list[Sample]]) -> str:
    """Whether every lint of the unchanged tree printed the same findings."""
    names = [k for k in ("cold", "first", "warm") if series[k]]
    digests = {s.stdout_sha256 for k in names for s in series[k]}
    if not digests:
        return ""
    runs = ", ".join(names)
    if len(digests) == 1:
        return f"Findings (stdout) identical across the {runs} runs."
    return f"WARNING: lint printed different findings across the {runs} runs."


def render_rows(series: dict[str, list[Sample]]) -> list[report.Row]:
    """build cold and warm, diff (one file changed) cold and warm, against the floor."""
    floor = report.median_seconds(series["floor"])
    return [
        report.timed_row("build, every cluster, cold", series["build cold"], floor, 1.0),
        report.timed_row("build, every cluster, warm (nothing changed)", series["build warm"],
                         floor, 0.10),
        report.timed_row("diff HEAD, one file changed, cold", series["diff cold"], floor, 0.6),
        report.timed_row("diff HEAD, one file changed, warm", series["diff warm"], floor, 0.10),
    ]


def startup_rows(series: dict[str, list[Sample]], available: bool) -> list[report.Row]:
    """Row 6: start-up against the import baseline."""
    base = report.median_seconds(series["import"])
    na = "" if available else "n/a (lint not available)"
    return [
        report.timed_row('baseline: python -c "import typer, yaml"', series["import"], base, None),
        report.timed_row("gitops-scaffold --help", series["help"], base, 2.0),
        report.timed_row("gitops-scaffold lint, empty repo", series["empty"], base, 1.5, na),
    ]


def _per_file(samples: list[Sample], files: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds per file."""
    wall = report.median_seconds(samples) or 0.0
    cpu = report.median_cpu(samples) or 0.0
    return 1000 * wall / files, 1000 * cpu / files


def scaling(bench: Bench, seed: int, runs: int) -> tuple[str, list[dict[str, float]]]:
    """Cold lint (and the floor) at 1,500 / 15,000 / 60,000 manifests: time per file."""
    points = []
    for clusters, components in SCALING:
        repo = repo_for(bench.work, clusters, components, seed)
        files = len(linted_files(repo))
        log(f"scaling: {files:,} files, {runs} runs of floor and lint cold")
        floor = _per_file([bench.floor(repo) for _ in range(runs)], files)
        cold = _per_file([bench.cold(repo) for _ in range(runs)], files) if (
            bench.support.available) else (0.0, 0.0)
        points.append({"files": files, "floor_ms_per_file": floor[0], "floor_cpu_ms_per_file":
                       floor[1], "cold_ms_per_file": cold[0], "cold_cpu_ms_per_file": cold[1]})
    lines = ["| files | floor ms/file (CPU) | lint cold ms/file (CPU) |", "|---:|---:|---:|"]
    for p in points:
        cold_cell = (f"{p['cold_ms_per_file']:.3f} ({p['cold_cpu_ms_per_file']:.3f})"
                     if bench.support.available else "n/a")
        lines.append(f"| {p['files']:,.0f} | {p['floor_ms_per_file']:.3f} "
                     f"({p['floor_cpu_ms_per_file']:.3f}) | {cold_cell} |")
    key = "cold_ms_per_file" if bench.support.available else "floor_ms_per_file"
    spread = max(p[key] for p in points) / min(p[key] for p in points)
    verdict = "pass" if spread <= 1.3 else "FAIL"
    lines.append(f"\nLargest / smallest wall time per file ({key}): {spread:.2f} "
                 f"(target <= 1.30, i.e. within +-30%): {verdict}")
    return "\n".join(lines), points


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cli", type=Path, default=Path(sys.executable).parent / "gitops-scaffold",
                        help="the gitops-scaffold executable to measure")
    parser.add_argument("--clusters", type=int, default=20)
    parser.add_argument("--components", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="runs per measure (median)")
    parser.add_argument("--startup-runs", type=int, default=15)
    parser.add_argument("--yamllint", action="store_true", help="also time yamllint (slow)")
    parser.add_argument("--yamllint-runs", type=int, default=1)
    parser.add_argument("--scaling", action="store_true", help="cold lint at 1.5k/15k/60k files")
    parser.add_argument("--render", action="store_true", help="also time build and diff")
    parser.add_argument("--lint-arg", action="append", default=[], metavar="ARG",
                        help="extra argument for every lint run, e.g. --lint-arg=--jobs=2")
    parser.add_argument("--work-dir", type=Path,
                        default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                        / "gitops-scaffold-bench", help="where generated repos are kept")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the raw numbers here")
    args = parser.parse_args(argv)
    if not os.access(args.cli, os.X_OK):
        parser.error(f"{args.cli} is not an executable; pass --cli PATH to gitops-scaffold")
    if min(args.runs, args.startup_runs, args.yamllint_runs, args.clusters, args.components) < 1:
        parser.error("counts must be >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Measure everything asked for and print the report."""
    args = parse_args(argv)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    bench = Bench(args)
    if not bench.support.available:
        log(f"{bench.cli} has no `lint` command: lint rows will read n/a")
    repo = repo_for(bench.work, args.clusters, args.components, args.seed)
    load_before = os.getloadavg()[0]
    try:
        series = lint_series(bench, repo, args.runs)
        startup = startup_series(bench, args.startup_runs)
        lint_yaml: list[Sample] = []
        yamllint_note = ""
        if args.yamllint:
            lint_yaml, yamllint_note = yamllint_series(bench, repo, args.yamllint_runs)
        scaled = scaling(bench, args.seed, min(args.runs, 3)) if args.scaling else None
        rendered = render_series(bench, repo, args.runs) if args.render else None
    except BenchError as error:
        log(f"error: {error}")
        return 1
    rows = lint_rows(series, bench.support)
    if args.yamllint:
        floor = report.median_seconds(series["floor"])
        rows.append(report.timed_row("yamllint, default config", lint_yaml, floor, None,
                                     yamllint_note))
    rows += startup_rows(startup, bench.support.available)
    if rendered is not None:
        rows += render_rows(rendered)
    info = report.machine(bench.python, str(bench.cli))
    files = len(linted_files(repo))
    print(f"## {args.clusters} clusters x {args.components} components: {files:,} linted files, "
          f"medians of {args.runs} runs (start-up: {args.startup_runs})\n")
    print(report.table(rows))
    if note := findings_note(series):
        print(f"\n{note}")
    cores = len(os.sched_getaffinity(0))
    if max(load_before, os.getloadavg()[0]) > cores:
        print(f"\nWARNING: the machine was busy (load average {load_before:.1f} at the start, "
              f"{os.getloadavg()[0]:.1f} at the end, {cores} cores): wall times and ratios are "
              "noisy; compare CPU times and rerun on an idle machine.")
    if scaled:
        print(f"\n### Scaling (lint cold, medians of {min(args.runs, 3)} runs)\n\n{scaled[0]}")
    print(f"\nMachine:\n{report.machine_lines(info)}")
    print(f"\nCommand: python benchmarks/run.py {' '.join(sys.argv[1:] if argv is None else argv)}")
    if args.json:
        raw = {"machine": info, "files": files, "lint": series, "startup": startup,
               "yamllint": lint_yaml, "scaling": scaled[1] if scaled else None}
        args.json.write_text(json.dumps(raw, default=lambda s: s.__dict__, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
