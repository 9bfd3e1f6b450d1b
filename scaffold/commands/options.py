"""The options several commands share, declared once, in typer's Annotated style.

`-o/--output FORMAT` names the output format on every command, as Flux and kubectl
spell it; lint writes a report file with `--output-file`. `--format` is the older
name of `--output` and still accepted (`OLD_FORMAT_FLAG`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from scaffold.commands import completion
from scaffold.formats import (
    BUILD_FORMATS,
    DIFF_FORMATS,
    LINT_FORMATS,
    LIST_FORMATS,
    STATUS_FORMATS,
    TREE_FORMATS,
    WRITE_FORMATS,
    OutputFormat,
    names,
)

OUTPUT_FLAGS = ("--output", "-o")
OLD_FORMAT_FLAG = "--format"


def _output(formats: tuple[OutputFormat, ...], what: str) -> Any:
    def complete(incomplete: str) -> list[str]:
        return [f.value for f in formats if f.value.startswith(incomplete)]

    return typer.Option(
        *OUTPUT_FLAGS,
        metavar="FORMAT",
        help=f"{what}: {names(formats)}.",
        autocompletion=complete,
    )


SyncPath = Annotated[
    str | None,
    typer.Option(
        "--sync-path",
        metavar="PATH",
        help="The cluster's sync path, when the repository has several.",
        autocompletion=completion.sync_paths,
    ),
]
SyncPaths = Annotated[
    list[str] | None,
    typer.Option(
        "--sync-path",
        metavar="PATH",
        help="A cluster's sync path (repeatable; default: every cluster's).",
        autocompletion=completion.sync_paths,
    ),
]
NewSyncPath = Annotated[
    str,
    typer.Option(
        "--sync-path",
        metavar="PATH",
        help="The cluster's sync path: the --path flux bootstrap syncs.",
        autocompletion=completion.sync_paths,
    ),
]
Directory = Annotated[
    Path,
    typer.Option(
        "--directory",
        "-C",
        metavar="DIR",
        help="The repository to work in (default: the current directory).",
        file_okay=False,
    ),
]
RepositoryPath = Annotated[
    Path, typer.Argument(metavar="[PATH]", help="Repository (default: the current one).")
]

LintOutput = Annotated[str, _output(LINT_FORMATS, "Report format on stdout")]
StatusOutput = Annotated[str, _output(STATUS_FORMATS, "Output format on stdout")]
WrittenOutput = Annotated[str, _output(WRITE_FORMATS, "What was written, on stdout")]
ListOutput = Annotated[str, _output(LIST_FORMATS, "Output format on stdout")]
BuildOutput = Annotated[str, _output(BUILD_FORMATS, "Output format on stdout")]
DiffOutput = Annotated[str, _output(DIFF_FORMATS, "Output format on stdout")]
TreeOutput = Annotated[
    str, _output(TREE_FORMATS, "Output format on stdout (Mermaid renders in GitHub Markdown)")
]
