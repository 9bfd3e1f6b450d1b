"""Check that a `gitops-scaffold ...` command line, as docs and hints write it, exists."""

from __future__ import annotations

import re
from typing import Any

import typer

from scaffold.cli import app

FLAG = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")
WORD = re.compile(r"[a-z][a-z-]*")
ALWAYS = {"-h", "--help"}


def _flags(command: Any) -> set[str]:
    names = set(ALWAYS)
    for param in command.params:
        names.update(param.opts)
        names.update(param.secondary_opts)
    return names


def problems(line: str) -> list[str]:
    """What does not exist in `line`: its (sub)command, or a flag the command lacks.

    A synopsis may offer alternatives, `remove release|repository NAME` (in a Markdown table
    `release\\|repository`): each one is checked.
    """
    line = line.split(" #", 1)[0].replace("\\|", "|")
    alternatives = re.search(r"(?<=\s)([a-z][a-z-]*(?:\|[a-z][a-z-]*)+)(?=\s|$)", line)
    if alternatives:
        found: list[str] = []
        for choice in alternatives.group(1).split("|"):
            found += problems(line[: alternatives.start()] + choice + line[alternatives.end() :])
        return found
    line = re.split(r"\s--(?:\s|$)", line, maxsplit=1)[0]  # flags after `--` go to flux
    words = line.split()
    assert words[0] == "gitops-scaffold", line
    command: Any = typer.main.get_command(app)
    path = ["gitops-scaffold"]
    rest = words[1:]
    while isinstance(command, typer.core.TyperGroup) and rest and WORD.fullmatch(rest[0]):
        found = command.get_command(None, rest[0])
        if found is None:
            return [f"{' '.join(path)}: no command {rest[0]!r}"]
        command, path, rest = found, [*path, rest[0]], rest[1:]
    known = _flags(command)
    unknown = sorted({f for f in FLAG.findall(" ".join(rest)) if f not in known})
    return [f"{' '.join(path)}: no option {flag}" for flag in unknown]
