"""Every object of the wholly rendered Kustomizations of a rendering, against its schema.

What the walk reads is recorded for the caller: the files the objects were built from (a
resource's file, a patch file), whose documents need no check as written, and how many
objects were validated or had no schema.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from scaffold.model.schemas.coverage import Coverage
from scaffold.model.schemas.rendered import Placed, Sources, violations

if TYPE_CHECKING:
    from scaffold.model.rendering import Rendering


def rendered_violations(
    rendering: Rendering,
    crds: Mapping[tuple[str, str], str],
    minor: str,
    sources: Sources,
    counted: Coverage,
    covered: set[str],
    skipped: tuple[str, ...] = (),
) -> Iterator[tuple[str, Placed]]:
    """(kind, violation) of every object of every wholly rendered Kustomization, but those
    built from a file under `skipped` (Helm chart templates); `covered` gets the files the
    objects were built from."""
    from scaffold.model.schemas import kubernetes
    from scaffold.model.schemas.object_schemas import NO_SCHEMA, schema_of

    resolve = kubernetes.resolver(minor)
    for cluster in rendering.clusters:
        for kustomization in cluster.kustomizations:
            if not kustomization.rendered:
                continue
            covered.update(w.file for w in sources.writers(kustomization) if w.whole_file)
            for rendered in kustomization.objects:
                covered.add(rendered.file)
                if skipped and rendered.file.startswith(skipped):
                    continue
                what, schema = schema_of(rendered.api_version, rendered.kind, minor, crds)
                if schema is None:
                    if what == NO_SCHEMA:
                        counted.unchecked[rendered.kind] += 1
                    continue
                counted.validated += 1
                for placed in violations(kustomization, rendered, schema, resolve, sources):
                    yield rendered.kind, placed
