"""Documents are written in the shape and style of flux --export and kubeseal."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold.authoring import manifests
from scaffold.sealing.encrypt import Scope

KUBESEAL_CLUSTER_WIDE = """\
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  annotations:
    sealedsecrets.bitnami.com/cluster-wide: "true"
  creationTimestamp: null
  name: mysecret
  namespace: default
spec:
  encryptedData:
    password: AgBhpd+zOD/hKBKY5nck==
    username: AgBYnmOneZoegFcfgck5vzZ==
  template:
    metadata:
      annotations:
        sealedsecrets.bitnami.com/cluster-wide: "true"
      creationTimestamp: null
      name: mysecret
      namespace: default
    type: Opaque
"""


def test_sealed_secret_text_matches_kubeseal_byte_for_byte() -> None:
    encrypted = {"username": "AgBYnmOneZoegFcfgck5vzZ==", "password": "AgBhpd+zOD/hKBKY5nck=="}
    document = manifests.sealed_secret("mysecret", "default", Scope.CLUSTER_WIDE, encrypted)
    assert manifests.dump(document, explicit_start=False) == KUBESEAL_CLUSTER_WIDE


def test_strict_sealed_secret_has_no_annotations() -> None:
    document = manifests.sealed_secret("s", "ns", Scope.STRICT, {"k": "v"})
    assert "annotations" not in document["metadata"]
    assert "annotations" not in document["spec"]["template"]["metadata"]


def test_long_values_are_not_wrapped() -> None:
    long_value = "A" * 2000
    text = manifests.dump({"spec": {"encryptedData": {"k": long_value}}})
    assert f"    k: {long_value}\n" in text


json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(deadline=None)  # the machine may be busy; correctness is what is tested
@given(st.dictionaries(st.text(min_size=1, max_size=8), json_values, max_size=6))
def test_inline_values_round_trip(values) -> None:
    text = manifests.dump({"spec": {"values": values}})
    assert yaml.safe_load(text) == {"spec": {"values": values}}
