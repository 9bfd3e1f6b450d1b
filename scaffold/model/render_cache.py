"""Rendered Kustomizations kept between runs, reused when everything they read is unchanged.

One file per cluster in the user cache directory (`<user cache dir>/gitops-scaffold/render/`),
signed as the facts cache is (`facts.cache.signing_key`) and valid only for the same tool
version and rendering code. It holds, per Flux Kustomization, what its build read (content
keys, directories, listings: `render.source_reader.Inputs`) and its objects; the next
rendering of any state of the repository reuses a Kustomization whose spec and inputs read
the same (`rendering.render_clusters`), so nothing stale is ever shown.

Only what holds nothing to hide is kept: a Kustomization with a Secret's plaintext value,
a value under a credential-like key, a URL's user information, a value substituted from a
Secret or a postBuild lookup of a Secret is rendered again on every run, never written
here. So the cache holds no secret value, and its objects are exactly the rendered ones.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from scaffold import __version__, fs
from scaffold.model.facts.cache import CACHE, signing_key, user_dir
from scaffold.model.render.flux.goyaml import dump_for_output
from scaffold.model.render.flux.secrets import Masker, is_sops_ciphertext, mask_credentials
from scaffold.model.render.problems import Problem
from scaffold.model.rendering import (
    WALKED,
    ClusterRendering,
    RenderedKustomization,
    RenderedObject,
    Rendering,
)

FORMAT = 4
RENDER_CODE = Path(__file__).resolve().parent
_CODE = ("rendering.py", "render_cache.py", "render")
_CHECK = Masker(b"\0" * 32)  # masks only to see whether anything would be masked


def cache_path(root: Path, sync_path: str) -> Path:
    """The cache file of one cluster of the repository at `root`."""
    name = f"{root.resolve()}\0{sync_path}".encode("utf-8", "surrogateescape")
    return user_dir(CACHE) / "render" / f"{hashlib.sha256(name).hexdigest()[:24]}.json"


def fingerprint() -> str:
    """The tool version and every source file of the rendering code."""
    digest = hashlib.sha256(__version__.encode())
    for name in _CODE:
        path = RENDER_CODE / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in (".py", ".json", ".yaml"):
                digest.update(file.relative_to(RENDER_CODE).as_posix().encode() + b"\0")
                digest.update(file.read_bytes())
    return digest.hexdigest()


def load(root: Path, sync_path: str) -> ClusterRendering | None:
    """The cluster's cached rendering, or None (none, another version, not signed by us)."""
    signer = signing_key()
    path = cache_path(root, sync_path)
    if signer is None or not path.is_file():
        return None
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError, RecursionError):
        data = path.read_bytes()
        mac, _, payload = data.partition(b"\n")
        expected = hmac.new(signer, payload, hashlib.sha256).hexdigest().encode()
        if not hmac.compare_digest(mac, expected):
            return None
        stored = json.loads(payload)
        if stored.get("format") != FORMAT or stored.get("key") != fingerprint():
            return None
        if stored.get("sync_path") != sync_path:
            return None
        bulk = _bulk_reader(_bulk_path(path), str(stored["bulk"]))
        return _decode(stored, bulk) if bulk is not None else None
    return None


def save(root: Path, cluster: ClusterRendering) -> None:
    """Keep what of `cluster` may be kept; a failure to write only costs the next run time."""
    signer = signing_key()
    if signer is None:
        return
    kept = [k for k in cluster.kustomizations if keepable(k)]
    bulk: list[Any] = []  # the objects the walk does not read: read again only if asked for
    encoded = [_encode(k, bulk) for k in kept]
    bulk_payload = json.dumps(bulk, separators=(",", ":")).encode()
    document = {
        "format": FORMAT,
        "key": fingerprint(),
        "sync_path": cluster.sync_path,
        "sync_source": list(cluster.sync_source),
        "root": cluster.root,
        "source_root": cluster.source_root,
        "bulk": hashlib.sha256(bulk_payload).hexdigest(),
        "kustomizations": encoded,
    }
    payload = json.dumps(document, separators=(",", ":")).encode()
    mac = hmac.new(signer, payload, hashlib.sha256).hexdigest().encode()
    path = cache_path(root, cluster.sync_path)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fs.write_atomic(_bulk_path(path), bulk_payload, mode=0o600)  # named by the signed file
        fs.write_atomic(path, mac + b"\n" + payload, mode=0o600)


def _bulk_path(path: Path) -> Path:
    return path.with_suffix(".objects.json")


def keepable(kustomization: RenderedKustomization) -> bool:
    """Whether the Kustomization holds nothing to hide (and may so be written here)."""
    if kustomization.secret_values or any(k[0] == "Secret" for k in kustomization.lookups):
        return False
    if _hides(kustomization.spec):
        return False
    texts = [*kustomization.not_rendered, *(p.message for p in kustomization.problems)]
    if any(_hides({"text": t}) for t in texts):
        return False
    # An object output wrote unmasked (its text is set) was checked there already.
    memo: dict[str, str] = {}  # strings recur across the objects
    return not any(
        o.text is None and (_secret(o.obj) or _hides(o.obj, memo))
        for o in kustomization.objects
    )


