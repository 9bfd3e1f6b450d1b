"""Usage lines with plain metavars: `DEST`, `PROVIDER`, `[PATH]`, never `{dest}`."""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperCommand


def plain_metavar(param: TyperArgument) -> str:
    """The argument as a usage line shows it: upper case, optional ones in brackets."""
    metavar = param.metavar or (param.name or "").upper()
    if metavar.startswith("["):
        return metavar
    if param.nargs != 1 and not metavar.endswith("..."):
        metavar += "..."
    return metavar if param.required else f"[{metavar}]"


class PlainUsage(TyperCommand):
    """A command whose usage line names its arguments plainly (typer wraps them in braces)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """`[OPTIONS]` then each argument's plain metavar."""
        pieces = [self.options_metavar] if self.options_metavar else []
        pieces += [plain_metavar(p) for p in self.get_params(ctx) if isinstance(p, TyperArgument)]
        return pieces


def examples(*lines: str) -> str:
    """An epilog showing `lines` as typed, one per line (`\\b` keeps click from rewrapping)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)
