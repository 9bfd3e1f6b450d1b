"""How the comparison of `diff` grows with the number of objects: it should be linear.

    python benchmarks/diff_scaling.py [--sizes 5000,10000,20000,40000] [--changed 0.01]

Builds two sides of one cluster of N objects (Deployments, Services, ConfigMaps and
Secrets), a fraction of them changed, and prints the best CPU time of `compare` over
three runs and its time per object. CPU time, because wall time on a shared machine
measures the others. Time per object that stays flat as N doubles is linear growth.
"""

from __future__ import annotations

import argparse
import base64
import copy
import time
from typing import Any

from scaffold.diff.compare import compare
from scaffold.diff.objects import Applied


def objects(count: int) -> list[dict[str, Any]]:
    """`count` objects, four kinds in turn."""
    made: list[dict[str, Any]] = []
    for i in range(count):
        meta = {"name": f"app-{i // 4}", "namespace": f"ns-{i % 50}", "labels": {"app": f"a{i}"}}
        kind = i % 4
        if kind == 0:
            pod = {"containers": [{"name": "app", "image": f"ghcr.io/acme/app:{i}",
                                   "env": [{"name": "MODE", "value": "x"}],
                                   "ports": [{"containerPort": 8080}]}]}  # fmt: skip
            spec = {"replicas": 2, "selector": {"matchLabels": meta["labels"]},
                    "template": {"metadata": {"labels": meta["labels"]}, "spec": pod}}  # fmt: skip
            made.append({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta,
                         "spec": spec})  # fmt: skip
        elif kind == 1:
            made.append({"apiVersion": "v1", "kind": "Service", "metadata": meta,
                         "spec": {"ports": [{"port": 80, "targetPort": 8080}]}})  # fmt: skip
        elif kind == 2:
            made.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta,
                         "data": {"app.ini": f"a={i}\nb=2\n"}})  # fmt: skip
        else:
            value = base64.b64encode(f"secret-{i}".encode()).decode()
            made.append({"apiVersion": "v1", "kind": "Secret", "metadata": meta,
                         "data": {"password": value}})  # fmt: skip
    return made


def sides(count: int, changed: float) -> tuple[list[Applied], list[Applied]]:
    """The base and a head in which every `1/changed`-th object has one more label."""
    base = objects(count)
    head = copy.deepcopy(base)
    step = max(1, round(1 / changed)) if changed else count + 1
    for obj in head[::step]:
        obj["metadata"]["labels"]["changed"] = "yes"

    def applied(items: list[dict[str, Any]]) -> list[Applied]:
        return [Applied(o, f"apps/{i % 500}.yaml", "flux-system/apps", True)
                for i, o in enumerate(items)]  # fmt: skip

    return applied(base), applied(head)


def best_cpu(count: int, changed: float) -> float:
    """The best CPU time of three comparisons of `count` objects."""
    base, head = sides(count, changed)
    times = []
    for _ in range(3):
        start = time.process_time()
        compare({"clusters/dev": base}, {"clusters/dev": head}, key=b"benchmark")
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,10000,20000,40000")
    parser.add_argument("--changed", type=float, default=0.01)
    args = parser.parse_args()
    for count in (int(s) for s in args.sizes.split(",")):
        seconds = best_cpu(count, args.changed)
        each = seconds / count * 1e6
        print(f"{count:>7} objects: {seconds * 1000:8.1f} ms CPU, {each:6.2f} µs each")


if __name__ == "__main__":
    main()
