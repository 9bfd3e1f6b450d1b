"""Which committed values are literal credentials, and which only look like one.

A value is not a credential when it refers to one held elsewhere: a Flux
`${VAR}` substitution, a 1Password `op://` reference, a vals `ref+` URL, a
Grafana `$__file{}`/`$__env{}` provider; nor when it is a duration
(`access_token: 1h` is a token's lifetime).

A template is not one either: text around `${VAR}` substitutions
(`s3:${S3_ENDPOINT}/restic/${APP}`, `postgres://${USER}:${PASS}@db:5432/app`), since
Flux fills the secret parts in, unless its literal text still carries one: a URL
password (`://user:hunter2@`) or a run of 16 or more key characters mixing upper and
lower case and digits (or 32 hex digits). Nor is an obvious placeholder: `<...>`,
a run of `x` or `*` (`XXXX`, `xxxx-xxxx`), `changeme`, `replaceme`, `todo`,
`your-token-here`, in `stringData` or where `data`'s base64 goes. In a Secret,
public material is no secret: values made only of
known_hosts lines, SSH public keys or PEM certificates. A key inside a Secret
(`clientSecretKey: OIDC_SECRET`, `secretKey` beside `secretName`) holds a name; so does
`<what>SecretKey` when `<what>` is the credential that key of the Secret holds
(`passwordSecretKey`, `adminPasswordSecretKey`, `tokenSecretKey`, `clientSecretKey`)
and the value is shaped like a key's name (`password`, `client-secret`, `adminPassword`,
`tls.key`: words without digits). A store's own secret key (`secretKey`,
`awsSecretKey`, `minioSecretKey`) is the credential, whatever its shape.

A key `<what>Secret` whose value is a Kubernetes object name holds the name of a
Secret object when `<what>` says what that object holds or carries: a credential
(`passwordSecret`, `tokenSecret`, `apiKeySecret`, `adminPasswordSecret`, `sshSecret`)
or a carrier (`configFileSecret`, `githubConfigSecret`, `envSecret`, `valuesSecret`,
`pullSecret`, `tlsSecret`, `backupTargetCredentialSecret`), or is the charts'
`existing` (`passwordExistingSecret`); so does a bare `secret`
under `tls`. When `<what>` names who shares the secret (`clientSecret`,
`sharedSecret`, `jwtSecret`, `webhookSecret`, `cookieSecret`) or is empty, the value
is the secret itself. Values are looked at here and never kept.
"""

from __future__ import annotations

import base64
import binascii
import re

import yaml

from scaffold.model.facts.nodes import Node, get, key_node, position
from scaffold.repository import credentials

NON_LITERAL_TAGS = ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool")
SUBSTITUTION = re.compile(r"\$\{[^}]+\}")
REFERENCE = re.compile(r"^(op://|ref\+[a-z0-9]+://|\$__(file|env|vault)\{)")
PLACEHOLDER = re.compile(
    r"^(<[^<>\n]+>|[x*]{3,}([-_.:/ ][x*]{3,})*|change[-_ ]?me|replace[-_ ]?me|todo|tbd"
    r"|fixme|your[-_ ][a-z0-9_ -]+)$",
    re.IGNORECASE,
)
URL_PASSWORD = re.compile(r"://[^/@:\s]*:[^/@\s]+@")
KEY_RUN = re.compile(r"[A-Za-z0-9+/=_-]{16,}")
HEX_RUN = re.compile(r"[0-9a-fA-F]{32,}")
SSH_KEY = r"(ssh-(rsa|ed25519|dss)|ecdsa-sha2-\S+|sk-\S+)\s+AAAA[A-Za-z0-9+/=]+(\s.*)?"
PUBLIC_LINE = re.compile(rf"^((@\S+\s+)?\S+\s+)?{SSH_KEY}$")
CERTIFICATES = re.compile(
    r"^(\s*-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*)+$"
)
DURATION = re.compile(r"^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d|w|y))+$")
KUBERNETES_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
KEY_NAME = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^[a-z0-9]+([._-][a-z0-9]+)*\.[a-z]+$")
# The name of a key inside a Secret, as charts spell them: `password`, `client-secret`,
# `ADMIN_PASSWORD`, `adminPassword`. Words only: a digit or a symbol is a credential's.
DATA_KEY_WORDS = re.compile(r"^([a-z]+([-_.][a-z]+)*|[A-Z]+(_[A-Z]+)*|[a-z]+([A-Z][a-z]+)+)$")
# What precedes `SecretKey` when the key names the key of a Secret holding that credential
# (`passwordSecretKey`, `clientSecretKey`: the client secret's key), unlike a store's own
# secret key (`secretKey`, `awsSecretKey`, `minioSecretKey`).
KEY_OF_QUALIFIERS = (
    "password", "passwd", "passphrase", "token", "key", "client", "credential", "credentials",
)  # fmt: skip
# What a key `<what>Secret` says a Secret object holds or carries, when it names one.
SECRET_OBJECT_QUALIFIERS = (
    # what it holds: a credential
    "password", "passwd", "passphrase", "token", "key", "keys", "credential", "credentials",
    "auth", "ssh", "tls", "ssl", "cert", "certs", "certificate", "ca", "keystore", "truststore",
    # what carries it: a file, a config, an environment, a registry login
    "config", "configuration", "file", "files", "env", "values", "pull", "git", "backup",
    "target", "registry", "docker", "image", "bucket", "storage", "ref",
    # the Helm charts' word for "a Secret that exists already" (`passwordExistingSecret`)
    "existing",
)  # fmt: skip


