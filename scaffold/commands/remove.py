"""`gitops-scaffold remove release|repository|secret NAME`: delete what nothing uses any more."""

from __future__ import annotations

from typing import Annotated

import typer

from scaffold.commands.command import Command
from scaffold.commands.options import SyncPath, WrittenOutput
from scaffold.commands.usage import examples

remove_app = typer.Typer(
    name="remove",
    help="Delete a HelmRelease, HelmRepository or SealedSecret file, unless still referenced.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

Namespace = Annotated[
    str | None,
    typer.Option(
        "--namespace", "-n", metavar="NS", help="Namespace of the object (if names repeat)."
    ),
]
Force = Annotated[
    bool, typer.Option("--force", help="Remove it even though something still references it.")
]


def register(app: typer.Typer) -> None:
    """Add the `remove` group to the app."""
    app.add_typer(remove_app, name="remove")


def _remove(
    what: str, name: str, namespace: str | None, sync_path: str | None, force: bool, fmt: str
) -> None:
    from scaffold.authoring.remove import Removable, RemoveRequest, remove
    from scaffold.commands.output import report_written, written_format

    output = written_format(fmt)
    request = RemoveRequest(Removable(what), name, namespace, sync_path, force)
    report_written(remove(request), output)


@remove_app.command(
    "release", cls=Command, epilog=examples("gitops-scaffold remove release podinfo -n podinfo")
)
def remove_release(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Name of the HelmRelease.")],
    namespace: Namespace = None,
    sync_path: SyncPath = None,
    force: Force = False,
    fmt: WrittenOutput = "text",
) -> None:
    """Delete the file of HelmRelease NAME (refused while another release dependsOn it)."""
    _remove("release", name, namespace, sync_path, force, fmt)


@remove_app.command(
    "repository", cls=Command, epilog=examples("gitops-scaffold remove repository podinfo")
)
def remove_repository(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Name of the HelmRepository.")],
    namespace: Namespace = None,
    sync_path: SyncPath = None,
    force: Force = False,
    fmt: WrittenOutput = "text",
) -> None:
    """Delete helm/repositories/NAME.yaml (refused while a release installs from it)."""
    _remove("repository", name, namespace, sync_path, force, fmt)


@remove_app.command(
    "secret", cls=Command, epilog=examples("gitops-scaffold remove secret db -n apps")
)
def remove_secret(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Name of the SealedSecret.")],
    namespace: Namespace = None,
    sync_path: SyncPath = None,
    force: Force = False,
    fmt: WrittenOutput = "text",
) -> None:
    """Delete the SealedSecret NAME's file (refused while a release's valuesFrom reads it)."""
    _remove("secret", name, namespace, sync_path, force, fmt)
