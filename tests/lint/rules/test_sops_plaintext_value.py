from __future__ import annotations

from tests.lint.conftest import SYNC, found, tree

RULE = "sops-plaintext-value"
SOPS = (
    "sops:\n  age:\n    - recipient: age1xyz\n  lastmodified: '2025-12-22T01:21:04Z'\n"
    "  mac: ENC[AES256_GCM,data:abc=,iv:x=,tag:y=,type:str]\n"
    "  encrypted_regex: ^(data|stringData)$\n  version: 3.11.0\n"
)
ENC = "ENC[AES256_GCM,data:abc=,iv:x=,tag:y=,type:str]"


def lint(lint_tree, files):
    return lint_tree(tree(**files), select=[RULE])


def test_a_values_file_the_selector_missed_fires_without_the_value(lint_tree) -> None:
    values = "minecraftServer:\n  passwordSSH: PLANTED-pw\n  enableSSH: true\n" + SOPS
    report = lint(lint_tree, {"apps/values.enc.age.yaml": values})
    assert found(report) == [(RULE, "apps/values.enc.age.yaml", 2)]
    [finding] = report.findings
    assert finding.severity == "error"
    assert finding.message == (
        "SOPS encrypted no value of this file (`encrypted_regex: ^(data|stringData)$` does "
        "not select any key): `minecraftServer.passwordSSH` and every other value are in "
        "plain text"
    )
    assert "PLANTED" not in finding.message + finding.hint


def test_a_secret_with_an_entry_left_plain_fires(lint_tree) -> None:
    secret = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n"
        f"  password: {ENC}\n  config.ini: PLANTED-literal\n" + SOPS
    )
    assert found(lint(lint_tree, {f"{SYNC}/db.yaml": secret})) == [(RULE, f"{SYNC}/db.yaml", 7)]


def test_encrypted_references_and_unsopsed_files_are_fine(lint_tree) -> None:
    encrypted = f"auth:\n  password: {ENC}\n  token: ${{TOKEN}}\n  user: admin\n" + SOPS
    plain = "auth:\n  password: PLANTED-pw\n"  # no sops block: other rules judge it
    flags = "enabled: true\nreplicas: 2\n" + SOPS  # nothing but flags: nothing to hide
    files = {"apps/a.enc.yaml": encrypted, "apps/b.yaml": plain, "apps/c.enc.yaml": flags}
    report = lint(lint_tree, files)
    assert found(report) == []


def test_suppressed_on_the_line(lint_tree) -> None:
    values = f"a:\n  token: {ENC}\n  password: PLANTED-pw  # gitops-scaffold: disable={RULE}\n"
    assert found(lint(lint_tree, {"apps/v.enc.yaml": values + SOPS})) == []
