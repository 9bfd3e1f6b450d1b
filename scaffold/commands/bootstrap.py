"""`gitops-scaffold bootstrap PROVIDER [-- flux flags]`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.bootstrap.options import BootstrapOptions
from scaffold.flux.providers import Provider

HELP = """Run `flux bootstrap PROVIDER` for this repository, checking before and verifying after.

Owner, repository, branch, privacy and hostname come from the answers recorded by
`gitops-scaffold new` unless given here. Anything after `--` goes to flux unchanged.
Tokens are read by flux from the environment (GITHUB_TOKEN, GITLAB_TOKEN,
GITEA_TOKEN, BITBUCKET_TOKEN, GIT_PASSWORD), never from the command line.
"""


def bootstrap(
    provider: Annotated[Provider, typer.Argument(help="Git provider, as for `flux bootstrap`.")],
    flux_args: Annotated[
        list[str] | None,
        typer.Argument(metavar="[-- FLUX_FLAGS...]", help="Extra flags passed to flux unchanged."),
    ] = None,
    sync_path: Annotated[
        str | None,
        typer.Option("--sync-path", help="Cluster to bootstrap, when there are several."),
    ] = None,
    owner: Annotated[
        str | None, typer.Option(help="User or organisation owning the repository.")
    ] = None,
    repository: Annotated[str | None, typer.Option(help="Repository name.")] = None,
    branch: Annotated[str | None, typer.Option(help="Branch flux syncs (default: main).")] = None,
    personal: Annotated[
        bool | None,
        typer.Option("--personal/--no-personal", help="The owner is a user, not an organisation."),
    ] = None,
    private: Annotated[
        bool | None,
        typer.Option("--private/--no-private", help="A repository flux creates is private."),
    ] = None,
    hostname: Annotated[str | None, typer.Option(help="Self-hosted provider hostname.")] = None,
    url: Annotated[str | None, typer.Option(help="Repository URL (provider `git`).")] = None,
    remote: Annotated[
        str | None,
        typer.Option(help="Local git remote of the bootstrapped repository."),
    ] = None,
    context: Annotated[
        str | None, typer.Option(help="Kube context of the cluster (default: the current one).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only run the checks and print the command.")
    ] = False,
    skip_lint: Annotated[
        bool, typer.Option("--skip-lint", help="Do not lint before bootstrapping.")
    ] = False,
    push: Annotated[
        bool, typer.Option("--push", help="Push the merged local branch afterwards.")
    ] = False,
    directory: Annotated[
        Path, typer.Option("--directory", "-C", help="Repository to bootstrap.", file_okay=False)
    ] = Path("."),
) -> None:
    """Run `flux bootstrap PROVIDER` for this repository, checking before and verifying after."""
    options = BootstrapOptions(
        sync_path=sync_path,
        owner=owner,
        repository=repository,
        branch=branch,
        personal=personal,
        private=private,
        hostname=hostname,
        url=url,
        remote=remote,
        context=context,
        flux_args=tuple(flux_args or ()),
        dry_run=dry_run,
        skip_lint=skip_lint,
        push=push,
    )
    from scaffold.bootstrap.run import bootstrap_repository
    from scaffold.commands.output import console
    from scaffold.repository.root import find_root

    code = bootstrap_repository(find_root(directory), provider, options, console())
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add the `bootstrap` command to `app`."""
    app.command(help=HELP)(bootstrap)
