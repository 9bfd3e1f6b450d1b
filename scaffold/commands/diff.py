"""`gitops-scaffold diff`: what a change does to each cluster, before it is merged."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from scaffold.commands.command import Command
from scaffold.commands.options import DiffOutput, Directory, SyncPaths
from scaffold.commands.usage import examples
from scaffold.formats import DIFF_FORMATS, OutputFormat, parse_format

EXAMPLES = examples(
    "gitops-scaffold diff                      # the work tree against its upstream branch",
    'gitops-scaffold diff main HEAD -o markdown >> "$GITHUB_STEP_SUMMARY"',
    "gitops-scaffold diff v1.4.0 --sync-path clusters/production --exit-code",
)

HELP = """Show what a change does to each cluster: the objects Flux applies, compared.

Both sides are rendered as `build` renders them (kustomize, Flux's layer, postBuild) from
Git, with no checkout: BASE defaults to the merge-base of HEAD with its upstream branch
(else main or master), HEAD to the work tree with what is not committed yet. Objects are
matched by group, kind, namespace and name: added, removed, changed (field by field, list
items by their Kubernetes merge key), moved; what can hurt (pruned data, immutable fields,
wider RBAC, a suspended Kustomization) comes first. Secret values are never shown: only
which keys changed. HelmRelease charts are not rendered; their chart, version and values
changes are shown. Kustomizations not rendered on a side are left out and named.
"""

Base = Annotated[
    str | None,
    typer.Argument(metavar="[BASE]", help="Revision to compare with (default: see above)."),
]
Head = Annotated[
    str | None,
    typer.Argument(metavar="[HEAD]", help="Revision to compare (default: the work tree)."),
]
ExitCode = Annotated[
    bool, typer.Option("--exit-code", help="Exit 1 when anything changed, as git diff does.")
]


def diff_command(
    base: Base = None,
    head: Head = None,
    sync_path: SyncPaths = None,
    directory: Directory = Path("."),
    fmt: DiffOutput = "text",
    exit_code: ExitCode = False,
) -> None:
    """Show what a change does to each cluster: the objects Flux applies, compared."""
    from scaffold.commands.terminal import use_color
    from scaffold.diff.render import render
    from scaffold.repository.root import find_root
    from scaffold.views.diff import compare_sides

    output = parse_format(fmt, DIFF_FORMATS)
    root = find_root(directory)
    compared = compare_sides(root, base, head, sync_path or [])
    text = render(compared.report, output, color=use_color(sys.stdout))
    if output is OutputFormat.json:
        document = json.loads(text)
        document["base"], document["head"] = compared.base_label, compared.head_label
        document["not_compared"] = compared.left_out
        text = json.dumps(document, indent=2)
    elif compared.left_out and output in (OutputFormat.text, OutputFormat.markdown):
        bullet = "- " if output is OutputFormat.markdown else ""
        text = (
            text.rstrip("\n")
            + "\n\nNot compared (not rendered on a side):\n"
            + "\n".join(f"{bullet}{line}" for line in compared.left_out)
        )
    typer.echo(text.rstrip("\n"))
    for line in compared.left_out:
        typer.echo(f"not compared: {line}", err=True)
    typer.echo(
        f"{compared.base_label} → {compared.head_label}: {compared.built} Kustomization(s) "
        f"rendered for the head, {compared.reused} unchanged",
        err=True,
    )
    if exit_code and compared.report.changed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `diff` to the app."""
    app.command("diff", cls=Command, epilog=EXAMPLES, help=HELP)(diff_command)
