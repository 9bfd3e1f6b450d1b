"""`gitops-scaffold rules`: list the lint rules, or print one rule's documentation."""

from __future__ import annotations

from typing import Annotated

import typer

from scaffold.commands import completion
from scaffold.commands.command import Command
from scaffold.commands.usage import examples

EXAMPLES = examples(
    "gitops-scaffold rules",
    "gitops-scaffold rules unpinned-chart-version",
)


def rules(
    rule_id: Annotated[
        str | None, typer.Argument(
            metavar="ID",
            help="Print the documentation of this rule.",
            autocompletion=completion.rule_ids,
        ),
    ] = None,
) -> None:
    """List every lint rule, or document one."""
    from scaffold.lint.registry import RULES, require_rule

    if rule_id is None:
        width = max(len(r) for r in RULES)
        for rule in RULES.values():
            fixable = "fix" if rule.fixable else "   "
            typer.echo(f"{rule.id:<{width}}  {rule.default_level:<7}  {fixable}  {rule.summary}")
        return
    found = require_rule(rule_id, "rules")
    fixable = "yes" if found.fixable else "no"
    scope = "; only files a cluster applies" if found.applied_only else ""
    typer.echo(f"{found.id} (default: {found.default_level}; fixable: {fixable}{scope})")
    typer.echo("")
    typer.echo(found.doc)


def register(app: typer.Typer) -> None:
    """Add the `rules` command to the app."""
    app.command("rules", cls=Command, epilog=EXAMPLES)(rules)
