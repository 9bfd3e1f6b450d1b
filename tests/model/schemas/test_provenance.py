"""Where each value of a rendered object was written: the resource document, a patch, a
postBuild variable, or (a transformer's) the nearest ancestor the document holds."""

from __future__ import annotations

from scaffold.model.render.merge import merge_object
from scaffold.model.render.resource import deep_copy
from scaffold.model.schemas.located import YAML11, inline_documents, located_documents
from scaffold.model.schemas.patch_writers import Writer
from scaffold.model.schemas.provenance import SUBSTITUTED, TRANSFORMED, RenderedMap
from scaffold.model.schemas.rendered import origin_document

BASE = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${REPLICAS}
  template:
    spec:
      containers:
        - name: web
          image: nginx
"""
PATCH = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: sidecar
          image: busybox
          imagePullPolicy: Sometimes
"""


def merged(base: str, patch: str) -> dict:
    [origin] = located_documents(base)
    [doc] = located_documents(patch)
    return merge_object(deep_copy(origin.value), deep_copy(doc.value))


def test_values_are_placed_at_the_file_that_wrote_them() -> None:
    obj = merged(BASE, PATCH)
    obj["metadata"]["name"] = "dev-web"  # a name prefix
    obj["spec"]["replicas"] = 3  # postBuild
    containers = obj["spec"]["template"]["spec"]["containers"]
    # strategic merge puts the patch's element first: the base's container moves to [1]
    assert [c["name"] for c in containers] == ["sidecar", "web"]
    [origin] = located_documents(BASE)
    writer = Writer("patch.yaml", True, located_documents(PATCH))
    where = RenderedMap(obj, "base.yaml", origin, [writer], substituted=True)
    path = ("spec", "template", "spec", "containers")
    assert where.spot((*path, 1, "image")) == where.spot((*path, 1, "image"))
    assert (where.spot((*path, 1, "image")).file, where.value_at((*path, 1, "image"))) == (
        "base.yaml", (11, 18)
    )
    policy = where.spot((*path, 0, "imagePullPolicy"))
    assert (policy.file, policy.position, policy.how) == ("patch.yaml", (11, 28), "")
    assert policy.written == ("Sometimes", False)
    key = where.spot((*path, 0, "imagePullPolicy"), key=True)
    assert (key.file, key.position) == ("patch.yaml", (11, 11))
    replicas = where.spot(("spec", "replicas"))
    assert (replicas.file, replicas.position, replicas.how) == ("base.yaml", (6, 13), SUBSTITUTED)
    assert replicas.written == ("3", False)
    name = where.spot(("metadata", "name"))
    assert (name.file, name.position, name.how) == ("base.yaml", (4, 9), TRANSFORMED)
    label = where.spot(("metadata", "labels", "env"))
    assert (label.file, label.position, label.how) == ("base.yaml", (4, 3), TRANSFORMED)


def test_a_patch_for_another_object_is_never_the_writer() -> None:
    obj = merged(BASE, PATCH)
    obj["metadata"]["name"] = "api"
    [origin] = located_documents(BASE.replace("name: web\nspec", "name: api\nspec"))
    writer = Writer("patch.yaml", True, located_documents(PATCH))
    where = RenderedMap(obj, "base.yaml", origin, [writer])
    spot = where.spot(("spec", "template", "spec", "containers", 0, "imagePullPolicy"))
    assert spot.file == "base.yaml" and spot.how == TRANSFORMED


def test_a_json_patch_writes_its_value_at_its_pointer() -> None:
    operations = (
        "- op: add\n  path: /spec/template/spec/containers/-\n"
        "  value: {name: extra, image: alpine, ports: [{containerPort: http}]}\n"
    )
    [origin] = located_documents(BASE)
    obj = deep_copy(origin.value)
    obj["spec"]["template"]["spec"]["containers"].append(
        {"name": "extra", "image": "alpine", "ports": [{"containerPort": "http"}]}
    )
    target = {"kind": "Deployment"}
    writer = Writer("kustomization.yaml", False, located_documents(operations, YAML11), target)
    where = RenderedMap(obj, "base.yaml", origin, [writer])
    port = ("spec", "template", "spec", "containers", 1, "ports", 0, "containerPort")
    assert (where.spot(port).file, where.value_at(port)) == ("kustomization.yaml", (3, 63))


def test_a_secret_value_postbuild_gave_is_never_written_out() -> None:
    [origin] = located_documents(BASE)
    obj = deep_copy(origin.value)
    obj["spec"]["replicas"] = "hunter2"
    hidden = frozenset({"hunter2"})
    where = RenderedMap(obj, "base.yaml", origin, [], substituted=True, hidden=hidden)
    spot = where.spot(("spec", "replicas"))
    assert spot.how == SUBSTITUTED and spot.written is None


def test_an_inline_patch_is_placed_inside_its_kustomization_file() -> None:
    kustomization = (
        "resources: [deployment.yaml]\npatches:\n  - patch: |-\n"
        "      apiVersion: apps/v1\n      kind: Deployment\n      metadata: {name: web}\n"
        "      spec: {replicas: two}\n  - patch: '[{op: add, path: /x, value: 1}]'\n"
    )
    [doc] = located_documents(kustomization, YAML11)
    block = doc.value["patches"][0]["patch"]
    [patch] = inline_documents(block, kustomization, doc.value_at(("patches", 0, "patch")))
    assert patch.value_at(("spec", "replicas")) == (7, 24)
    assert patch.written(("spec", "replicas")) == ("two", False)
    flow = doc.value["patches"][1]["patch"]
    [ops] = inline_documents(flow, kustomization, doc.value_at(("patches", 1, "patch")), YAML11)
    assert ops.value_at((0, "value")) == (8, 12) and ops.written((0, "value")) is None


def test_the_resource_document_is_the_one_of_the_object_kind_and_name() -> None:
    documents = located_documents(
        "kind: Service\nmetadata: {name: web}\n---\nkind: Deployment\nmetadata: {name: web}\n"
        "---\nkind: Deployment\nmetadata: {name: web-api}\n"
    )
    assert origin_document(documents, {"kind": "Deployment", "metadata": {"name": "web"}}) is (
        documents[1]
    )
    prefixed = {"kind": "Deployment", "metadata": {"name": "dev-web-api"}}
    # `web` and `web-api` are both in the built name: neither is chosen
    assert origin_document(documents, prefixed) is None
    assert origin_document(documents, {"kind": "ConfigMap", "metadata": {"name": "x"}}) is None
