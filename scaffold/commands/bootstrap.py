"""`gitops-scaffold bootstrap PROVIDER [-- flux flags]`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.commands.command import Command
from scaffold.commands.options import Directory, SyncPath
from scaffold.commands.usage import examples
from scaffold.flux.providers import Provider

HELP = """Run `flux bootstrap PROVIDER` for this repository, checking before and verifying after.

Owner, repository, branch, privacy and hostname come from the answers recorded by
`gitops-scaffold new` unless given here. --context, --kubeconfig and --namespace
reach every flux call (check, bootstrap, check again). Flags after `--` go to flux
unchanged, except flags that carry a credential, that set a value given here, or
that select another cluster: those are refused. Tokens are read by flux from the
environment (GITHUB_TOKEN, GITLAB_TOKEN, GITEA_TOKEN, BITBUCKET_TOKEN, GIT_PASSWORD),
never from the command line.
"""


EXAMPLES = examples(
    "gitops-scaffold bootstrap github --dry-run",
    "gitops-scaffold bootstrap gitlab --sync-path clusters/staging -- --token-auth",
)


def bootstrap(
    provider: Annotated[
        Provider,
        typer.Argument(
            metavar="PROVIDER",
            help="Git provider, as for `flux bootstrap`: github, gitlab, gitea, "
            "bitbucket-server or git.",
        ),
    ],
    flux_args: Annotated[
        list[str] | None,
        typer.Argument(metavar="[-- FLUX_FLAGS...]", help="Extra flags passed to flux unchanged."),
    ] = None,
    sync_path: SyncPath = None,
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
    username: Annotated[
        str | None,
        typer.Option(help="Bitbucket Server user the token belongs to (project repositories)."),
    ] = None,
    remote: Annotated[
        str | None,
        typer.Option(help="Local git remote of the bootstrapped repository."),
    ] = None,
    context: Annotated[
        str | None, typer.Option(help="Kube context of the cluster (default: the current one).")
    ] = None,
    kubeconfig: Annotated[
        Path | None, typer.Option(help="Kubeconfig file (default: flux's, KUBECONFIG).")
    ] = None,
    namespace: Annotated[
        str | None, typer.Option(help="Namespace to install Flux in (default: flux-system).")
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
    directory: Directory = Path("."),
) -> None:
    """Run `flux bootstrap PROVIDER` for this repository, checking before and verifying after."""
    from scaffold.bootstrap.options import BootstrapOptions

    options = BootstrapOptions(
        sync_path=sync_path, owner=owner, repository=repository, branch=branch,
        personal=personal, private=private, hostname=hostname, url=url, username=username,
        remote=remote, context=context, kubeconfig=kubeconfig, namespace=namespace,
        flux_args=tuple(flux_args or ()), dry_run=dry_run, skip_lint=skip_lint, push=push,
    )
    from scaffold.bootstrap.run import bootstrap_repository
    from scaffold.commands.output import console
    from scaffold.repository.root import find_root

    code = bootstrap_repository(find_root(directory), provider, options, console())
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add the `bootstrap` command to `app`."""
    app.command(help=HELP, cls=Command, epilog=EXAMPLES)(bootstrap)
