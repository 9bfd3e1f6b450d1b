"""Which repository URLs carry credentials."""

from __future__ import annotations

import pytest

from scaffold.errors import UsageError
from scaffold.repository.urls import carries_credentials, refuse_credentials


@pytest.mark.parametrize(
    "url",
    [
        "https://user:pw@github.com/a/b.git",
        "https://ghp_abc123@github.com/a/b.git",
        "https://user@github.com/a/b.git",
        "https://:pw@host/x",
        "http://a@b@host/x",
        "ssh://git:pw@host/x.git",
        "ssh://glpat-abc@host/x.git",
        "ssh://Tok3nValue@host/x.git",
        "user:pw@host:a/b.git",
        "ghp_abc@github.com:a/b.git",
    ],
)
def test_credentials_are_found(url) -> None:
    assert carries_credentials(url)
    with pytest.raises(UsageError) as caught:
        refuse_credentials(url, "--url")
    assert "pw" not in caught.value.message and "abc" not in caught.value.message


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/a/b.git",
        "ssh://git@github.com/a/b.git",
        "git@github.com:a/b.git",
        "file:///tmp/x.git",
        "oci://ghcr.io/a/b",
        "https://host/path@v1",
        "not a url",
    ],
)
def test_plain_urls_pass(url) -> None:
    assert not carries_credentials(url)
    assert refuse_credentials(url, "--url") == url
