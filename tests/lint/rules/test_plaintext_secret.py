from __future__ import annotations

import pytest

from tests.lint.conftest import SYNC, found, tree

SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: apps
stringData:
  password: PLANTED-9f3a
"""


def test_fires_on_string_data(lint_tree) -> None:
    report = lint_tree(tree(**{f"{SYNC}/db.yaml": SECRET}))
    assert found(report) == [("plaintext-secret", f"{SYNC}/db.yaml", 6)]
    assert "db" in report.findings[0].message


def test_fires_on_data_anywhere_even_sourceignored(lint_tree) -> None:
    text = SECRET.replace(
        "stringData:\n  password: PLANTED-9f3a", "data:\n  password: UExBTlRFRA=="
    )
    files = tree(**{".sourceignore": "scratch/\n", "scratch/db.yaml": text})
    assert found(lint_tree(files)) == [("plaintext-secret", "scratch/db.yaml", 6)]


def test_sops_encrypted_and_empty_secrets_are_fine(lint_tree) -> None:
    encrypted = "ENC[AES256_GCM,data:abc=,iv:x=,tag:y=,type:str]"
    sops = SECRET.replace("PLANTED-9f3a", encrypted) + "sops:\n  version: 3.8.1\n"
    empty = SECRET.replace("stringData:\n  password: PLANTED-9f3a\n", "type: Opaque\n")
    files = tree(**{f"{SYNC}/a.yaml": sops, f"{SYNC}/b.yaml": empty.replace("db", "other")})
    assert found(lint_tree(files)) == []


def test_suppressed_for_the_document(lint_tree) -> None:
    text = "# gitops-scaffold: disable=plaintext-secret\n" + SECRET
    assert found(lint_tree(tree(**{f"{SYNC}/db.yaml": text}))) == []


def test_fires_in_a_kustomize_patch_file(lint_tree) -> None:
    files = tree(
        **{
            f"{SYNC}/apps/kustomization.yaml": "resources: []\npatches:\n  - path: db.yaml\n",
            f"{SYNC}/apps/db.yaml": SECRET,
        }
    )
    # kustomize also rejects the patch (it matches nothing): that rule's finding
    assert found(lint_tree(files), "plaintext-secret") == [
        ("plaintext-secret", f"{SYNC}/apps/db.yaml", 6)
    ]


def test_references_and_placeholders_are_not_secrets(lint_tree) -> None:
    import base64

    encoded = base64.b64encode(b"op://vault/item/field").decode()
    text = SECRET.replace(
        "  password: PLANTED-9f3a\n",
        "  password: ${DB_PASSWORD}\n  token: op://vault/item/token\n"
        "  key: <your-api-key>\n  url: ref+vault://secret/data/db#/url\n  empty: ''\n",
    )
    data = SECRET.replace("stringData:\n  password: PLANTED-9f3a", f"data:\n  token: {encoded}")
    data = data.replace("name: db", "name: data")
    files = tree(**{f"{SYNC}/db.yaml": text, f"{SYNC}/data.yaml": data})
    assert found(lint_tree(files)) == []


def test_one_literal_among_references_fires(lint_tree) -> None:
    text = SECRET.replace("  password: PLANTED-9f3a\n", "  a: ${A}\n  password: PLANTED-9f3a\n")
    assert found(lint_tree(tree(**{f"{SYNC}/db.yaml": text}))) == [
        ("plaintext-secret", f"{SYNC}/db.yaml", 6)
    ]


KNOWN_HOSTS = (
    "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
)


def _string_data(entries: str) -> str:
    return SECRET.replace("  password: PLANTED-9f3a\n", entries)


def test_templates_around_substitutions_are_not_secrets(lint_tree) -> None:
    text = _string_data(
        "  RESTIC_REPOSITORY: s3:${SECRET_S3_ENDPOINT}/restic/${APP}\n"
        "  DATABASE_URL: postgres://${DB_USER}:${DB_PASSWORD}@postgres.db.svc:5432/${APP}\n"
        "  AUTH: Bearer ${TOKEN}\n"
    )
    assert found(lint_tree(tree(**{f"{SYNC}/db.yaml": text}))) == []


def test_placeholders_and_public_keys_are_not_secrets(lint_tree) -> None:
    text = _string_data(
        f"  known_hosts: {KNOWN_HOSTS}\n  identity: XXXX\n  identity.pub: changeme\n"
        "  password: xxxx-xxxx\n  token: your-token-here\n"
        "  ca.crt: |\n    -----BEGIN CERTIFICATE-----\n    MIIBszCCAVmgAwIBAgIU\n"
        "    -----END CERTIFICATE-----\n"
    )
    assert found(lint_tree(tree(**{f"{SYNC}/db.yaml": text}))) == []


def test_placeholders_where_the_base64_goes_are_not_secrets(lint_tree) -> None:
    import base64

    hosts = base64.b64encode(KNOWN_HOSTS.encode()).decode()
    text = SECRET.replace(
        "stringData:\n  password: PLANTED-9f3a\n",
        f"data:\n  identity: XXXX\n  identity.pub: XXXX\n  known_hosts: {hosts}\n",
    )
    assert found(lint_tree(tree(**{f"{SYNC}/db.yaml": text}))) == []
    leaked = text.replace("identity: XXXX", "identity: " + base64.b64encode(b"PLANTED").decode())
    assert found(lint_tree(tree(**{f"{SYNC}/db.yaml": leaked}))) == [
        ("plaintext-secret", f"{SYNC}/db.yaml", 6)
    ]


@pytest.mark.parametrize(
    "value",
    [
        "postgres://admin:hunter2@${DB_HOST}/app",  # a literal URL password
        "${PREFIX}-aB3dE5gH7jK9mN1pQ",  # key material beside the substitution
        "${PREFIX}0123456789abcdef0123456789abcdef",  # a hex key
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 then a private remark\n-----BEGIN OPENSSH PRIVATE KEY",
    ],
)
def test_a_template_or_key_file_with_a_literal_secret_fires(lint_tree, value) -> None:
    import json

    text = _string_data(f"  value: {json.dumps(value)}\n")
    assert found(lint_tree(tree(**{f"{SYNC}/db.yaml": text}))) == [
        ("plaintext-secret", f"{SYNC}/db.yaml", 6)
    ]


def _last_applied(data: dict, sops: bool) -> str:
    import json

    recorded = json.dumps(
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"}, **data}
    )
    text = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  annotations:\n"
        f"    kubectl.kubernetes.io/last-applied-configuration: {json.dumps(recorded)}\n"
        "stringData:\n  password: ENC[AES256_GCM,data:abc=,iv:x=,tag:y=,type:str]\n"
    )
    return text + (
        "sops:\n  version: 3.8.1\n  encrypted_regex: ^(data|stringData)$\n" if sops else ""
    )


@pytest.mark.parametrize("sops", [True, False])
def test_last_applied_configuration_repeating_the_data_fires(lint_tree, sops) -> None:
    text = _last_applied({"data": {"password": "UExBTlRFRC05ZjNh"}}, sops)
    report = lint_tree(tree(**{f"{SYNC}/db.yaml": text}), select=["plaintext-secret"])
    # without `sops:` metadata the stringData (line 7) is no encryption either
    assert [(f.line, f.column) for f in report.findings] == [(6, 5)] + ([] if sops else [(7, 1)])
    message = report.findings[0].message
    assert "last-applied-configuration" in message
    assert ("SOPS left in plain text" in message) == sops
    assert "PLANTED" not in message and "UExBTlRF" not in message


def test_last_applied_configuration_without_literal_data_is_fine(lint_tree) -> None:
    files = {
        f"{SYNC}/a.yaml": _last_applied({"stringData": {"password": "${DB_PASSWORD}"}}, True),
        f"{SYNC}/b.yaml": _last_applied({"type": "Opaque"}, True).replace("name: db", "name: b"),
        f"{SYNC}/c.yaml": _last_applied({}, True)
        .replace("name: db", "name: c")
        .replace(': "{', ': "ENC[AES256_GCM,data:{')
        .replace('}"\n', ']"\n', 1),
    }
    assert found(lint_tree(tree(**files), select=["plaintext-secret"])) == []
