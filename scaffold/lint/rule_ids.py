"""The rule id a mistyped one most likely meant: for `--select`, the config file and
suppression comments alike."""

from __future__ import annotations

from collections.abc import Iterable


def closest_rule(rule_id: str, known: Iterable[str]) -> str | None:
    """The id among `known` that a mistyped `rule_id` most likely meant, or None."""
    import difflib  # only when an id is wrong

    found = difflib.get_close_matches(rule_id, list(known), n=1, cutoff=0.6)
    return found[0] if found else None
