"""Compare schema validators on 1,000 HelmReleases: the node walker against JSON Schema libraries.

Run from an environment with the project installed (pip install -e '.[test]'), plus any of
jsonschema, fastjsonschema and jsonschema-rs to compare:
    python benchmarks/schema_validators.py [--count 1000] [--repeat 5]
Libraries that are not installed are skipped. The libraries see the same CRD schema, rewritten
into JSON Schema (unknown fields closed with additionalProperties: false, int-or-string and
nullable spelled as type lists) so that every engine checks the same rules.
"""

from __future__ import annotations

import argparse
import copy
import gc
import importlib.util
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from scaffold.model.schemas.bundle import load_schema
from scaffold.model.schemas.validate import validate_node

ROOT = Path(__file__).resolve().parents[1]
Schema = dict[str, Any]
LIBRARIES = ("jsonschema", "fastjsonschema", "jsonschema_rs")
# One broken field in this share of documents, as a repository mid-edit would have.
BROKEN_EVERY = 10
BREAKAGES = (
    ("interval: 10m", "interval: 10minutes"),
    ("sourceRef:", "sourceref:"),
    ("retries: 3", 'retries: "three"'),
    ("kind: HelmRepository", "kind: HelmRepo"),
    ("disableWait: false", "disableWait: yes-please"),
)


