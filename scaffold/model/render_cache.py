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
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scaffold import __version__, fs
from scaffold.model.facts.cache import CACHE, signing_key, user_dir
from scaffold.model.render.flux.goyaml import dump_for_output
from scaffold.model.render.flux.secrets import Masker, is_sops_ciphertext, mask_credentials
from scaffold.model.render.problems import Problem
from scaffold.model.rendering import ClusterRendering, RenderedKustomization, RenderedObject

FORMAT = 2
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
        return _decode(stored)
    return None


def save(root: Path, cluster: ClusterRendering) -> None:
    """Keep what of `cluster` may be kept; a failure to write only costs the next run time."""
    signer = signing_key()
    if signer is None:
        return
    kept = [k for k in cluster.kustomizations if keepable(k)]
    document = {
        "format": FORMAT,
        "key": fingerprint(),
        "sync_path": cluster.sync_path,
        "sync_source": list(cluster.sync_source),
        "root": cluster.root,
        "kustomizations": [_encode(k) for k in kept],
    }
    payload = json.dumps(document, separators=(",", ":")).encode()
    mac = hmac.new(signer, payload, hashlib.sha256).hexdigest().encode()
    path = cache_path(root, cluster.sync_path)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fs.write_atomic(path, mac + b"\n" + payload, mode=0o600)


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
    return not any(
        o.text is None and (_secret(o.obj) or _hides(o.obj)) for o in kustomization.objects
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


def _hides(value: Any) -> bool:
    """Whether output would mask anything in `value`."""
    return bool(mask_credentials(value, _CHECK) != value)


def _encode(k: RenderedKustomization) -> dict[str, Any]:
    return {
        "namespace": k.namespace,
        "name": k.name,
        "declared_in": k.declared_in,
        "directory": k.directory,
        "spec": k.spec,
        "parent": k.parent,
        "objects": [[o.file, o.obj, o.text or dump_for_output(o.obj)] for o in k.objects],
        "not_rendered": k.not_rendered,
        "problems": [[p.path, p.line, p.column, p.message, p.missing] for p in k.problems],
        "kept": list(k.kept),
        "unavailable": list(k.unavailable),
        "inputs": [[q, path, _answer(a)] for (q, path), a in k.inputs.items()],
        "lookups": [[*key, digest] for key, digest in k.lookups.items()],
    }


def _answer(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _decode(stored: Mapping[str, Any]) -> ClusterRendering:
    sync_path = str(stored["sync_path"])
    kind, namespace, name = (str(v) for v in stored["sync_source"])
    cluster = ClusterRendering(sync_path, sync_source=(kind, namespace, name), root=stored["root"])
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
        k.objects = [RenderedObject(dict(o), str(f), str(t)) for f, o, t in item["objects"]]
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
