"""What `lint` is asked to check: a repository, some of its files, or standard input.

A file is linted with the repository around it, so what other files say about it
(a reference they resolve, a name already taken) counts, and only its findings are
shown. Standard input is linted by `scaffold.lint.stdin`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import UsageError
from scaffold.lint.engine import LintReport
from scaffold.repository.root import find_root

STDIN = "-"
HINT = "pass the repository's directory, files inside it, or - for standard input"


@dataclass(frozen=True)
class Targets:
    """The repository to lint and, when files were named, the only paths to report."""

    root: Path
    files: frozenset[str] | None = None


def reads_stdin(paths: Sequence[str], stdin_filename: str | None, fixing: bool) -> bool:
    """Whether standard input is what to lint: `-`, alone, and never fixed in place."""
    if STDIN not in paths:
        if stdin_filename is not None:
            raise UsageError("--stdin-filename names standard input", hint="pass - to read it")
        return False
    if len(paths) > 1:
        raise UsageError("- (standard input) is linted on its own", hint="lint files apart")
    if fixing:
        raise UsageError(
            "--fix and --diff do not apply to standard input",
            hint="lint the file itself: gitops-scaffold lint --fix FILE",
        )
    return True


def resolve_targets(paths: Sequence[Path]) -> Targets:
    """The repository of `paths` (directories or files, all in one repository)."""
    roots: set[Path] = set()
    files: set[str] = set()
    whole = False
    for path in paths or [Path(".")]:
        if path.is_dir():
            roots.add(find_root(path))
            whole = True
        elif path.exists():
            # The directory resolved, the name kept: a symlinked file is reported by its name.
            parent = Path(os.path.realpath(path.parent))
            root = find_root(parent)
            roots.add(root)
            files.add((parent / path.name).relative_to(root).as_posix())
        else:
            raise UsageError(f"{path}: no such file or directory", hint=HINT)
    if len(roots) > 1:
        shown = ", ".join(sorted(str(r) for r in roots))
        raise UsageError(f"the paths are in different repositories: {shown}", hint=HINT)
    return Targets(roots.pop(), None if whole else frozenset(files))


def only(report: LintReport, files: frozenset[str]) -> LintReport:
    """`report` narrowed to the findings, files and documents of `files`."""
    linted = [path for path in sorted(files) if path in report.facts]
    return LintReport(
        root=report.root,
        findings=[f for f in report.findings if f.path in files],
        files=len(linted),
        documents=sum(len(report.facts[path].documents) for path in linted),
        facts={path: report.facts[path] for path in linted},
        notes=report.notes,
        unapplied=report.unapplied,
    )
