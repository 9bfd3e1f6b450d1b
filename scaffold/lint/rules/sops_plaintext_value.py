"""A SOPS-encrypted file keeps a credential in plain text.

## What it does
Reports a YAML document that carries a `sops:` block but not one `ENC[...]`
value (its selector matched no key: everything is plain text), once, at its first
value. In a document SOPS did encrypt in part, reports each credential-like key
(`password`, `token`, `secret`, `apiKey`... the list `inline-secret-value` uses,
with its `extra_keys`) holding a literal value, and each `data`/`stringData` entry
of a Secret that is not `ENC[...]`. The message names the selector the block
records (`encrypted_regex`, `encrypted_suffix`, `unencrypted_regex`,
`unencrypted_suffix`), which is what let the value through. The value itself is
never printed.

## Why is this bad
SOPS encrypts only the keys its creation rule selects. A rule written for Secrets
(`encrypted_regex: ^(data|stringData)$`) selects nothing in a Helm values file or a
ConfigMap, so `sops -e` writes the file with every value readable and a `sops:`
block that makes it look safe: the credential is in Git, in its whole history.

## Example
```yaml
# values.enc.age.yaml
minecraftServer:
  passwordSSH: password          # not ENC[...]
sops:
  encrypted_regex: ^(data|stringData)$
```

## Fix
Widen the creation rule in `.sops.yaml` for such files (an `encrypted_regex` that
selects the key, or a `path_regex` rule of their own), re-encrypt with
`sops -e -i`, and rotate the credential: it was pushed in plain text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "sops-plaintext-value"
DEFAULT_LEVEL = "error"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A SOPS-encrypted file keeps a credential in plain text."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each value a SOPS document left unencrypted."""
    for facts, doc in ctx.every_document():
        selector = f" (`{doc.sops_selector}` does not select it)" if doc.sops_selector else ""
        for key_path, (line, column) in doc.sops_plaintext:
            message = f"`{key_path}` is not encrypted in this SOPS file{selector}"
            if doc.sops_nothing_encrypted:
                message = (
                    f"SOPS encrypted no value of this file{selector.replace('it)', 'any key)')}"
                    f": `{key_path}` and every other value are in plain text"
                )
            yield RawFinding(
                ID,
                facts.path,
                line,
                column,
                message,
                "make the `.sops.yaml` creation rule select it, re-encrypt with `sops -e -i`, "
                "and rotate the credential",
            )
