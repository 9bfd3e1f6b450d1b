"""What a valid sync path is: the `--path` that `flux bootstrap` will sync."""

from __future__ import annotations

import re

from scaffold.errors import UsageError

# A lowercase DNS label (RFC 1123), as Kubernetes names namespaces.
DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")


def sync_path_problem(value: str) -> str | None:
    """Return why `value` is not a valid sync path, or None when it is."""
    if not value:
        return "it is empty"
    if any(ch in value for ch in "\0\n\r"):
        return "it contains a control character"
    if "\\" in value:
        return "it contains a backslash; use forward slashes (clusters/dev)"
    if value.startswith("/"):
        return "it is absolute; give a path relative to the repository root"
    segments = value.split("/")
    if any(seg in ("..", ".") for seg in segments):
        return "it contains `.` or `..`"
    if any(seg == "" for seg in segments):
        return "it has an empty segment (`//` or a trailing `/`)"
    bad = [seg for seg in segments if not DNS_LABEL.fullmatch(seg)]
    if bad:
        return f"segment {bad[0]!r} is not a lowercase DNS label (a-z, 0-9, `-`)"
    return None


def normalize_sync_path(value: str) -> str:
    """Strip a leading `./` and trailing slashes, as flux does with `--path`."""
    text = value.strip()
    while text.startswith("./"):
        text = text[2:]
    return text.rstrip("/") if text != "/" else text


def validate_sync_path(value: str) -> str:
    """Return the normalised sync path, or raise UsageError saying what is wrong."""
    path = normalize_sync_path(value)
    problem = sync_path_problem(path)
    if problem:
        raise UsageError(
            f"invalid sync path {value!r}: {problem}",
            hint="use a relative POSIX path of lowercase segments, such as clusters/dev",
        )
    return path
