"""`seal --merge-into FILE`: new keys join an existing SealedSecret, the others stay untouched."""

from __future__ import annotations

import json

import pytest
import yaml
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.authoring.conftest import ControllerKey, self_signed

from .reference import label_for, reference_decrypt

PLANTED = "Pl4nted-XyZZy-9731"
SEALED = "clusters/dev/helm/secrets/db-creds-sealed.yaml"


def encrypted(path):
    return yaml.safe_load(path.read_text())["spec"]["encryptedData"]


def decrypt_all(controller_key, path, scope="strict"):
    doc = yaml.safe_load(path.read_text())
    meta = doc["metadata"]
    label = label_for(meta["namespace"], meta["name"], scope)
    return {
        key: reference_decrypt(controller_key.private_key, value, label)
        for key, value in doc["spec"]["encryptedData"].items()
    }


@pytest.fixture
def sealed(cli, fleet, cert_file):
    def make(*extra):
        result = cli(
            "seal", "db-creds", "--namespace", "apps", "--from-literal", "username=admin",
            "--from-literal", "password=old", "--cert", str(cert_file), *extra, cwd=fleet,
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        path = fleet / SEALED
        # A comment and a trailing remark the merge must keep.
        text = path.read_text().replace("spec:\n", "spec:  # rotated quarterly\n", 1)
        path.write_text("# owned by the db team\n" + text)
        return path

    return make


def merge(cli, fleet, cert_file, *args, input=None):
    return cli("seal", "--merge-into", SEALED, "--cert", str(cert_file), *args, cwd=fleet,
               input=input)  # fmt: skip


def test_merge_adds_and_replaces_keys_leaving_the_others(cli, fleet, cert_file, controller_key,
                                                         sealed) -> None:  # fmt: skip
    path = sealed()
    before_text = path.read_text()
    before = encrypted(path)
    result = merge(cli, fleet, cert_file, "--from-file", "password=-", "--from-literal",
                   "host=db.internal", input="new-pass")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    after = encrypted(path)
    assert after["username"] == before["username"]  # untouched, byte for byte
    assert after["password"] != before["password"]
    assert decrypt_all(controller_key, path) == {
        "username": b"admin", "password": b"new-pass", "host": b"db.internal"
    }  # fmt: skip
    text = path.read_text()
    assert text.startswith("# owned by the db team\n")
    assert "spec:  # rotated quarterly\n" in text
    # Only the replaced line changed and one line was added.
    changed = set(text.splitlines()) ^ set(before_text.splitlines())
    assert len(changed) == 3
    assert "Seal host, password into SealedSecret apps/db-creds" in result.stderr
    assert PLANTED not in result.stdout + result.stderr


@pytest.mark.parametrize("scope", ["namespace-wide", "cluster-wide"])
def test_merge_binds_new_values_to_the_file_scope(cli, fleet, cert_file, controller_key, sealed,
                                                  scope) -> None:  # fmt: skip
    path = sealed("--scope", scope)
    result = merge(cli, fleet, cert_file, "--from-literal", "host=h", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["action"] == "merged"
    assert data["details"]["added"] == ["host"]
    assert data["details"]["scope"] == scope
    assert data["details"]["keys"] == ["host", "password", "username"]
    assert decrypt_all(controller_key, path, scope)["host"] == b"h"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("other",), "NAME 'other' differs from"),
        (("--namespace", "prod"), "--namespace 'prod' differs from"),
        (("--scope", "cluster-wide"), "--scope 'cluster-wide' differs from"),
    ],
)
def test_merge_refuses_a_request_that_contradicts_the_file(cli, fleet, cert_file, sealed, args,
                                                           message) -> None:  # fmt: skip
    path = sealed()
    before = path.read_bytes()
    result = merge(cli, fleet, cert_file, *args, "--from-literal", "host=h")
    assert result.exit_code == 2
    assert message in result.stderr
    assert path.read_bytes() == before


def test_merge_refuses_a_certificate_of_another_key_size(cli, fleet, sealed, tmp_path) -> None:
    path = sealed()
    before = path.read_bytes()
    other = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    cert = ControllerKey(other, self_signed(other)).write(tmp_path, "other.pem")
    result = merge(cli, fleet, cert, "--from-literal", "host=h")
    assert result.exit_code == 2
    assert "was sealed with a 2048-bit key; the certificate's key is 3072-bit" in result.stderr
    assert path.read_bytes() == before


def test_merge_refuses_an_empty_value_and_a_file_that_is_not_sealed(cli, fleet, cert_file,
                                                                    sealed) -> None:  # fmt: skip
    sealed()
    empty = merge(cli, fleet, cert_file, "--from-file", "token=-", input="")
    assert empty.exit_code == 2
    assert "is empty" in empty.stderr
    (fleet / "clusters/dev/helm/secrets/plain.yaml").write_text(
        "kind: Secret\nmetadata: {name: x}\n"
    )
    result = cli("seal", "--merge-into", "clusters/dev/helm/secrets/plain.yaml", "--cert",
                 str(cert_file), "--from-literal", "a=b", cwd=fleet)  # fmt: skip
    assert result.exit_code == 2
    assert "not a single SealedSecret document" in result.stderr


def test_merge_refuses_a_file_outside_the_repository(cli, fleet, cert_file, sealed,
                                                     tmp_path) -> None:  # fmt: skip
    outside = tmp_path / "elsewhere-sealed.yaml"
    outside.write_bytes(sealed().read_bytes())
    result = cli("seal", "--merge-into", str(outside), "--cert", str(cert_file),
                 "--from-literal", "a=b", cwd=fleet)  # fmt: skip
    assert result.exit_code != 0
    assert "outside" in result.stderr
    assert "a: " not in outside.read_text()


def test_seal_without_name_or_merge_into_is_a_usage_error(cli, fleet, cert_file) -> None:
    result = cli("seal", "--cert", str(cert_file), "--from-literal", "a=b", cwd=fleet)
    assert result.exit_code == 2
    assert "seal needs NAME and --namespace" in result.stderr


def test_concurrent_merges_lose_no_key(fleet, cert_file, controller_key, sealed,
                                       console_script) -> None:  # fmt: skip
    """Real processes merging at once: each reads, adds its key and writes back; with no
    lock a run that read before another wrote would drop that key."""
    import subprocess

    path = sealed()
    writers, rounds = 4, 4
    keys = [f"k{w}x{r}" for w in range(writers) for r in range(rounds)]
    loops = []
    for w in range(writers):
        runs = " && ".join(
            f"'{console_script}' seal --merge-into {SEALED} --cert '{cert_file}' "
            f"--from-literal k{w}x{r}=v{w}x{r}"
            for r in range(rounds)
        )
        loops.append(subprocess.Popen(["sh", "-c", runs], cwd=fleet, stderr=subprocess.PIPE))
    failures = [p.stderr.read().decode() for p in loops if p.wait(timeout=300) != 0]
    assert failures == []
    assert decrypt_all(controller_key, path) == {
        "username": b"admin", "password": b"old",
        **{k: k.replace("k", "v", 1).encode() for k in keys},
    }  # fmt: skip
