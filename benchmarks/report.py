"""Turn measured samples into the Markdown table of medians, ratios and targets."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from measure import Sample, capture


@dataclass(frozen=True)
class Row:
    """One line of the table; `value` is None when the measure could not be taken."""

    measure: str
    value: float | None
    unit: str  # "s" or "MB"
    cpu: float | None = None  # median CPU seconds, to tell contention from work
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None
    note: str = ""


def median_seconds(samples: Sequence[Sample]) -> float | None:
    """Median wall time, or None without samples."""
    return statistics.median(s.seconds for s in samples) if samples else None


def peak_mb(samples: Sequence[Sample]) -> float | None:
    """Largest peak RSS over the runs, in MB."""
    return max(s.max_rss_kb for s in samples) / 1024 if samples else None


def median_cpu(samples: Sequence[Sample]) -> float | None:
    """Median CPU time (user + system), or None without samples."""
    return statistics.median(s.cpu_seconds for s in samples) if samples else None


def timed_row(
    measure: str,
    samples: Sequence[Sample],
    base: float | None,
    limit: float | None,
    note: str = "",
) -> Row:
    """A time row with its ratio to `base` and, when `limit` is set, pass/fail against it."""
    value = median_seconds(samples)
    ratio = value / base if value is not None and base else None
    target = f"<= {limit:.2f}" if limit is not None else ""
    passed = None if ratio is None or limit is None else ratio <= limit
    return Row(measure, value, "s", median_cpu(samples), ratio, target, passed, note)


def memory_row(measure: str, value: float | None, limit_mb: float | None, note: str = "") -> Row:
    """A peak-RSS row, checked against `limit_mb` when given."""
    target = f"<= {limit_mb:.0f} MB" if limit_mb is not None else ""
    passed = None if value is None or limit_mb is None else value <= limit_mb
    return Row(measure, value, "MB", None, None, target, passed, note)


def _cell(value: float | None, unit: str, missing: str) -> str:
    if value is None:
        return missing
    return f"{value:.3f} s" if unit == "s" else f"{value:.0f} MB"


def table(rows: Sequence[Row], missing: str = "n/a") -> str:
    """The rows as a Markdown table."""
    lines = [
        "| measure | median | CPU | ratio | target | result |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in rows:
        ratio = f"{row.ratio:.3f}" if row.ratio is not None else ""
        verdict = {True: "pass", False: "FAIL", None: ""}[row.passed]
        if row.note:
            verdict = f"{verdict} ({row.note})" if verdict else row.note
        lines.append(
            f"| {row.measure} | {_cell(row.value, row.unit, missing)} "
            f"| {_cell(row.cpu, 's', '')} | {ratio} "
            f"| {row.target} | {verdict} |"
        )
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> str:
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return "unknown"
    return f"{pages / 2**30:.1f} GB"


def machine(python: str, cli: str) -> dict[str, str]:
    """What the numbers were measured on."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    probe = (
        "import sys, yaml; print(sys.version.split()[0], yaml.__version__, "
        "yaml.__with_libyaml__)"
    )
    _, versions = capture([python, "-c", probe])
    py, pyyaml, libyaml = [*versions.split(), "?", "?", "?"][:3]
    _, tool = capture([cli, "--version"])
    _, git = capture(["git", "--version"])
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return {
        "cpu": _cpu_model(),
        "load average (1/5/15 min, at the end)": load,
        "cores": f"{usable} usable of {os.cpu_count()}",
        "memory": _memory_gb(),
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{py} ({python})",
        "pyyaml": f"{pyyaml} (libyaml: {libyaml})",
        "git": git.strip().removeprefix("git version "),
        "tool": tool.strip().splitlines()[0] if tool.strip() else "unknown",
    }


def machine_lines(info: dict[str, str]) -> str:
    """Machine info as a Markdown list."""
    return "\n".join(f"- {key}: {value}" for key, value in info.items())
