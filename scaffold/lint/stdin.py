"""Linting standard input (`lint -`): one document set on its own; named with
`--stdin-filename` inside a repository, it is linted there in place of that file's bytes
on disk. Apart from `lint.targets` so that a run over files never imports what this needs.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import tempfile
from pathlib import Path

from scaffold.errors import UsageError
from scaffold.lint.config import load_config
from scaffold.lint.engine import LintOptions, LintReport, run_lint
from scaffold.lint.targets import STDIN, only
from scaffold.repository.root import find_root

# The name standard input is linted under when it has none: a YAML file at the root.
STDIN_FILE = "stdin.yaml"


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
