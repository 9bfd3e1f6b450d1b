"""What counts as a credential-like key."""

from __future__ import annotations

import pytest

from scaffold.repository.credentials import is_credential_key


@pytest.mark.parametrize(
    "key",
    [
        "password",
        "Password",
        "adminPassword",
        "db_password",
        "ROOT-PASSWORD",
        "passwd",
        "passphrase",
        "token",
        "githubToken",
        "auth-token",
        "secret",
        "clientSecret",
        "client_secret",
        "apiKey",
        "api_key",
        "api-key",
        "APIKEY",
        "accessKey",
        "AWS_SECRET_ACCESS_KEY",
        "secretKey",
        "privateKey",
        "tls_private_key",
        "credentials",
        "gcpCredential",
    ],
)
def test_credential_keys(key: str) -> None:
    assert is_credential_key(key)


@pytest.mark.parametrize(
    "key",
    [
        "existingSecret",
        "existing_secret",
        "existingSecretPasswordKey",
        "secretName",
        "passwordSecretRef",
        "tokenSecretName",
        "secretRef",
        "passwordKey",
        "passwordFile",
        "accessKeyId",
        "username",
        "replicaCount",
        "image",
        "host",
        "",
    ],
)
def test_keys_that_are_not_credentials(key: str) -> None:
    assert not is_credential_key(key)
