"""SIGINT sent to lint's main process alone (`kill -INT`, `timeout -s INT`) ends the run,
its workers included: nothing waits for them to finish the queue."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

# Parses files slowly in the workers (forked: they inherit the patch), says when one starts.
SCRIPT = """
import os, sys, time
from scaffold.model.facts import pool

real = pool._parse_chunk
marker = sys.argv[1]

def slow(task):
    open(os.path.join(marker, str(os.getpid())), "w").close()
    time.sleep(60)
    return real(task)

pool._parse_chunk = slow
sys.argv = ["gitops-scaffold", "lint", "--no-cache", "--jobs", "2", sys.argv[2]]
from scaffold.cli import main
main()
"""


def _kill(run: subprocess.Popen, markers: Path) -> None:
    """Whatever the test started and the run left behind (the run's own workers)."""
    run.kill()
    for started in markers.iterdir():
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(started.name), signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead: it only waits for its parent to read its status.
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or stat.read_text().split()[2] != "Z"


def test_sigint_to_the_main_process_ends_lint_and_its_workers(tmp_path) -> None:
    root = tmp_path / "repo"
    for n in range(1000):
        path = root / "apps" / f"c{n}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{n}\n")
    markers = tmp_path / "started"
    markers.mkdir()
    run = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(markers), str(root)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not any(markers.iterdir()):
            assert run.poll() is None, run.communicate()
            assert time.monotonic() < deadline, "no worker started"
            time.sleep(0.05)
        workers = [int(p.name) for p in markers.iterdir()]
        os.kill(run.pid, signal.SIGINT)  # the main process only, not its process group
        _, stderr = run.communicate(timeout=20)  # the running chunks alone take 60 s
    finally:
        _kill(run, markers)
    assert run.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "interrupted"
    assert "Traceback" not in stderr
    time.sleep(0.5)
    assert [pid for pid in workers if _alive(pid)] == []


# The rules' forked process checks slowly; the parse stays in this process (PARALLEL_MIN_FILES).
RULES_SCRIPT = """
import os, sys, time
from scaffold.lint import checks
from scaffold.model.facts import pool

real = checks._check_in_child
marker = sys.argv[1]

def slow(rule_ids):
    open(os.path.join(marker, str(os.getpid())), "w").close()
    time.sleep(60)
    return real(rule_ids)

checks._check_in_child = slow
checks.PARALLEL_MIN_FILES = 10
pool.PARALLEL_MIN_FILES = 10_000
sys.argv = ["gitops-scaffold", "lint", "--no-cache", "--jobs", "2", sys.argv[2]]
from scaffold.cli import main
main()
"""


def test_sigint_while_the_rules_run_in_a_child_ends_lint_and_the_child(tmp_path) -> None:
    root = tmp_path / "repo"
    for n in range(20):
        path = root / "apps" / f"c{n}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{n}\n")
    markers = tmp_path / "started"
    markers.mkdir()
    run = subprocess.Popen(
        [sys.executable, "-c", RULES_SCRIPT, str(markers), str(root)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not any(markers.iterdir()):
            assert run.poll() is None, run.communicate()
            assert time.monotonic() < deadline, "the rules' process did not start"
            time.sleep(0.05)
        [child] = [int(p.name) for p in markers.iterdir()]
        os.kill(run.pid, signal.SIGINT)
        _, stderr = run.communicate(timeout=20)
    finally:
        _kill(run, markers)
    assert run.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "interrupted"
    time.sleep(0.5)
    assert not _alive(child)
