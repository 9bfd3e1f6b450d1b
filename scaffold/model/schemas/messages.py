"""Wording of violations: paths, value redaction and fix hints."""

from __future__ import annotations

import difflib
import re

# Path segments that suggest the value is a credential; matched case-insensitively as
# substrings, so `accessKeyID`, `bearerToken` and `secretRef` all count.
CREDENTIAL_WORDS = (
    "password",
    "passwd",
    "token",
    "secret",
    "key",
    "credential",
    "cert",
    "private",
    "auth",
    "encrypted",
    "signature",
    "bearer",
    "cookie",
    "session",
)
# Whole segments holding secret payloads (Secret templates inside SealedSecrets).
PAYLOAD_SEGMENTS = {"data", "stringdata"}
JsonPath = tuple[str | int, ...]
_SEGMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_SHOWABLE = re.compile(r"[A-Za-z0-9_.:/@+-]{1,40}")
DURATION_PATTERNS = {
    r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$": "`ms`, `s`, `m` or `h`",
    r"^([0-9]+(\.[0-9]+)?(ms|s|m))+$": "`ms`, `s` or `m`",
}


def format_path(path: JsonPath) -> str:
    """Mapping keys joined by dots, list indexes in brackets: `spec.valuesFrom[0].kind`."""
    text = ""
    for segment in path:
        if isinstance(segment, int):
            text += f"[{segment}]"
        elif _SEGMENT.fullmatch(segment):
            text += f".{segment}" if text else segment
        else:
            text += '["' + segment.replace('"', '\\"') + '"]'
    return text


def looks_secret(path: JsonPath) -> bool:
    """Whether any key on the path names something that may hold a credential."""
    from scaffold import redact  # on use: the validator stands alone until it reports
    for segment in path:
        if isinstance(segment, int):
            continue
        folded = segment.lower()
        if folded in PAYLOAD_SEGMENTS or any(word in folded for word in CREDENTIAL_WORDS):
            return True
        if redact.is_sensitive_key(segment):  # `DB_PASS`, `SMTP_PWD`
            return True
    return False


def shown(value: str, path: JsonPath) -> str | None:
    """The value in backticks when it is short, plain and not under a credential-like path."""
    from scaffold import redact
    if looks_secret(path) or not _SHOWABLE.fullmatch(value) or redact.has_secret(value):
        return None
    return f"`{value}`"


def did_you_mean(key: str, known: list[str]) -> str | None:
    """The one known field the unknown key most likely meant, case-insensitive match first."""
    folded = {name.lower(): name for name in known}
    if key.lower() in folded:
        return folded[key.lower()]
    close = difflib.get_close_matches(key.lower(), list(folded), n=1, cutoff=0.75)
    return folded[close[0]] if close else None


def unknown_field_hint(key: str, known: list[str]) -> str:
    """How to fix an unknown field: the likely intended name, or the names allowed there."""
    guess = did_you_mean(key, known)
    if guess is not None:
        return f"did you mean `{guess}`?"
    if len(known) <= 12:
        return "known fields here: " + ", ".join(f"`{name}`" for name in sorted(known))
    return "remove it: the cluster rejects fields its schema does not define"


def type_problem(
    found: str, allowed: set[str], text: str | None, unquoted: str | None, path: JsonPath
) -> tuple[str, str]:
    """Message and hint for a value of the wrong type; text and unquoted describe a scalar."""
    wanted = " or ".join(sorted(allowed))
    message, hint = f"expected {wanted}, got {found}", f"write a value of type {wanted}"
    if unquoted in allowed:
        hint = "remove the quotes: quoted values are always strings"
    if "string" in allowed and text is not None:
        value = shown(text, path)
        # `true` needs no explanation; `yes`, `on` or `1.20` surprise people.
        if value is not None and text.lower() not in ("true", "false"):
            message += f" ({value} is read as {found} by YAML 1.1)"
        hint = f'quote it so it stays a string: "{text}"' if value else "quote it"
    return message, hint


def pattern_problem(pattern: str, value: str | None) -> tuple[str, str]:
    """Message and hint for a string that fails the schema's pattern."""
    subject = value or "the value"
    units = DURATION_PATTERNS.get(pattern)
    if units is not None:
        return (
            f"{subject} is not a duration",
            f"write a Go duration such as `30s`, `5m` or `1h30m` (units {units})",
        )
    return f"{subject} does not match the pattern `{pattern}`", "change it to match the pattern"
