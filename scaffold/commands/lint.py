"""`gitops-scaffold lint`: check a repository against the convention, Flux and secret rules.

Its annotations are objects, not strings (no `from __future__ import annotations`):
typer reads the signature on every run, and evaluating strings costs start-up time.
"""

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scaffold.commands import completion
from scaffold.commands.command import Command
from scaffold.commands.options import LintOutput, SyncPaths
from scaffold.commands.usage import examples
from scaffold.errors import EnvironmentProblem, UsageError
from scaffold.formats import LINT_FORMATS, OutputFormat, names, parse_format

if TYPE_CHECKING:
    from collections.abc import Callable

    from scaffold.lint.engine import LintReport

EXIT_FINDINGS = 1
PROGRESS_MIN_FILES = 200


EXAMPLES = examples(
    "gitops-scaffold lint",
    "gitops-scaffold lint -o sarif --output-file lint.sarif",
    "gitops-scaffold lint - --stdin-filename infrastructure/ingress.yaml < ingress.yaml",
)


def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH|FILE|-]...",
            help="The repository (default: here), files in it, or - for standard input.",
        ),
    ] = None,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            metavar="FILE",
            help="The file standard input stands for: linted in the repository in its place.",
        ),
    ] = None,
    fmt: LintOutput = "text",
    output_file: Annotated[
        Path | None,
        typer.Option("--output-file", metavar="FILE", help="Write the report to this file."),
    ] = None,
    sync_path: SyncPaths = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar="ID[,ID...]",
            help="Only these rule ids: comma-separated, or repeat the option.",
            autocompletion=completion.rule_ids,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="ID[,ID...]",
            help="Skip these rule ids: comma-separated, or repeat the option.",
            autocompletion=completion.rule_ids,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the run too.")] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply the fixable rules' fixes.")] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Show the fixes as a diff; write nothing.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say on stderr what was read, and the time.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Processes that parse files (default: one per core)."
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Parse every file; neither read nor write the cache."),
    ] = False,
    staged: Annotated[
        bool,
        typer.Option(
            "--staged",
            help="Lint what the next commit holds (the Git index), not the work tree.",
        ),
    ] = False,
) -> None:
    """Check the repository's layout, Flux manifests and secret hygiene."""
    from scaffold.lint.engine import LintOptions, run_lint
    from scaffold.lint.targets import only, reads_stdin, resolve_targets

    output_format = _lint_format(fmt)
    if fix and diff:
        raise UsageError("--fix and --diff exclude each other", hint="choose one")
    if staged and (fix or diff):
        raise UsageError(
            "--staged reads the Git index; --fix and --diff edit the work tree",
            hint="run `gitops-scaffold lint --fix`, then `git add` the fixed files",
        )
    from_stdin = reads_stdin([str(p) for p in paths or []], stdin_filename, fix or diff)
    targets = None if from_stdin else resolve_targets(paths or [])
    show_progress = output_format is OutputFormat.text and sys.stderr.isatty()
    options = LintOptions(
        sync_paths=sync_path or [],
        select=select or [],
        ignore=ignore or [],
        progress=_progress_line() if show_progress else None,
        jobs=jobs,
        cache=not no_cache,
        keep_facts=verbose or (targets is not None and targets.files is not None),
    )
    started = time.perf_counter()
    if targets is None:
        from scaffold.lint.stdin import lint_stdin  # what a run over files never needs

        report = lint_stdin(_read_stdin(), stdin_filename, Path.cwd(), options)
    elif staged:
        from scaffold.lint.staged import staged_tree

        with staged_tree(targets.root) as tree:
            report = run_lint(tree, options)
    else:
        _warn_without_git(targets.root)
        report = run_lint(targets.root, options)
    root = report.root if not staged or targets is None else targets.root
    files = targets.files if targets is not None else None
    if files is not None:
        report = only(report, files)
        _warn_unlinted(files, report)
    if verbose:
        _explain(report, time.perf_counter() - started)
    if show_progress:
        typer.echo("\r\033[K", err=True, nl=False)
    patch = None
    if fix:
        report = _fix(root, report, options)
        report = only(report, files) if files is not None else report
    elif diff:
        patch = _diff(root, report)
    if report.files == 0 and targets is not None and files is None:
        _say_nothing_found(root)
    _emit(report, output_format, output_file, patch, root)
    failed = report.errors or (strict and report.warnings)
    raise typer.Exit(EXIT_FINDINGS if failed else 0)


def _read_stdin() -> bytes:
    data: bytes = typer.get_binary_stream("stdin").read()
    return data


def _warn_unlinted(files: "frozenset[str]", report: "LintReport") -> None:
    for path in sorted(files - set(report.facts)):
        typer.echo(
            f"warning: {path}: not linted (Git ignores it, or the config's exclude does)",
            err=True,
        )


