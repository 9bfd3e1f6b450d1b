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
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from scaffold import __version__, fs
from scaffold.model.facts.cache import CACHE, signing_key, user_dir
from scaffold.model.render.flux.secrets import is_sops_ciphertext, would_mask
from scaffold.model.render_codec import decode_states, encode_states
from scaffold.model.rendering import (
    ClusterRendering,
    RenderedKustomization,
    Rendering,
    render_clusters,
)

FORMAT = 5
# The states of the repository kept per cluster: a diff's two sides.
MAX_STATES = 2
RENDER_CODE = Path(__file__).resolve().parent
_CODE = ("rendering.py", "render_cache.py", "render_codec.py", "render")


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


def load(root: Path, sync_path: str) -> list[ClusterRendering]:
    """The cluster's cached renderings, one per state kept (the latest first); none when
    there is none, or it is of another version or not signed by us."""
    signer = signing_key()
    path = cache_path(root, sync_path)
    if signer is None or not path.is_file():
        return []
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError, RecursionError):
        data = path.read_bytes()
        mac, _, payload = data.partition(b"\n")
        expected = hmac.new(signer, payload, hashlib.sha256).hexdigest().encode()
        if not hmac.compare_digest(mac, expected):
            return []
        stored = json.loads(payload)
        if stored.get("format") != FORMAT or stored.get("key") != fingerprint():
            return []
        if stored.get("sync_path") != sync_path:
            return []
        bulk = _bulk_reader(_bulk_path(path), str(stored["bulk"]))
        return decode_states(stored, bulk) if bulk is not None else []
    return []


def earlier_states(root: Path, sync_paths: Sequence[str]) -> list[Rendering]:
    """The cached renderings of `sync_paths`: the latest state of each cluster, then the one
    before (`rendering.render_clusters` tries them in this order)."""
    found = [load(root, s) for s in sync_paths]
    return [
        Rendering([states[i] for states in found if len(states) > i]) for i in range(MAX_STATES)
    ]


def save(root: Path, states: Sequence[ClusterRendering]) -> None:
    """Keep what may be kept of renderings of one cluster in several states (the latest
    first, at most MAX_STATES); a failure to write only costs the next run time."""
    signer = signing_key()
    if signer is None or not states:
        return
    # The objects the walk does not read go beside: read again only if asked for.
    encoded, bulk = encode_states(states, keepable, MAX_STATES)
    bulk_payload = json.dumps(bulk, separators=(",", ":")).encode()
    document = {
        "format": FORMAT,
        "key": fingerprint(),
        "sync_path": states[0].sync_path,
        "bulk": hashlib.sha256(bulk_payload).hexdigest(),
        **encoded,
    }
    payload = json.dumps(document, separators=(",", ":")).encode()
    mac = hmac.new(signer, payload, hashlib.sha256).hexdigest().encode()
    path = cache_path(root, states[0].sync_path)
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
    memo: dict[str, bool] = {}  # strings recur across the objects
    return not any(
        o.text is None and (_secret(o.obj) or would_mask(o.obj, memo))
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


def _hides(value: Any) -> bool:
    """Whether output would mask anything in `value`."""
    return would_mask(value)


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


def reuse_all(
    root: Path, sync_paths: list[str], reader: Any
) -> tuple[Rendering, Callable[[], None]] | None:
    """Every cluster from the cache when nothing any of them read has changed, or None
    (a cluster not cached, or one Kustomization to build again: the full path does it);
    and what keeps, after output, the text it wrote of objects kept without one."""
    states = earlier_states(root, sync_paths)
    latest = states[0].clusters
    if len(latest) != len(sync_paths) or not all(c.kustomizations for c in latest):
        return None
    roots = {c.sync_path: c.source_root for c in latest}
    rendering = render_clusters(reader, sync_paths, roots, states)
    if rendering.built():
        return None
    untold = [c for c in rendering.clusters if any(o.text is None for _, o in c.objects())]

    def keep() -> None:
        for cluster in untold:  # kept by a diff, which writes no text
            save(root, [cluster, *(c for s in states if (c := s.cluster(cluster.sync_path)))])

    return rendering, keep
