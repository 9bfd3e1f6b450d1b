"""Offline sealing, compatible with the sealed-secrets controller.

Each value is sealed on its own (kubeseal's hybrid scheme): a fresh random
32-byte session key; that key encrypted with RSA-OAEP (SHA-256) under the
controller certificate's public key, the OAEP label binding it to its scope;
the value encrypted with AES-256-GCM under the session key with a zero nonce
(safe because the key is used exactly once). The output is the 2-byte
big-endian length of the RSA ciphertext, the RSA ciphertext, then the AES
ciphertext, base64 (standard) encoded.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from scaffold import fs
from scaffold.errors import UsageError
from scaffold.sealing.scopes import Scope, encryption_label

__all__ = ["Scope", "SealingKey", "encryption_label", "load_sealing_key", "seal_value"]

SESSION_KEY_BYTES = 32
MAX_CERTIFICATE_BYTES = 1024 * 1024  # a PEM chain is a few KiB
ZERO_NONCE = bytes(12)
# The controller's name and namespace of the README's install; kubeseal's defaults differ.
FETCH_COMMAND = (
    "kubeseal --fetch-cert --controller-name sealed-secrets-controller "
    "--controller-namespace flux-system > pub-sealed-secrets.pem"
)
FETCH_HINT = f"fetch the controller's certificate with `{FETCH_COMMAND}`"


@dataclass(frozen=True)
class SealingKey:
    """The controller's public key and when its certificate stops being valid."""

    public_key: rsa.RSAPublicKey
    not_after: dt.datetime
    expired: bool


def _oaep(label: bytes) -> padding.OAEP:
    return padding.OAEP(
        mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=label or None
    )


def hybrid_encrypt(public_key: rsa.RSAPublicKey, plaintext: bytes, label: bytes) -> bytes:
    """Encrypt `plaintext` the way the controller expects to decrypt it."""
    session_key = os.urandom(SESSION_KEY_BYTES)
    rsa_ciphertext = public_key.encrypt(session_key, _oaep(label))
    aes_ciphertext = AESGCM(session_key).encrypt(ZERO_NONCE, plaintext, None)
    return struct.pack(">H", len(rsa_ciphertext)) + rsa_ciphertext + aes_ciphertext


def seal_value(public_key: rsa.RSAPublicKey, plaintext: bytes, label: bytes) -> str:
    """One `spec.encryptedData` entry: the hybrid ciphertext, base64 encoded."""
    return base64.b64encode(hybrid_encrypt(public_key, plaintext, label)).decode("ascii")


def load_sealing_key(path: Path, *, now: dt.datetime | None = None) -> SealingKey:
    """Read the controller's PEM certificate; refuse anything that is not an RSA certificate."""
    try:
        data = fs.read_bounded(path, MAX_CERTIFICATE_BYTES)
    except fs.Refused as exc:
        raise UsageError(
            f"{path}: cannot read certificate: the file is {exc}", FETCH_HINT
        ) from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read certificate ({exc.strerror})", FETCH_HINT) from exc
    try:
        cert = x509.load_pem_x509_certificates(data)[0]
    except ValueError as exc:
        raise UsageError(f"{path}: not a PEM certificate", FETCH_HINT) from exc
    public_key = cert.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        kind = type(public_key).__name__.removesuffix("PublicKey")
        raise UsageError(
            f"{path}: the certificate's key is {kind}, not RSA; sealed-secrets needs RSA",
            FETCH_HINT,
        )
    moment = now or dt.datetime.now(dt.timezone.utc)
    not_after = cert.not_valid_after_utc
    return SealingKey(public_key, not_after, expired=moment > not_after)
