"""The one redaction of text the tool shows or stores: what a credential may hide in.

Every report, listing, diff context and cache entry passes through `text`:

- a URL loses its user information (`https://user:pw@host`, `https://<token>@host`);
  a plain SSH account (`ssh://git@host/x`, `git@host:x`) is not a secret and stays;
- the value of a credential-like key is masked, written as YAML (`password: x`), JSON
  (`"db_password":"x"`, also inside a YAML string) or an environment line (`DB_PASS=x`).

A credential-like key is what `repository.credentials` says, plus the short forms
found in environment names (`DB_PASS`, `SMTP_PWD`): showing less is always safe here.
The lint rules keep the narrower definition: a finding needs more than a hunch.
"""

from __future__ import annotations

import re

from scaffold.repository.credentials import is_credential_key
from scaffold.repository.urls import carries_credentials

MASK = "<hidden>"
# `DB_PASS`, `smtp-pwd`: the short forms, as the last word of a key only (not `bypass`).
_SHORT_FORM = re.compile(r"(?i)(?:^|[_.-])(?:pass|pwd|pw)$")
# `scheme://userinfo@`: the userinfo runs to the `@` before the host.
_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^\s/?#'\"`<>]*)@")
# `key: value`, `"key": "value"`, `'key':value`, `KEY=value` (value to the end of the pair).
_PAIR = re.compile(
    r"""(?P<quote>["']?)(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)(?P=quote)"""
    r"""(?P<sep>\s*[:=]\s*)(?P<value>"(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;}\]"'`]+)"""
)


def is_sensitive_key(key: str) -> bool:
    """Whether a value under `key` is masked: credential-like, or a short form of one."""
    return is_credential_key(key) or _SHORT_FORM.search(key) is not None


def url(value: str) -> str:
    """`value` with the user information of every URL in it masked."""

    def masked(match: re.Match[str]) -> str:
        scheme, userinfo = match.group(1), match.group(2)
        if not carries_credentials(f"{scheme}{userinfo}@host/"):
            return match.group(0)
        return f"{scheme}{MASK}@"

    return _URL_USERINFO.sub(masked, value)


def text(value: str) -> str:
    """`value` as it may be shown or stored (a line of a file): URLs without credentials,
    and the values of credential-like keys masked, in YAML, JSON and `KEY=value` form."""
    if ":" not in value and "=" not in value:
        return value  # neither a URL nor a pair: most values, and the quickest answer
    return _pairs(url(value), prose=False)


def message(value: str) -> str:
    """A finding's message or hint as it may be shown or stored: as `text`, except that
    `path.key: words` is prose, not a pair (the value under a credential-like path is
    left out where the message is written)."""
    return _pairs(url(value), prose=True)


def has_secret(value: str) -> bool:
    """Whether `text` would mask anything in `value`."""
    return text(value) != value


def _pairs(value: str, *, prose: bool) -> str:
    def masked(match: re.Match[str]) -> str:
        raw = match.group("value")
        quoted = raw[:1] in ("'", '"')
        head = match.group(0)[: match.start("value") - match.start()]
        is_pair = not prose or match.group("quote") or "=" in match.group("sep")
        if not is_pair or not is_sensitive_key(match.group("key")):
            # A quoted value may itself hold pairs: JSON or KEY=value in a YAML string.
            return head + (raw[0] + _pairs(raw[1:-1], prose=prose) + raw[-1] if quoted else raw)
        if raw.strip("'\"") == MASK:
            return match.group(0)
        return head + (f"{raw[0]}{MASK}{raw[0]}" if quoted else MASK)

    return _PAIR.sub(masked, value)
