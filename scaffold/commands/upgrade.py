"""`gitops-scaffold upgrade release NAME --version X.Y.Z`: move a release to another version."""

from __future__ import annotations

from typing import Annotated

import typer

from scaffold.commands.command import Command
from scaffold.commands.options import SyncPath, WrittenOutput
from scaffold.commands.usage import examples

upgrade_app = typer.Typer(
    name="upgrade",
    help="Change a declared HelmRelease's chart version in place.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    """Add the `upgrade` group to the app."""
    app.add_typer(upgrade_app, name="upgrade")


@upgrade_app.command(
    "release",
    cls=Command,
    epilog=examples(
        "gitops-scaffold upgrade release podinfo --version 6.8.0",
        "gitops-scaffold upgrade release podinfo --version 6.8.0 --sync-path clusters/production",
    ),
)
def upgrade_release(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Name of the HelmRelease.")],
    version: Annotated[
        str, typer.Option("--version", metavar="VERSION", help="New chart version, e.g. 1.2.3.")
    ],
    namespace: Annotated[
        str | None,
        typer.Option(
            "--namespace", "-n", metavar="NS", help="Namespace of the release (if names repeat)."
        ),
    ] = None,
    allow_range: Annotated[
        bool, typer.Option("--allow-range", help="Accept a version range such as '>=1.2.0 <2'.")
    ] = False,
    sync_path: SyncPath = None,
    fmt: WrittenOutput = "text",
) -> None:
    """Rewrite spec.chart.spec.version (every other byte kept) and rename CHART-vOLD.yaml."""
    from scaffold.authoring.upgrade import UpgradeRequest
    from scaffold.authoring.upgrade import upgrade_release as run
    from scaffold.commands.output import report_written, written_format

    output = written_format(fmt)
    request = UpgradeRequest(name, version, namespace, allow_range, sync_path)
    report_written(run(request), output)
