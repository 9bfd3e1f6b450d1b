"""What a credential-like key is, shared by `add release` and the linter.

A key is credential-like when, lowercased and with `-` and `_` removed, it
*ends* with one of CREDENTIAL_WORDS: `password`, `adminPassword`, `db_password`,
`githubToken`, `clientSecret`, `AWS_SECRET_ACCESS_KEY`, `apiKey`, `credentials`.

Keys that merely *mention* a credential word name or locate a Secret rather
than hold one, so they do not end with it: `secretName`, `passwordSecretRef`,
`existingSecretPasswordKey`, `tokenSecretName`, `passwordFile`. Keys starting
with `existing` (`existingSecret`) are the Helm charts' convention for "use
this Secret" and are never credentials.
"""

from __future__ import annotations

CREDENTIAL_WORDS: tuple[str, ...] = (
    "password",
    "passwd",
    "passphrase",
    "token",
    "secret",
    "apikey",
    "accesskey",
    "secretkey",
    "privatekey",
    "clientsecret",
    "credential",
    "credentials",
)

# Prefixes of keys that point at an existing Secret.
REFERENCE_PREFIXES: tuple[str, ...] = ("existing",)


def normalize_key(key: str) -> str:
    """The key lowercased, without `-` and `_`."""
    return key.lower().replace("-", "").replace("_", "")


def is_credential_key(key: str) -> bool:
    """Whether a values key looks like it holds a credential (case- and `-`/`_`-insensitive)."""
    norm = normalize_key(key)
    if norm.startswith(REFERENCE_PREFIXES):
        return False
    return norm.endswith(CREDENTIAL_WORDS)
