"""Offline sealing interoperates with the controller's decryption."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from cryptography.exceptions import InvalidTag
from kubesealpy import SealingScope, Unsealer
from kubesealpy.models import SealedSecret as KsSealedSecret

from scaffold.authoring import manifests
from scaffold.errors import UsageError
from scaffold.sealing.encrypt import (
    Scope,
    encryption_label,
    hybrid_encrypt,
    load_sealing_key,
    seal_value,
)

from .reference import label_for, reference_decrypt

PLAIN = b"s3cr3t-\xe2\x82\xac-value\n"


@pytest.mark.parametrize(
    ("scope", "label"),
    [
        (Scope.STRICT, b"apps/db-creds"),
        (Scope.NAMESPACE_WIDE, b"apps"),
        (Scope.CLUSTER_WIDE, b""),
    ],
)
def test_encryption_label_per_scope(scope, label) -> None:
    assert encryption_label("apps", "db-creds", scope) == label


def test_layout_is_length_prefix_rsa_then_aes(controller_key) -> None:
    blob = hybrid_encrypt(controller_key.private_key.public_key(), PLAIN, b"a/b")
    rsa_len = int.from_bytes(blob[:2], "big")
    assert rsa_len == 256  # RSA-2048 ciphertext
    # AES-GCM appends a 16-byte tag to a ciphertext as long as the plaintext.
    assert len(blob) == 2 + rsa_len + len(PLAIN) + 16


def test_each_value_gets_a_fresh_session_key(controller_key) -> None:
    public = controller_key.private_key.public_key()
    first, second = (seal_value(public, PLAIN, b"a/b") for _ in range(2))
    assert first != second


@pytest.mark.parametrize("scope", list(Scope))
def test_reference_and_kubesealpy_decrypt_every_value(controller_key, scope) -> None:
    public = controller_key.private_key.public_key()
    values = {"password": PLAIN, "empty": b"", "values.yaml": b"a:\n  b: c\n"}
    label = encryption_label("apps", "db-creds", scope)
    encrypted = {key: seal_value(public, value, label) for key, value in values.items()}
    for key, value in values.items():
        assert reference_decrypt(controller_key.private_key, encrypted[key], label) == value
    document = manifests.sealed_secret("db-creds", "apps", scope, encrypted)
    unsealed = Unsealer.from_private_key(controller_key.private_key).unseal(
        KsSealedSecret.model_validate(document)
    )
    decoded = {k: base64.b64decode(v) for k, v in (unsealed.data or {}).items()}
    assert decoded == values


@pytest.mark.parametrize(("namespace", "name"), [("apps", "other-name"), ("other-ns", "db-creds")])
def test_strict_scope_fails_under_another_name_or_namespace(
    controller_key, namespace, name
) -> None:
    sealed = seal_value(
        controller_key.private_key.public_key(),
        PLAIN,
        encryption_label("apps", "db-creds", Scope.STRICT),
    )
    with pytest.raises(ValueError):
        reference_decrypt(controller_key.private_key, sealed, label_for(namespace, name, "strict"))
    with pytest.raises(Exception, match=r"(?i)decrypt"):
        Unsealer.from_private_key(controller_key.private_key).unseal_value(
            base64.b64decode(sealed), namespace, name, SealingScope.STRICT
        )


def test_namespace_wide_survives_a_rename_but_not_a_move(controller_key) -> None:
    label = encryption_label("apps", "db-creds", Scope.NAMESPACE_WIDE)
    sealed = seal_value(controller_key.private_key.public_key(), PLAIN, label)
    assert (
        reference_decrypt(
            controller_key.private_key, sealed, label_for("apps", "x", "namespace-wide")
        )
        == PLAIN
    )
    with pytest.raises(ValueError):
        reference_decrypt(
            controller_key.private_key, sealed, label_for("other", "x", "namespace-wide")
        )


def test_tampered_ciphertext_fails(controller_key) -> None:
    label = b"apps/db-creds"
    blob = bytearray(hybrid_encrypt(controller_key.private_key.public_key(), PLAIN, label))
    blob[-1] ^= 1
    with pytest.raises(InvalidTag):
        reference_decrypt(controller_key.private_key, base64.b64encode(bytes(blob)).decode(), label)


def test_loads_the_controller_certificate(cert_file, controller_key) -> None:
    key = load_sealing_key(cert_file)
    assert (
        key.public_key.public_numbers() == controller_key.private_key.public_key().public_numbers()
    )
    assert not key.expired


def test_expired_certificate_is_flagged(expired_key, tmp_path) -> None:
    key = load_sealing_key(expired_key.write(tmp_path))
    assert key.expired
    assert key.not_after < dt.datetime.now(dt.timezone.utc)


def test_ec_certificate_is_refused(ec_cert_pem, tmp_path) -> None:
    path = tmp_path / "ec.pem"
    path.write_bytes(ec_cert_pem)
    with pytest.raises(UsageError, match=r"key is EC, not RSA"):
        load_sealing_key(path)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a certificate\n",
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    ],
)
def test_garbage_is_refused(tmp_path, content) -> None:
    path = tmp_path / "bad.pem"
    path.write_bytes(content)
    with pytest.raises(UsageError, match="not a PEM certificate") as info:
        load_sealing_key(path)
    assert "kubeseal --fetch-cert" in (info.value.hint or "")


def test_missing_certificate_is_refused(tmp_path) -> None:
    with pytest.raises(UsageError, match="cannot read certificate"):
        load_sealing_key(tmp_path / "missing.pem")