def _secret(obj: Mapping[str, Any]) -> bool:
    """A Secret with a value in plain text (SOPS ciphertext is not)."""
    if obj.get("kind") != "Secret":
        return False
    for name in ("data", "stringData"):
        values = obj.get(name)
        if isinstance(values, Mapping) and any(
            v is not None and not is_sops_ciphertext(v) for v in values.values()
        ):
            return True
    return False


def _hides(value: Any, memo: dict[str, str] | None = None) -> bool:
    """Whether output would mask anything in `value`."""
    return bool(mask_credentials(value, _CHECK, (), memo) != value)


def _encode(k: RenderedKustomization, bulk: list[Any]) -> dict[str, Any]:
    return {
        "namespace": k.namespace,
        "name": k.name,
        "declared_in": k.declared_in,
        "directory": k.directory,
        "spec": k.spec,
        "parent": k.parent,
        "objects": [_encode_object(o, bulk) for o in k.objects],
        "not_rendered": k.not_rendered,
        "problems": [[p.path, p.line, p.column, p.message, p.missing] for p in k.problems],
        "kept": list(k.kept),
        "unavailable": list(k.unavailable),
        "inputs": [[q, path, _answer(a)] for (q, path), a in k.inputs.items()],
        "lookups": [[*key, digest] for key, digest in k.lookups.items()],
    }


def _encode_object(o: RenderedObject, bulk: list[Any]) -> list[Any]:
    text = o.text or dump_for_output(o.obj)
    if o.kind in WALKED:
        return [o.file, text, o.api_version, o.kind, o.obj]
    bulk.append(o.obj)
    return [o.file, text, o.api_version, o.kind, len(bulk) - 1]


def _answer(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _decode_object(entry: list[Any], bulk: Callable[[int], dict[str, Any]]) -> RenderedObject:
    file, text, api_version, kind, obj = entry
    if isinstance(obj, dict):
        return RenderedObject(obj, str(file), str(text))
    index = int(obj)
    return RenderedObject(
        None, str(file), str(text), load=lambda: bulk(index), api_version=api_version, kind=kind
    )


def _bulk_reader(path: Path, digest: str) -> Callable[[int], dict[str, Any]] | None:
    """What reads the objects kept beside the signed file (checked against it now, decoded
    when first asked for), or None when they are not the ones it names."""
    data = path.read_bytes() if path.is_file() else b""
    if hashlib.sha256(data).hexdigest() != digest:
        return None
    found: list[list[Any]] = []

    def read(index: int) -> dict[str, Any]:
        if not found:
            found.append(json.loads(data))
        return dict(found[0][index])

    return read


def _decode(stored: Mapping[str, Any], bulk: Callable[[int], dict[str, Any]]) -> ClusterRendering:
    sync_path = str(stored["sync_path"])
    kind, namespace, name = (str(v) for v in stored["sync_source"])
    cluster = ClusterRendering(
        sync_path,
        sync_source=(kind, namespace, name),
        root=str(stored["root"]),
        source_root=str(stored["source_root"]),
    )
    for item in stored["kustomizations"]:
        k = RenderedKustomization(
            sync_path,
            str(item["namespace"]),
            str(item["name"]),
            str(item["declared_in"]),
            item["directory"],
            dict(item["spec"]),
        )
        k.parent = str(item["parent"])
        k.objects = [_decode_object(entry, bulk) for entry in item["objects"]]
        k.clean = True
        k.not_rendered = [str(r) for r in item["not_rendered"]]
        k.problems = [Problem(str(p), int(line), int(col), str(m), bool(x))
                      for p, line, col, m, x in item["problems"]]  # fmt: skip
        k.kept, k.unavailable = tuple(item["kept"]), tuple(item["unavailable"])
        k.inputs = {
            (str(q), str(path)): tuple(a) if isinstance(a, list) else a
            for q, path, a in item["inputs"]
        }
        k.lookups = {(str(a), str(b), str(c)): d for a, b, c, d in item["lookups"]}
        cluster.kustomizations.append(k)
    return cluster


def reuse_all(root: Path, sync_paths: list[str], reader: Any) -> Rendering | None:
    """Every cluster from the cache when nothing any of them read has changed, or None
    (a cluster not cached, or one Kustomization to build again: the full path does it)."""
    from scaffold.model.rendering import Rendering, render_clusters

    found = [load(root, s) for s in sync_paths]
    cached = [c for c in found if c is not None]
    if len(cached) != len(sync_paths) or not all(c.kustomizations for c in cached):
        return None
    roots = {c.sync_path: c.source_root for c in cached}
    rendering = render_clusters(reader, sync_paths, roots, Rendering(cached))
    return None if rendering.built() else rendering
