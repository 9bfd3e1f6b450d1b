"""configMapGenerator and secretGenerator: the objects, and the name-suffix hash kustomize adds."""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
import re
from collections.abc import Callable
from typing import Any

from scaffold.model.render.problems import BuildError
from scaffold.model.render.resource import Resource

_ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
_CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
_HASH_MAP = str.maketrans({"0": "g", "1": "h", "3": "k", "a": "m", "e": "t"})


def _literal(source: str, where: str) -> tuple[str, str]:
    if source.startswith("=") or "=" not in source:
        raise BuildError(where, f"invalid literal source {source}, expected key=value")
    key, value = source.split("=", 1)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return key, value


def _file_source(source: str, where: str) -> tuple[str, str]:
    count = source.count("=")
    if count == 0:
        return posixpath.basename(source), source
    if count > 1 or source.startswith("=") or source.endswith("="):
        raise BuildError(where, f"invalid file source {source!r}")
    key, path = source.split("=")
    return key, path


def _env_pairs(text: str, where: str) -> list[tuple[str, str]]:
    pairs = []
    for number, line in enumerate(text.splitlines()):
        if number == 0:
            line = line.removeprefix("\ufeff")
        line = line.lstrip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        if not _ENV_NAME.match(key):
            raise BuildError(where, f"invalid environment variable name {key!r}")
        pairs.append((key, value))
    return pairs


def data_pairs(args: dict[str, Any], read: Callable[[str], bytes], where: str) -> dict[str, bytes]:
    """The key/value pairs of one generator: envs, then literals, then files."""
    pairs: list[tuple[str, bytes]] = []
    for env in _strings(args, "envs") + _strings(args, "env"):
        text = read(env).decode("utf-8", errors="replace")
        pairs += [(k, v.encode()) for k, v in _env_pairs(text, where)]
    for literal in _strings(args, "literals"):
        key, text = _literal(literal, where)
        pairs.append((key, text.encode()))
    for source in _strings(args, "files"):
        key, path = _file_source(source, where)
        pairs.append((key, read(path)))
    result: dict[str, bytes] = {}
    for key, content in pairs:
        if not _CONFIG_KEY.match(key):
            raise BuildError(where, f"{key!r} is not a valid ConfigMap or Secret key")
        if key in result:
            raise BuildError(where, f"{args.get('name')} illegally repeats the key `{key}`")
        result[key] = content
    return result


def _strings(args: dict[str, Any], field: str) -> list[str]:
    value = args.get(field)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def generate(
    kind: str,
    args: dict[str, Any],
    options: dict[str, Any],
    read: Callable[[str], bytes],
    where: str,
) -> Resource:
    """One generated ConfigMap or Secret, its behavior and hash flag set."""
    name = args.get("name")
    if not name:
        raise BuildError(where, f"a {kind.lower()} generator entry needs a name")
    obj: dict[str, Any] = {"apiVersion": "v1", "kind": kind, "metadata": {"name": str(name)}}
    if args.get("namespace"):
        obj["metadata"]["namespace"] = str(args["namespace"])
    pairs = data_pairs(args, read, where)
    if kind == "Secret":
        obj["type"] = str(args.get("type") or "Opaque")
        obj["data"] = {k: encode_base64(v) for k, v in sorted(pairs.items())}
    else:
        for key, value in sorted(pairs.items()):
            try:
                obj.setdefault("data", {})[key] = value.decode("utf-8")
            except UnicodeDecodeError:
                obj.setdefault("binaryData", {})[key] = encode_base64(value)
    for field in ("labels", "annotations"):
        entries = options.get(field) or {}
        if entries:
            obj["metadata"].setdefault(field, {}).update({k: str(v) for k, v in entries.items()})
    if options.get("immutable"):
        obj["immutable"] = True
    res = Resource(obj, where)
    res.needs_hash = not options.get("disableNameSuffixHash")
    res.behavior = str(args.get("behavior") or "")
    return res


def merge_options(local: dict[str, Any] | None, common: dict[str, Any] | None) -> dict[str, Any]:
    """types.MergeGlobalOptionsIntoLocal: labels and annotations unite, flags are or-ed."""
    local, common = local or {}, common or {}
    merged: dict[str, Any] = {}
    for field in ("labels", "annotations"):
        merged[field] = {**(common.get(field) or {}), **(local.get(field) or {})}
    for flag in ("disableNameSuffixHash", "immutable"):
        merged[flag] = bool(local.get(flag) or common.get(flag))
    return merged


def encode_base64(data: bytes) -> str:
    """Base64 as kyaml writes generated data: 70-character lines, each ended, when longer."""
    text = base64.b64encode(data).decode()
    if len(text) < 70:
        return text
    return "".join(text[i : i + 70] + "\n" for i in range(0, len(text), 70))


def _go_json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def content_hash(obj: dict[str, Any]) -> str:
    """kustomize's name suffix for a ConfigMap or Secret (api/hasher): 10 characters."""

    # kustomize looks the name up as one key "metadata/name", which never exists: "".
    def field(name: str) -> Any:
        value = obj.get(name)
        return "" if value is None else value

    if obj.get("kind") == "ConfigMap":
        encoded: dict[str, Any] = {"kind": "ConfigMap", "name": "", "data": field("data")}
        if isinstance(obj.get("binaryData"), dict):
            encoded["binaryData"] = obj["binaryData"]
    elif obj.get("kind") == "Secret":
        encoded = {"kind": "Secret", "type": field("type"), "name": "", "data": field("data")}
        if isinstance(obj.get("stringData"), dict):
            encoded["stringData"] = obj["stringData"]
    else:
        encoded = obj
    digest = hashlib.sha256(_go_json(encoded).encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:10].translate(_HASH_MAP)
