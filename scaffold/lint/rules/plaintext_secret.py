"""A Kubernetes Secret with its data in plain text is committed.

## What it does
Reports a `kind: Secret` document with non-empty `data` or `stringData` in any
file lint reads (tracked, or about to be), anywhere in the repository. Secrets
encrypted with SOPS (they carry `sops:` metadata) are fine, and so is a value
(base64-decoded for `data`) that discloses nothing:

- a reference to a secret held elsewhere (`${VAR}`, `op://`, `ref+vault://`);
- a template around Flux substitutions (`s3:${S3_ENDPOINT}/restic/${APP}`), unless
  its literal text still holds a URL password (`://user:pw@`) or key material (16
  or more characters mixing upper and lower case and digits, or 32 hex digits);
- an obvious placeholder: `<...>`, runs of `x` or `*` (`XXXX`), `changeme`,
  `replaceme`, `todo`, `your-...`;
- public material: known_hosts lines, SSH public keys, PEM certificates.

One literal value among those is enough to report the Secret.

It also reports a Secret, SOPS-encrypted or not, whose
`kubectl.kubernetes.io/last-applied-configuration` annotation (left by `kubectl
apply` and kept by `kubectl get -o yaml`) repeats literal `data`/`stringData`:
SOPS set to encrypt only `data`/`stringData` leaves that annotation in plain text.

## Why is this bad
`data` is only base64, not encryption: anyone who can read the repository, or any
of its clones and forks, can read the secret, for ever, from history.

## Example
```yaml
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData:
  password: hunter2
```

## Fix
Seal it (`kubeseal`, or `gitops-scaffold seal`) into a SealedSecret in
`helm/secrets/<name>-sealed.yaml`, or encrypt it with SOPS; delete the plain
file, and rotate the secret if it was ever pushed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

ID = "plaintext-secret"
DEFAULT_LEVEL = "error"
FIXABLE = False
OPTIONS: dict[str, tuple[type, object]] = {}
SUMMARY = "A `kind: Secret` with plaintext `data` or `stringData` is committed."


def check(ctx: RepoContext) -> Iterator[RawFinding]:
    """Yield each unencrypted Secret with data."""
    for facts, doc in ctx.every_document():
        if doc.kind == "Secret" and doc.last_applied_pos is not None:
            yield RawFinding(
                ID,
                facts.path,
                *doc.last_applied_pos,
                f"Secret `{doc.name or '?'}` repeats its data unencrypted in the "
                "`kubectl.kubernetes.io/last-applied-configuration` annotation"
                + (", which SOPS left in plain text" if doc.sops else ""),
                "remove the annotation (and rotate the secret if it was pushed); with SOPS "
                "re-encrypt the file after removing it",
            )
        if doc.kind != "Secret" or doc.secret_data_pos is None or doc.sops:
            continue
        yield RawFinding(
            ID,
            facts.path,
            *doc.secret_data_pos,
            f"Secret `{doc.name or '?'}` holds its data unencrypted",
            "seal it into a SealedSecret (or encrypt it with SOPS), remove this file, "
            "and rotate the secret if it was pushed",
        )
