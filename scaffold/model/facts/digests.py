"""Digests of names the facts must not keep in the clear.

A Secret's key may itself be a credential (a token pasted as a key): the facts, which
are cached on disk, keep a digest of each key a rule compares, never the key.
"""

from __future__ import annotations

import hashlib

# Enough bits that two names of one Secret never collide by chance.
DIGEST_CHARS = 24


def key_digest(name: str) -> str:
    """The digest of a data key's name, as the facts keep it."""
    return hashlib.sha256(b"data-key\0" + name.encode("utf-8", "surrogatepass")).hexdigest()[
        :DIGEST_CHARS
    ]
