from __future__ import annotations

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
    sops = SECRET + "sops:\n  version: 3.8.1\n"
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
    assert found(lint_tree(files)) == [("plaintext-secret", f"{SYNC}/apps/db.yaml", 6)]


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
