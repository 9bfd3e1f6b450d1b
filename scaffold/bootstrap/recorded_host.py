"""A host read from the committed answers file must be origin's host.

The answers file is committed, so anyone who can push a commit can change
`git_url` or `hostname`; `bootstrap` then hands that host the token
(GIT_PASSWORD, GITHUB_TOKEN, ...) with every other check passing. A host given
on the command line is the user's own choice and is not compared.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from scaffold import redact
from scaffold.errors import UsageError
from scaffold.repository.remote import SCP_LIKE, configured_url


def host_of(url: str) -> str | None:
    """The lower-case host name of a git URL (no user, no port), None for a local path."""
    text = url.strip()
    if "://" in text:
        try:
            parts = urlsplit(text)
        except ValueError:  # an unclosed IPv6 bracket
            return None
        return parts.hostname.lower() if parts.scheme != "file" and parts.hostname else None
    scp = SCP_LIKE.match(text)
    return scp["host"].lower() if scp else None


def check_recorded_host(
    root: Path, recorded: str | None, value: str, *, key: str, flag: str, answers: str
) -> None:
    """Refuse `value` (host `recorded`), read as `key` from `answers`, unless origin is there.

    Nothing is compared without an `origin` that names a host (a new repository,
    or one cloned from a local path): there is no host the user chose to defend.
    """
    origin = configured_url(root, "origin")
    expected = host_of(origin) if origin else None
    if expected is None or recorded == expected:
        return
    value = redact.url(value)
    raise UsageError(
        f"{answers}: {key} {value!r} is not on origin's host {expected}; refusing to send "
        "the bootstrap and its token there",
        hint=f"if {value} is right, pass it as {flag} on the command line; "
        f"otherwise restore {key} in {answers}",
    )
