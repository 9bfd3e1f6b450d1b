"""The click command class every command uses: plain usage lines, older spellings mapped.

`--format FORMAT` is the older name of `-o/--output FORMAT` and means the same;
lint's `-f` is refused with the new spelling, never read as something else.
"""

from __future__ import annotations

from typing import Any

from scaffold.commands.options import OLD_FORMAT_FLAG, OUTPUT_FLAGS
from scaffold.commands.usage import PlainUsage
from scaffold.errors import UsageError


def modern_spelling(args: list[str], takes_value: set[str]) -> list[str]:
    """`args` with `--format` spelled `--output`; `-f` refused. Option values and what
    follows `--` are left alone."""
    spelled: list[str] = []
    old = new = False
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            spelled += args[index:]
            break
        name = arg.split("=", 1)[0] if arg.startswith("--") else arg[:2]
        if name == OLD_FORMAT_FLAG:
            old = True
            arg = OUTPUT_FLAGS[0] + arg[len(OLD_FORMAT_FLAG) :]
        elif name in OUTPUT_FLAGS:
            new = True
        elif name == "-f":
            raise UsageError(
                "-f is no longer an option", hint="name the output format with -o/--output FORMAT"
            )
        spelled.append(arg)
        if arg in takes_value and index + 1 < len(args):
            spelled.append(args[index + 1])
            index += 1
        index += 1
    if old and new:
        raise UsageError(
            "--format and -o/--output both name the output format", hint="give -o FORMAT once"
        )
    return spelled


class Command(PlainUsage):
    """A command that reads the older spelling of its output option as the new one."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse `args` once the older spellings are mapped."""
        if any(OUTPUT_FLAGS[0] in getattr(p, "opts", ()) for p in self.params):
            takes_value = {
                opt
                for p in self.params
                if not getattr(p, "is_flag", True) and not getattr(p, "count", False)
                for opt in (*p.opts, *p.secondary_opts)
                if opt.startswith("-")
            }
            args = modern_spelling(args, takes_value)
        result: list[str] = super().parse_args(ctx, args)
        return result