def _lint_format(value: str) -> "OutputFormat":
    """The report format; a file name where the format belongs is the older `-o FILE`."""
    if value not in {f.value for f in LINT_FORMATS} and ("." in value or "/" in value):
        raise UsageError(
            f"-o/--output names the report format, not a file: {value!r}",
            hint=f"use -o with one of {names(LINT_FORMATS)}; "
            f"write the report to a file with --output-file {value}",
        )
    return parse_format(value, LINT_FORMATS)


def _explain(report: "LintReport", seconds: float) -> None:
    """Per file: what lint read (documents, kinds, findings), never a value."""
    from scaffold.escape import printable

    for path in sorted(report.facts):
        facts = report.facts[path]
        if not facts.yaml:
            continue
        kinds = sorted({d.kind for d in facts.documents if d.kind and d.kind.isidentifier()})
        typer.echo(
            f"read {printable(path)}: {len(facts.documents)} document(s)"
            + (f" ({', '.join(kinds)})" if kinds else "")
            + (f", {len(facts.findings)} parse finding(s)" if facts.findings else ""),
            err=True,
        )
    typer.echo(f"linted {report.files} files under {report.root} in {seconds:.2f} s", err=True)


def _say_nothing_found(root: Path) -> None:
    from scaffold import git

    outside = "" if git.has_git() and git.toplevel(root) is not None else " (not a Git work tree)"
    typer.echo(f"warning: nothing to lint: no files found under {root}{outside}", err=True)


def _warn_without_git(root: Path) -> None:
    from scaffold import git

    if not git.has_git() and any((d / ".git").exists() for d in (root, *root.parents)):
        typer.echo(
            "warning: `git` was not found on PATH; linting the files the .gitignore files do "
            "not ignore, without knowing which are tracked",
            err=True,
        )


def _progress_line() -> "Callable[[int, int], None]":
    """A progress line for long runs, redrawn every hundred files and at the end."""
    shown = -1

    def show(done: int, total: int) -> None:
        nonlocal shown
        if total >= PROGRESS_MIN_FILES and (done // 100 != shown or done == total):
            shown = done // 100
            typer.echo(f"\rlinting {done}/{total} files", err=True, nl=False)

    return show


def _diff(root: Path, report: "LintReport") -> str:
    """The fixes as a patch that hides every credential; say so when that keeps it from applying."""
    from scaffold.lint import fix
    from scaffold.lint.fix_diff import unified_diff

    patch = unified_diff(fix.plan(root, report.findings))
    for path in patch.masked:
        typer.echo(
            f"warning: the diff of {path} hides a credential on a line it needs, so it will not "
            "apply; run `gitops-scaffold lint --fix` to write the fix",
            err=True,
        )
    return patch.text


def _fix(root: Path, report: "LintReport", options: object) -> "LintReport":
    from scaffold.lint import fix
    from scaffold.lint.engine import LintOptions, run_lint

    changes = fix.plan(root, report.findings)
    fix.apply(root, changes)
    for change in changes:
        if change.after != change.before:
            verb = "created" if change.before is None else "fixed"
            typer.echo(f"{verb} {change.path}", err=True)
        if change.renamed_to is not None:
            typer.echo(f"renamed {change.path} -> {change.renamed_to}", err=True)
    assert isinstance(options, LintOptions)
    # Read again even when nothing changed here: another `--fix` may have fixed these files
    # since they were read, and the findings must describe the files as they are now.
    fixable = any(finding.fixes for finding in report.findings)
    return run_lint(root, options) if changes or fixable else report


def _emit(
    report: "LintReport",
    output_format: object,
    output: Path | None,
    patch: str | None,
    root: Path,
) -> None:
    """The report to stdout or `output`; with a patch in text or github format, the patch
    alone goes to stdout (so it pipes into `git apply`) and the report to stderr."""
    from scaffold.commands.terminal import use_color
    from scaffold.fs import write_report
    from scaffold.lint.report import render, summary

    assert isinstance(output_format, OutputFormat)
    embedded = output_format in (OutputFormat.json, OutputFormat.sarif)
    to_stderr = patch is not None and not embedded and output is None
    stream = sys.stderr if to_stderr else sys.stdout
    color = output is None and output_format is OutputFormat.text and use_color(stream)
    text = render(report, output_format, color=color, diff=patch if embedded else None)
    if patch is not None and not embedded:
        typer.echo(patch, nl=False)
    if output is None:
        typer.echo(text, nl=False, err=to_stderr, color=color)
    else:
        try:
            write_report(output, text, root)
        except OSError as exc:
            raise EnvironmentProblem(f"{output}: cannot write the report ({exc.strerror})") from exc
    for note in report.notes:
        typer.echo(note, err=True)
    if output_format is OutputFormat.text:
        for line in report.summaries:  # counts for a reader; no field of the JSON or SARIF
            typer.echo(line, err=True)
    typer.echo(summary(report), err=True)


def register(app: typer.Typer) -> None:
    """Add the `lint` command to the app."""
    app.command("lint", cls=Command, epilog=EXAMPLES)(lint)
