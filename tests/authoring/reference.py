"""A decrypt written from the sealed-secrets specification, used only by tests.

spec.encryptedData.<key> = base64(len(rsa_ct) as 2 bytes big-endian || rsa_ct || aes_ct),
rsa_ct = RSA-OAEP(SHA-256, MGF1-SHA-256, label)(session key), aes_ct = AES-256-GCM(session
key, nonce = 12 zero bytes)(value); label "ns/name" (strict), "ns" (namespace-wide), "" else.
"""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def label_for(namespace: str, name: str, scope: str) -> bytes:
    return {"strict": f"{namespace}/{name}", "namespace-wide": namespace, "cluster-wide": ""}[
        scope
    ].encode()


def reference_decrypt(private_key, value_b64: str, label: bytes) -> bytes:
    blob = base64.b64decode(value_b64, validate=True)
    rsa_len = int.from_bytes(blob[:2], "big")
    rsa_ct, aes_ct = blob[2 : 2 + rsa_len], blob[2 + rsa_len :]
    oaep = padding.OAEP(
        mgf=padding.MGF1(algorithm=hashes.SHA256()),
        algorithm=hashes.SHA256(),
        label=label,
    )
    session_key = private_key.decrypt(rsa_ct, oaep)
    assert len(session_key) == 32
    return AESGCM(session_key).decrypt(bytes(12), aes_ct, None)
