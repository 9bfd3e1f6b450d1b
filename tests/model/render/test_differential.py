"""Random kustomizations, built here and by real kustomize: the same objects, in the same order."""

from __future__ import annotations

from pathlib import Path

from scaffold.model.render.build import Builder
from scaffold.model.render.reader import WorkTreeReader
from tests.model.render.generate import make_case
from tests.model.render.oracle import kustomize_all, needs_kubectl, object_ids, same_objects

CASES = 60


@needs_kubectl
def test_random_kustomizations_build_as_kustomize_builds_them(tmp_path: Path) -> None:
    overlays = {make_case(tmp_path / f"case{seed}", seed): seed for seed in range(CASES)}
    oracle = kustomize_all(overlays)
    failures, rendered = [], 0
    for overlay, seed in overlays.items():
        build = Builder(WorkTreeReader(overlay.parent)).build("overlay")
        theirs = oracle[overlay]
        if build.not_rendered:
            continue
        rendered += 1
        if not theirs.ok:
            if not build.problems:
                failures.append((seed, "kustomize fails: " + theirs.error[:400]))
        elif build.problems:
            failures.append((seed, f"we report {build.problems[0]}"))
        elif not same_objects(build.objects, theirs.objects):
            failures.append((seed, "different objects"))
        elif object_ids(build.objects) != object_ids(theirs.objects):
            failures.append((seed, "different order"))
    assert failures == []
    assert rendered >= 0.9 * CASES
