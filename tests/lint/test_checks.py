"""Rules run on two cores report exactly what they report on one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.lint import checks
from scaffold.lint.config import load_config
from scaffold.lint.engine import LintOptions, build_context, run_lint
from scaffold.lint.registry import RULES

GENERATE = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def faulty_fleet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated, committed repository with every known fault planted twice."""
    out = tmp_path_factory.mktemp("fleet") / "repo"
    subprocess.run(
        [sys.executable, str(GENERATE), str(out), "--clusters", "2", "--components", "30",
         "--seed", "5", "--faults", "2"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return out


def _findings(root: Path, *, parallel: bool, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    monkeypatch.setattr(checks, "PARALLEL_MIN_FILES", 1 if parallel else 10**9)
    report = run_lint(root, LintOptions(cache=False, jobs=2))
    return [(f, f.fixes) for f in report.findings]


def test_two_cores_find_what_one_finds(
    faulty_fleet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _findings(faulty_fleet, parallel=False, monkeypatch=monkeypatch)
    two = _findings(faulty_fleet, parallel=True, monkeypatch=monkeypatch)
    assert len({f.rule for f, _ in one}) >= 6, "the planted faults are found"
    assert two == one


def test_the_child_rules_questions_reach_the_snapshot(
    faulty_fleet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(checks, "PARALLEL_MIN_RULES", 1)
    # The first rule runs here and asks nothing of the work tree; the second runs in
    # the forked process and asks whether each sync path has a helm/ directory.
    rules = [RULES["plaintext-secret"], RULES["misplaced-manifest"]]
    ctx = build_context(faulty_fleet, LintOptions(), load_config(faulty_fleet))
    checks.run_rules(ctx, rules, jobs=2)
    assert any(q.startswith("d:") for q in ctx.probes), ctx.probes
    sequential = build_context(faulty_fleet, LintOptions(), load_config(faulty_fleet))
    checks.run_rules(sequential, rules, jobs=1)
    assert ctx.probes == sequential.probes


def test_a_small_repository_or_one_core_never_forks(
    faulty_fleet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> None:
        raise AssertionError("forked")

    monkeypatch.setattr(checks, "_fork_context", refuse)
    ctx = build_context(faulty_fleet, LintOptions(), load_config(faulty_fleet))
    rules = list(RULES.values())
    small = checks.run_rules(ctx, rules, jobs=2)  # fewer files than PARALLEL_MIN_FILES
    monkeypatch.setattr(checks, "PARALLEL_MIN_FILES", 1)
    one_core = checks.run_rules(ctx, rules, jobs=1)
    assert [r.id for r, _ in small] == [r.id for r, _ in one_core] == [r.id for r in rules]
    assert small == one_core


def _die(rule_ids: list[str]) -> None:
    os._exit(9)  # as a process killed for memory would end


def test_rules_of_a_process_that_died_run_here(
    faulty_fleet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(checks, "_check_in_child", _die)
    rules = list(RULES.values())
    ctx = build_context(faulty_fleet, LintOptions(), load_config(faulty_fleet))
    survived = checks.run_rules(ctx, rules, jobs=2)
    sequential = build_context(faulty_fleet, LintOptions(), load_config(faulty_fleet))
    assert survived == checks.run_rules(sequential, rules, jobs=1)