def is_reference(value: str) -> bool:
    """Whether `value` points at a secret held elsewhere, is a template Flux fills in, or a
    placeholder for one."""
    stripped = value.strip()
    if not stripped or REFERENCE.match(stripped) or PLACEHOLDER.match(stripped):
        return True
    return "${" in stripped and _is_template(stripped)


def _is_template(value: str) -> bool:
    """Whether the literal text around `${VAR}`s holds no credential of its own."""
    rest = SUBSTITUTION.sub("", value)
    if rest == value or URL_PASSWORD.search(rest) or HEX_RUN.search(rest):
        return False
    return not any(_mixes_cases_and_digits(run) for run in KEY_RUN.findall(rest))


def _mixes_cases_and_digits(run: str) -> bool:
    has = (any(c.isupper() for c in run), any(c.islower() for c in run))
    return all(has) and any(c.isdigit() for c in run)


def is_public(value: str) -> bool:
    """Whether `value` is public key material: known_hosts lines, SSH public keys, PEM
    certificates."""
    lines = [line.strip() for line in value.strip().splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("#")]
    if lines and all(PUBLIC_LINE.match(line) for line in lines):
        return True
    return bool(CERTIFICATES.match(value))


def names_a_secret(key: str, value: str, parent: str, siblings: Node) -> bool:
    """Whether `key: value` names a Secret or a key inside one rather than holding it."""
    norm = credentials.normalize_key(key)
    if norm.endswith(("secretkey", "passwordkey", "tokenkey")):
        if KEY_NAME.match(value) or _has_secret_name_sibling(siblings):
            return True
        qualifier = norm.removesuffix("secretkey")
        return (
            qualifier != norm
            and qualifier.endswith(KEY_OF_QUALIFIERS)
            and bool(DATA_KEY_WORDS.match(value))
        )
    if norm.endswith("secret") and KUBERNETES_NAME.match(value):
        qualifier = norm.removesuffix("secret")
        return qualifier.endswith(SECRET_OBJECT_QUALIFIERS) or (
            not qualifier and credentials.normalize_key(parent) == "tls"
        )
    return False


def _has_secret_name_sibling(mapping: Node) -> bool:
    for key, _ in mapping.value if isinstance(mapping, yaml.MappingNode) else ():
        norm = credentials.normalize_key(str(getattr(key, "value", "")))
        if norm in ("secretname", "name", "existingsecret", "secret", "secretref"):
            return True
    return False


def is_literal_credential(node: yaml.ScalarNode) -> bool:
    """Whether a scalar under a credential key holds a literal credential."""
    if node.tag in NON_LITERAL_TAGS:
        return False
    value = str(node.value)
    return not is_reference(value) and not DURATION.match(value.strip())


def is_credential_key(key: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a values key names a credential whose literal value must not be committed."""
    return credentials.is_credential_key(key) or credentials.normalize_key(key) in extra


def literal_data_position(secret: Node) -> tuple[int, int] | None:
    """Where a Secret's `data`/`stringData` with a literal value starts, or None."""
    for field, encoded in (("data", True), ("stringData", False)):
        data = get(secret, field)
        if isinstance(data, yaml.MappingNode) and any(
            _is_literal_entry(value, encoded) for _, value in data.value
        ):
            key = key_node(secret, field)
            return position(key) if key is not None else None
    return None


def _is_literal_entry(node: Node, encoded: bool) -> bool:
    if not isinstance(node, yaml.ScalarNode):
        return True
    return is_literal_value(str(node.value), encoded)


def is_literal_value(value: str, encoded: bool) -> bool:
    """Whether a Secret data value (base64 when `encoded`) discloses a secret."""
    if encoded:
        if is_reference(value):
            return False  # a placeholder written where the base64 goes (`identity: XXXX`)
        try:
            value = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return True
    return not is_reference(value) and not is_public(value)


def credential_values(
    values: Node | None, extra: tuple[str, ...], encrypted_ok: bool = False
) -> list[tuple[str, tuple[int, int]]]:
    """Key paths (and key positions) of credential-like keys holding literal values
    (with `encrypted_ok`, SOPS `ENC[...]` values are not literal).

    Never returns or keeps the value itself. Each node is visited once (aliases).
    """
    found = []
    extra_keys = frozenset(e.lower().replace("_", "").replace("-", "") for e in extra)
    seen: set[int] = set()
    verdicts: dict[str, bool] = {}  # keys repeat a lot across a values tree
    # Paths are kept as tuples and only joined for a finding: most keys never need one.
    stack: list[tuple[Node, tuple[str, ...]]] = [(values, ())] if values is not None else []
    # The walk visits every node of a values tree (the bulk of a HelmRelease): node
    # types are compared by identity (composed nodes are never subclassed).
    scalar, mapping, sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    while stack:
        node, prefix = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        kind = type(node)
        if kind is sequence:
            stack.extend(
                (item, (*prefix, f"[{i}]"))
                for i, item in enumerate(node.value)
                if type(item) is not scalar
            )
            continue
        if kind is not mapping:
            continue
        for key, value in node.value:
            name = key.value if type(key) is scalar else "?"
            if type(value) is not scalar:
                stack.append((value, (*prefix, name)))
                continue
            verdict = verdicts.get(name)
            if verdict is None:
                verdict = verdicts[name] = is_credential_key(name, extra_keys)
            if not verdict or not is_literal_credential(value):
                continue
            if encrypted_ok and str(value.value).startswith("ENC["):
                continue
            parent = prefix[-1] if prefix else ""
            if not names_a_secret(name, str(value.value), parent, node):
                found.append((_join((*prefix, name)), position(key)))
    return sorted(found, key=lambda item: item[1])


def _join(parts: tuple[str, ...]) -> str:
    return "".join(p if p.startswith("[") or i == 0 else f".{p}" for i, p in enumerate(parts))
