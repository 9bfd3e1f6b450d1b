"""What `lint` is asked to check: a repository, some of its files, or standard input.

A file is linted with the repository around it, so what other files say about it
(a reference they resolve, a name already taken) counts, and only its findings are
shown. Standard input is one document set on its own; named with `--stdin-filename`
inside a repository, it is linted there in place of that file's bytes on disk.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import UsageError
from scaffold.lint.config import load_config
from scaffold.lint.engine import LintOptions, LintReport, run_lint
from scaffold.repository.root import find_root

STDIN = "-"
# The name standard input is linted under when it has none: a YAML file at the root.
STDIN_FILE = "stdin.yaml"
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


def lint_stdin(data: bytes, name: str | None, start: Path, options: LintOptions) -> LintReport:
    """Lint `data` read from standard input: in the repository around `start` as the file
    `name`, or without a name as a document set of its own."""
    if name is not None:
        root = find_root(start)
        path = _inside(root, name)
        contents = {path: data}
        report = run_lint(root, dataclasses.replace(options, contents=contents, keep_facts=True))
        return only(report, frozenset(contents))
    # The repository's rule levels and options still apply; its sync paths do not.
    config = dataclasses.replace(load_config(find_root(start)), sync_paths=[], exclude=[])
    alone_options = dataclasses.replace(
        options, sync_paths=(), config=config, cache=False, keep_facts=True
    )
    with tempfile.TemporaryDirectory(prefix="gitops-scaffold-stdin-") as alone:
        Path(alone, STDIN_FILE).write_bytes(data)
        report = only(run_lint(Path(alone), alone_options), frozenset({STDIN_FILE}))
    shown = [dataclasses.replace(f, path=STDIN) for f in report.findings]
    return dataclasses.replace(report, findings=shown, facts={}, root=find_root(start))


def _inside(root: Path, name: str) -> str:
    """`name` as a path relative to `root`; refused when it leads outside."""
    given = Path(name)
    absolute = given if given.is_absolute() else Path.cwd() / given
    relative = posixpath.normpath(os.path.relpath(os.path.abspath(absolute), root))
    if relative == "." or relative.startswith("../") or relative == "..":
        raise UsageError(
            f"--stdin-filename {name}: not a file inside the repository at {root}",
            hint="name the file standard input stands for, relative to the current directory",
        )
    return relative.replace(os.sep, "/")
