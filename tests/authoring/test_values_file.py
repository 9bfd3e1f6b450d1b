"""A values file to inline: a credential key is refused whatever the type of its value."""

from __future__ import annotations

import pytest

from scaffold.authoring.values_file import credential_paths, load_values
from scaffold.errors import UsageError

PLANTED = "Pl4nted-XyZZy-9731"


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (f"password: {PLANTED}\n", "password"),
        ("db:\n  password: 12345\n", "db.password"),
        (f"password: [{PLANTED}]\n", "password"),
        (f"apiKey: {{value: {PLANTED}}}\n", "apiKey"),
        ("token: !!binary aGVsbG8=\n", "token"),
        (f"auth:\n  clientSecret:\n    - nested: [{PLANTED}]\n", "auth.clientSecret"),
        ("privateKey: 2024-01-01\n", "privateKey"),
        (f"credentials: {{existingSecret: s, password: {PLANTED}}}\n", "credentials"),
    ],
)
def test_credential_values_of_every_type_are_refused(tmp_path, text, path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text(text)
    with pytest.raises(UsageError) as caught:
        load_values(values)
    assert caught.value.message.endswith(f"clear text: {path}")
    assert PLANTED not in caught.value.message + (caught.value.hint or "")


@pytest.mark.parametrize(
    "text",
    [
        "password: ''\n",
        "password: []\n",
        "apiKey: {}\n",
        "token: ~\n",
        "credentials: {enabled: true}\n",
        "password: ${ADMIN_PASSWORD}\n",
        "password:\n  valueFrom:\n    secretKeyRef: {name: admin, key: password}\n",
        "token: {existingSecret: tokens, secretName: other}\n",
        "existingSecret: admin\n",
    ],
)
def test_placeholders_switches_and_references_pass(tmp_path, text) -> None:
    values = tmp_path / "values.yaml"
    values.write_text(text)
    load_values(values)


def test_an_alias_loop_is_walked_once() -> None:
    loop: dict = {}
    loop["password"] = [loop]
    assert list(credential_paths(loop)) == []
