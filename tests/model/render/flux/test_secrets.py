"""Secret masking: values replaced by a keyed digest, ciphertext kept, `show_secrets` honoured."""

from __future__ import annotations

import base64
import copy
import re

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from scaffold.model.render.flux.secrets import Masker, mask_object, mask_objects

KEY = b"k" * 32
MASK = re.compile(r"MASKED[0-9a-f]{10}\Z")


def b64(text):
    return base64.b64encode(text.encode()).decode()


def secret(data=None, string_data=None, **extra):
    obj = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "n"}}
    if data is not None:
        obj["data"] = data
    if string_data is not None:
        obj["stringData"] = string_data
    obj.update(extra)
    return obj


def test_data_and_string_data_values_become_a_placeholder_and_a_digest():
    obj = secret({"password": b64("hunter2")}, {"token": "abc123"}, type="Opaque")
    masked = mask_object(obj, Masker(KEY))
    assert set(masked["data"]) == {"password"} and set(masked["stringData"]) == {"token"}
    assert all(MASK.match(v) for v in [*masked["data"].values(), *masked["stringData"].values()])
    assert masked["type"] == "Opaque" and masked["metadata"] == obj["metadata"]
    dumped = yaml.safe_dump(masked)
    assert "hunter2" not in dumped and b64("hunter2") not in dumped and "abc123" not in dumped


def test_a_mask_is_valid_base64_so_the_secret_stays_well_formed():
    value = mask_object(secret({"a": b64("x")}), Masker(KEY))["data"]["a"]
    base64.b64decode(value, validate=True)


def test_the_same_value_masks_the_same_under_one_key_and_a_change_shows():
    masker = Masker(KEY)
    one = mask_object(secret({"a": b64("v1")}, {"b": "v1"}), masker)
    again = mask_object(secret({"a": b64("v1")}), masker)
    changed = mask_object(secret({"a": b64("v2")}), masker)
    assert one["data"]["a"] == again["data"]["a"] == one["stringData"]["b"]
    assert changed["data"]["a"] != one["data"]["a"]


def test_another_key_gives_another_digest_and_each_run_has_its_own_key():
    obj = secret(string_data={"a": "v"})
    assert mask_object(obj, Masker(KEY)) != mask_object(obj, Masker(b"other" * 8))
    assert Masker().key != Masker().key
    assert "k" * 8 not in repr(Masker(KEY))


def test_sops_ciphertext_and_its_metadata_are_kept_as_written():
    enc = "ENC[AES256_GCM,data:Tr7o=,iv:1R6w=,tag:Qe8x=,type:str]"
    obj = secret(
        {"password": enc, "plain": b64("left-unencrypted")},
        sops={"mac": "ENC[AES256_GCM,data:abc,iv:d,tag:e,type:str]", "version": "3.8.1"},
    )
    masked = mask_object(obj, Masker(KEY))
    assert masked["data"]["password"] == enc
    assert MASK.match(masked["data"]["plain"])
    assert masked["sops"] == obj["sops"]


def test_a_sealed_secret_is_kept_as_written():
    sealed = {
        "apiVersion": "bitnami.com/v1alpha1",
        "kind": "SealedSecret",
        "metadata": {"name": "s"},
        "spec": {"encryptedData": {"password": "AgBy3i4OJSWK+PiTySYZZA=="}},
    }
    assert mask_object(sealed, Masker(KEY)) == sealed


def test_show_secrets_and_other_kinds_are_unchanged_and_the_input_is_not_modified():
    obj = secret({"a": b64("x")})
    before = copy.deepcopy(obj)
    assert mask_object(obj, Masker(KEY), show_secrets=True) is obj
    mask_object(obj, Masker(KEY))
    assert obj == before
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "x"}}
    assert mask_objects([cm, "not a mapping"], Masker(KEY)) == [cm, "not a mapping"]


def test_a_value_that_is_not_base64_or_not_a_string_is_masked_too():
    masked = mask_object(secret({"a": "not base64!", "n": 5, "empty": None}), Masker(KEY))
    assert MASK.match(masked["data"]["a"]) and MASK.match(masked["data"]["n"])
    assert masked["data"]["empty"] is None


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.text(min_size=1), max_size=5))
def test_no_secret_value_reaches_the_output(values):
    marked = {k: f"s3cr3t-{v}" for k, v in values.items()}
    obj = secret({k: b64(v) for k, v in marked.items()}, marked)
    dumped = yaml.safe_dump(mask_object(obj, Masker(KEY)), allow_unicode=True)
    for value in marked.values():
        assert value not in dumped and b64(value) not in dumped


# Keys and values that mask, and that do not: credential-like names, an env entry, sealed
# data, URLs with and without user information, pairs inside strings, SOPS ciphertext.
_KEYS = st.sampled_from(
    ["name", "value", "password", "token", "image", "encryptedData", "url", "db_pass", "a"]
)
_TEXTS = st.sampled_from([
    "plain", "DB_PASSWORD", "https://user:pw@example.com/x", "https://example.com/x",
    "password: hunter2", "user=alice", "ENC[AES256_GCM,data:abc,type:str]", "", "git@host:x",
])  # fmt: skip
_SCALARS = st.one_of(_TEXTS, st.integers(-5, 5), st.booleans(), st.none(), st.just(1.5))
_TREES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=20,
)


@given(_TREES)
@example({"env": [{"name": "DB_PASSWORD", "value": "x"}, {"name": "a", "value": "y"}]})
@example({"encryptedData": {"password": "sealed", "url": "https://u:p@h/"}})
@example({"token": 3, "url": ["https://u:p@h/"]})
@example({"password": "ENC[AES256_GCM,data:abc,type:str]", "a": "password: hunter2"})
def test_would_mask_says_whether_masking_changes_anything(tree) -> None:
    from scaffold.model.render.flux.secrets import mask_credentials, would_mask

    before = copy.deepcopy(tree)
    masked = mask_credentials(tree, Masker(KEY))
    assert would_mask(tree) == (masked != tree)
    assert tree == before  # masking copies what it changes, never the input
    if masked == tree and isinstance(tree, (dict, list)):
        assert masked is tree  # nothing to mask: the object itself, not a copy
