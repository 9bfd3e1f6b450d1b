"""Chart versions as `add release` and `upgrade release` accept them.

Helm versions charts with SemVer 2; Flux reads `spec.chart.spec.version` as a
constraint, so `8.5` or `8.x` there means "any 8.5 patch" and `*` "the newest":
the cluster's version then moves without a commit. An exact version is required
unless the user asks for a range with `--allow-range`.
"""

from __future__ import annotations

import re

from scaffold.errors import UsageError
from scaffold.flux.vocabulary import is_exact_version

# One term of a Masterminds/semver constraint (the library Helm and Flux use).
_PART = r"(?:\d+|[xX*])"
_TERM = (
    r"(?:!=|>=|=>|<=|=<|~>|[=<>~^])? *v?"
    rf"{_PART}(?:\.{_PART}){{0,2}}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?"
)
_AND = rf"{_TERM}(?: +- +{_TERM})?(?:(?: *, *| +){_TERM}(?: +- +{_TERM})?)*"
CONSTRAINT = re.compile(rf" *{_AND}(?: *\|\| *{_AND})* *")
MAX_CONSTRAINT = 128
RANGE_HINT = (
    "give an exact version such as 1.2.3 (the cluster then runs what Git says), "
    "or pass --allow-range to let Flux pick the newest match"
)


is_exact = is_exact_version


def check_version(version: str, *, allow_range: bool) -> bool:
    """Return whether `version` is exact; refuse a range without `allow_range`, and junk."""
    if is_exact(version):
        return True
    if version.strip().lower() == "latest":
        raise UsageError(
            "chart version 'latest' is not something Flux understands",
            hint="give an exact version such as 1.2.3, or `--version '*' --allow-range` "
            "to follow the newest release",
        )
    if len(version) > MAX_CONSTRAINT or not CONSTRAINT.fullmatch(version):
        raise UsageError(
            f"invalid chart version {version!r}",
            hint="give an exact SemVer version such as 1.2.3 (or a range such as '>=1.2.0 <2.0.0' "
            "with --allow-range)",
        )
    if not allow_range:
        raise UsageError(f"chart version {version!r} is a range, not one version", hint=RANGE_HINT)
    return False