def helm_release(index: int) -> str:
    """One realistic HelmRelease, the kind `flux create helmrelease --export` writes plus values."""
    text = f"""\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: app-{index}
  namespace: team-{index % 7}
  labels: {{app.kubernetes.io/name: app-{index}, tier: backend}}
spec:
  interval: 10m
  timeout: 5m
  releaseName: app-{index}
  targetNamespace: team-{index % 7}
  dependsOn:
    - name: cert-manager
      namespace: cert-manager
  chart:
    spec:
      chart: app-{index % 40}
      version: ">=1.{index % 9}.0 <2.0.0"
      sourceRef:
        kind: HelmRepository
        name: charts
        namespace: flux-system
      interval: 1h
  install:
    crds: CreateReplace
    remediation:
      retries: 3
  upgrade:
    crds: CreateReplace
    cleanupOnFail: true
    disableWait: false
    remediation:
      retries: 3
      remediateLastFailure: true
  valuesFrom:
    - kind: ConfigMap
      name: app-{index}-values
      valuesKey: values.yaml
  values:
    replicaCount: {index % 4 + 1}
    image: {{repository: ghcr.io/example/app-{index}, tag: "1.{index}.0"}}
    resources:
      limits: {{cpu: 500m, memory: 256Mi}}
    ingress:
      enabled: true
      hosts: [{{host: app-{index}.example.com, paths: [{{path: /, pathType: Prefix}}]}}]
"""
    if index % BROKEN_EVERY == 0:
        old, new = BREAKAGES[(index // BROKEN_EVERY) % len(BREAKAGES)]
        text = text.replace(old, new, 1)
    return text


def as_json_schema(schema: Schema) -> Schema:
    """The CRD schema as plain JSON Schema, with the Kubernetes extensions made explicit."""
    out = copy.deepcopy(schema)
    _close(out)
    return out


def _close(node: Schema) -> None:
    if node.pop("x-kubernetes-int-or-string", False):
        node["type"] = ["integer", "string"]
    if node.pop("nullable", False) and "type" in node:
        node["type"] = [node["type"], "null"]
    preserve = node.pop("x-kubernetes-preserve-unknown-fields", False)
    node.pop("x-kubernetes-embedded-resource", None)
    if "properties" in node and "additionalProperties" not in node and not preserve:
        node["additionalProperties"] = False
    for sub in node.get("properties", {}).values():
        _close(sub)
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            _close(node[key])


def engines(schema: Schema) -> dict[str, tuple[Callable[[Any], int], float]]:
    """Each available engine's validate-one-document function and its schema compile time."""
    found: dict[str, tuple[Callable[[Any], int], float]] = {
        "node walker": (lambda node: len(validate_node(node, schema)), 0.0),
    }
    plain = as_json_schema(schema)
    if importlib.util.find_spec("jsonschema"):
        import jsonschema

        started = time.perf_counter()
        draft7 = jsonschema.Draft7Validator(plain)
        found["jsonschema (Draft 7)"] = (
            lambda obj: sum(1 for _ in draft7.iter_errors(obj)), time.perf_counter() - started
        )
    if importlib.util.find_spec("fastjsonschema"):
        import fastjsonschema

        started = time.perf_counter()
        fast = fastjsonschema.compile(plain)
        found["fastjsonschema"] = (_first_error_only(fast), time.perf_counter() - started)
    if importlib.util.find_spec("jsonschema_rs"):
        import jsonschema_rs

        started = time.perf_counter()
        rust = jsonschema_rs.validator_for(plain)
        found["jsonschema-rs"] = (
            lambda obj: sum(1 for _ in rust.iter_errors(obj)), time.perf_counter() - started
        )
    return found


def _first_error_only(check: Callable[[Any], Any]) -> Callable[[Any], int]:
    # fastjsonschema stops at the first error; it cannot list them all.
    def run(obj: Any) -> int:
        try:
            check(obj)
        except Exception:
            return 1
        return 0

    return run


def import_seconds(module: str, repeat: int) -> float:
    """Median time to import module, timed inside a fresh interpreter that already has PyYAML.

    Lint has PyYAML loaded anyway, and timing inside the child leaves out interpreter start-up,
    which is most of the noise on a shared machine.
    """
    code = (
        "import time, yaml\n"
        "started = time.perf_counter()\n"
        f"import {module}\n"
        "print(time.perf_counter() - started)\n"
    )
    times = [
        float(subprocess.run(
            [sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True, text=True
        ).stdout)
        for _ in range(repeat)
    ]
    return statistics.median(times)


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The least CPU time of `repeat` runs: stable when other processes share the cores."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


def _compose(text: str) -> yaml.Node:
    return yaml.compose(text, Loader=yaml.CSafeLoader)


def _construct(node: yaml.Node) -> Any:
    return yaml.constructor.SafeConstructor().construct_document(node)


def _load(text: str) -> Any:
    return yaml.load(text, Loader=yaml.CSafeLoader)


def main() -> int:
    """Print a markdown table: CPU ms per batch, violations found, compile and import cost."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    schema = load_schema("2.9", "helm.toolkit.fluxcd.io/v2", "HelmRelease")
    assert schema is not None
    texts = [helm_release(i) for i in range(args.count)]
    nodes = [yaml.compose(t, Loader=yaml.CSafeLoader) for t in texts]
    objects = [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts]
    # Keep the collector from re-walking the retained inputs on every timed run.
    gc.freeze()
    print(f"{args.count} HelmReleases, {args.count // BROKEN_EVERY} broken; best of {args.repeat}")
    print("| engine | validate CPU ms | from composed nodes CPU ms | parse + validate CPU ms "
          "| violations | compile ms | import ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    modules = {
        "node walker": "scaffold.model.schemas.validate",
        "jsonschema (Draft 7)": "jsonschema",
        "fastjsonschema": "fastjsonschema",
        "jsonschema-rs": "jsonschema_rs",
    }
    for name, (check, compile_s) in engines(schema).items():
        walker = name == "node walker"
        inputs = nodes if walker else objects
        parse = _compose if walker else _load
        seconds = best_of(
            args.repeat, lambda check=check, inputs=inputs: [check(d) for d in inputs]
        )
        # The linter parses and checks one file at a time, so nothing is retained here.
        streamed = best_of(
            args.repeat, lambda check=check, parse=parse: [check(parse(t)) for t in texts]
        )
        # Lint already holds composed nodes; a library needs Python objects built from them.
        from_nodes = seconds if walker else best_of(
            args.repeat, lambda check=check: [check(_construct(n)) for n in nodes]
        )
        errors = sum(check(d) for d in inputs)
        imported = import_seconds(modules[name], args.repeat)
        print(f"| {name} | {seconds * 1e3:.1f} | {from_nodes * 1e3:.0f} | {streamed * 1e3:.0f} "
              f"| {errors} "
              f"| {compile_s * 1e3:.1f} | {imported * 1e3:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
