"""The report as the documented JSON document (docs/json-output.md, version 1)."""

from __future__ import annotations

import json
from typing import Any

from scaffold.diff.fields import FieldChange
from scaffold.diff.lines import plain
from scaffold.diff.masking import Masked
from scaffold.diff.objects import Identity
from scaffold.diff.report import (
    ADDED,
    CHANGED,
    MOVED,
    REMOVED,
    ClusterDiff,
    Danger,
    ImageChange,
    ObjectChange,
    Report,
    Where,
)  # fmt: skip
from scaffold.escape import printable
from scaffold.formats import JSON_VERSION


def render_json(report: Report) -> str:
    """The JSON document, indented, ending with a newline."""
    return json.dumps(_printable(to_json(report)), indent=2) + "\n"


def to_json(report: Report) -> dict[str, Any]:
    """The report as JSON data: no secret value, Masked values as what may be shown."""
    return {
        "version": JSON_VERSION,
        "summary": {
            "clusters": len(report.clusters),
            "changed_clusters": sum(1 for c in report.clusters if c.changed),
            **{change: report.count(change) for change in (ADDED, REMOVED, CHANGED, MOVED)},
            "dangers": len(report.dangers),
            "text": report.summary(),
        },
        "dangers": [_danger(d) for d in report.dangers],
        "clusters": [_cluster(c) for c in report.clusters],
    }


def _printable(value: Any) -> Any:
    # JSON escapes control characters itself; undecodable bytes of a name it cannot.
    if isinstance(value, str):
        return printable(value, control=None)
    if isinstance(value, dict):
        return {printable(str(k), control=None): _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value


def _identity(identity: Identity) -> dict[str, str]:
    return {
        "group": identity.group,
        "kind": identity.kind,
        "namespace": identity.namespace,
        "name": identity.name,
    }


def _danger(danger: Danger) -> dict[str, Any]:
    return {
        "cluster": danger.cluster,
        **_identity(danger.identity),
        "reason": danger.reason,
        "message": danger.message,
        "file": danger.file,
    }


def _where(where: Where | None) -> dict[str, str] | None:
    return None if where is None else {"file": where.file, "kustomization": where.kustomization}


def _hidden(value: Any) -> bool:
    if isinstance(value, Masked):
        return True
    if isinstance(value, dict):
        return any(_hidden(v) for v in value.values())
    if isinstance(value, list):
        return any(_hidden(v) for v in value)
    return False


def _field(field: FieldChange) -> dict[str, Any]:
    return {
        "path": field.path,
        "change": field.change,
        "old": plain(field.old),
        "new": plain(field.new),
        "hidden": _hidden(field.old) or _hidden(field.new),
    }


def _object(change: ObjectChange) -> dict[str, Any]:
    return {
        **_identity(change.identity),
        "api_version": change.api_version,
        "change": change.change,
        "moved": change.moved,
        "base": _where(change.base),
        "head": _where(change.head),
        "summary": list(change.lines),
        "fields": [_field(f) for f in change.fields],
    }


def _image(image: ImageChange) -> dict[str, Any]:
    return {
        "change": image.change,
        "old": image.old,
        "new": image.new,
        "owners": list(image.owners),
    }


def _cluster(cluster: ClusterDiff) -> dict[str, Any]:
    return {
        "cluster": cluster.cluster,
        "presence": cluster.presence,
        "changed": cluster.changed,
        "objects": [_object(o) for o in cluster.objects],
        "images": [_image(i) for i in cluster.images],
        "dangers": [_danger(d) for d in cluster.dangers],
    }
