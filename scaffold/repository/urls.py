"""Repository URLs never carry credentials: not in answers, on flux's argv, nor in output.

`https://user:password@host/x.git` and `https://<token>@host/x.git` (GitHub and
GitLab accept a token as the user name) both put a secret where it gets committed,
printed and passed on command lines. An SSH user name (`ssh://git@host/x`,
`git@host:x.git`) is an account, not a secret, unless it looks like a token.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scaffold.errors import UsageError

_SCP_LIKE = re.compile(r"(?P<user>[^@/:]+(?::[^@/]*)?)@[^:/]+:(?!//)")
_SSH_USER = re.compile(r"[a-z_][a-z0-9_.-]{0,31}")
_TOKEN_PREFIXES = (
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "gldt-",
    "glptt-",
)


def userinfo(url: str) -> tuple[str, str | None] | None:
    """The (user, password) before `@` in `url`, or None when there is none."""
    scp = _SCP_LIKE.match(url) if "://" not in url else None
    if scp is not None:
        user, sep, password = scp["user"].partition(":")
        return user, password if sep else None
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return None
    if "@" not in netloc:
        return None
    user, sep, password = netloc.rpartition("@")[0].partition(":")
    return user, password if sep else None


def carries_credentials(url: str) -> bool:
    """Whether `url` holds a password, or a user name that is not a plain SSH account."""
    found = userinfo(url)
    if found is None:
        return False
    user, password = found
    if password is not None:
        return True
    ssh = "://" not in url or url.lower().startswith(("ssh://", "git+ssh://", "ssh+git://"))
    plain_account = _SSH_USER.fullmatch(user) and not user.startswith(_TOKEN_PREFIXES)
    return not (ssh and plain_account)


def refuse_credentials(url: str, source: str, *, hint: str | None = None) -> str:
    """`url` when it carries no credentials; else a UsageError that never shows the URL."""
    if carries_credentials(url):
        raise UsageError(
            f"{source}: the URL carries credentials (a user name or password before `@`); "
            "refusing to record or pass it on",
            hint=hint
            or "drop them from the URL (and rotate them if they were shared); give the token "
            "through the provider's environment variable, e.g. GITHUB_TOKEN or GIT_PASSWORD",
        )
    return url
