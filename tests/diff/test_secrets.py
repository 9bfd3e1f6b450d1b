"""Secrets never shown: keys only, re-sealed keys, credential-like values hidden; the leak test."""

from __future__ import annotations

import base64

import pytest

from scaffold.diff.render import render
from scaffold.formats import DIFF_FORMATS
from tests.diff.conftest import change_of, deployment, diff, obj, release

PLANTED = "pl4nted-S3CRET-value"
FORMS = (PLANTED, base64.b64encode(PLANTED.encode()).decode(), PLANTED[4:16])


def secret(**fields):
    return obj("v1", "Secret", "db", type="Opaque", **fields)


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_a_secret_change_is_its_keys_only() -> None:
    old = secret(data={"password": b64("a"), "user": b64("u"), "gone": b64("g")})
    new = secret(data={"password": b64("b"), "user": b64("u")}, stringData={"token": "t"})
    change = change_of(diff([old], [new]))
    assert change.lines == ("keys added: token", "keys removed: gone", "keys changed: password")
    assert change.fields == ()


def test_a_value_moved_from_data_to_string_data_is_no_change() -> None:
    old = secret(data={"password": b64("same")})
    new = secret(stringData={"password": "same"})
    assert diff([old], [new]).changed is False


def test_an_added_secret_lists_its_keys() -> None:
    assert change_of(diff([], [secret(data={"b": b64("1")}, stringData={"a": "2"})])).lines == (
        "keys: a, b",
    )


def test_a_sealed_secret_change_is_re_sealed_keys() -> None:
    def sealed(data):
        return obj("bitnami.com/v1alpha1", "SealedSecret", "db", spec={"encryptedData": data})

    change = change_of(
        diff([sealed({"a": "AgA1", "b": "AgB1"})], [sealed({"a": "AgA2", "c": "AgC"})])
    )
    assert change.lines == ("sealed keys added: c", "sealed keys removed: b", "re-sealed keys: a")
    assert change.fields == ()


def test_values_under_credential_keys_are_changed_without_values() -> None:
    old = release(values={"auth": {"adminPassword": "one"}, "replicas": 1})
    new = release(values={"auth": {"adminPassword": "two"}, "replicas": 1})
    [field] = change_of(diff([old], [new])).fields
    assert field.path == "spec.values.auth.adminPassword"
    assert str(field.old) == str(field.new) == "<hidden>"
    assert field.old != field.new  # the keyed digests differ


def planted_cases():
    """(name, base objects, head objects): a planted value in base, head or both."""
    env = deployment()
    env["spec"]["template"]["spec"]["containers"][0]["env"] = [
        {"name": "DB_PASSWORD", "value": PLANTED}
    ]
    objects = {
        "secret-data": secret(data={"password": b64(PLANTED)}),
        "secret-stringData": secret(stringData={"password": PLANTED}),
        "secret-odd-key": secret(stringData={"blob": PLANTED}),
        "sealed": obj("bitnami.com/v1alpha1", "SealedSecret", "db",
                      spec={"encryptedData": {"password": "Ag" + PLANTED}}),
        "helm-values": release(values={"postgresql": {"auth": {"password": PLANTED}}}),
        "env": env,
        "config-map-key": obj("v1", "ConfigMap", "c", data={"api_token": PLANTED}),
        "url": obj("v1", "ConfigMap", "c", data={"url": f"https://bot:{PLANTED}@git.example/x"}),
        "config-file": obj("v1", "ConfigMap", "c",
                           data={"app.ini": f"[db]\nhost = db\npassword = {PLANTED}\n"}),
    }  # fmt: skip
    for name, planted in objects.items():
        other = _without_plant(planted)
        yield f"{name}-added", [], [planted]
        yield f"{name}-removed", [planted], []
        yield f"{name}-changed-from", [planted], [other]
        yield f"{name}-changed-to", [other], [planted]


def _without_plant(value):
    if isinstance(value, dict):
        return {k: _without_plant(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_plant(v) for v in value]
    if isinstance(value, str):
        return value.replace(PLANTED, "other").replace(b64(PLANTED), b64("other"))
    return value


CASES = list(planted_cases())


@pytest.mark.parametrize(("base", "head"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_planted_secret_appears_in_no_output(base, head) -> None:
    report = diff(base, head)
    assert report.changed
    outputs = [render(report, fmt, color=color) for fmt in DIFF_FORMATS for color in (False, True)]
    outputs.append(repr(report))  # nor is it held in the report
    for output in outputs:
        for form in FORMS:
            assert form not in output


def test_what_names_a_secret_below_a_credential_key_stays_visible() -> None:
    def with_volume(secret_name):
        web = deployment()
        web["spec"]["template"]["spec"]["volumes"] = [
            {
                "name": "tls",
                "secret": {"secretName": secret_name, "items": [{"key": "k", "path": "p"}]},
            }
        ]
        return web

    [field] = change_of(diff([with_volume("tls-a")], [with_volume("tls-b")])).fields
    assert (field.path, field.old, field.new) == (
        "spec.template.spec.volumes[name=tls].secret.secretName", "tls-a", "tls-b",
    )  # fmt: skip
    old = release(values={"credentials": {"name": "bot", "password": "one"}})
    new = release(values={"credentials": {"name": "bot", "password": "two", "region": "eu"}})
    changes = [(f.path, str(f.new)) for f in change_of(diff([old], [new])).fields]
    assert changes == [
        ("spec.values.credentials.password", "<hidden>"),
        ("spec.values.credentials.region", "<hidden>"),
    ]
