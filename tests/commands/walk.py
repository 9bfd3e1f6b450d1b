"""Every leaf command of the app, by its path: `["add", "release"]`, `["lint"]`..."""

from __future__ import annotations

from typing import Any

import typer

from scaffold.cli import app


def leaf_commands() -> dict[str, Any]:
    """Each runnable command by its space-separated path."""
    found: dict[str, Any] = {}

    def walk(command: Any, path: list[str]) -> None:
        if isinstance(command, typer.core.TyperGroup):
            for name in command.list_commands(None):
                walk(command.get_command(None, name), [*path, name])
        else:
            found[" ".join(path)] = command

    walk(typer.main.get_command(app), [])
    return found


def option(command: Any, flag: str) -> Any:
    """The parameter of `command` that `flag` names, or None."""
    return next((p for p in command.params if flag in p.opts), None)
