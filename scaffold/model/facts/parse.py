"""One pass over one file: bytes in, `FileFacts` out.

A pure function of (path, bytes, options): no filesystem, no globals, so it can
run in a process pool and be cached by content. YAML is composed to nodes with
libyaml and walked; nothing is constructed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import yaml

from scaffold.model.facts import (
    conformance,
    inline_patches,
    kinds,
    kube_conformance,
    structure,
    variables,
)
from scaffold.model.facts.documents import Document, FileFacts
from scaffold.model.facts.loader import NULL_TAG, Loader, RedefiningLoader, is_redefined_anchor
from scaffold.model.facts.nodes import Node, end_line, position
from scaffold.model.facts.suppress import suppressions
from scaffold.model.files.names import KUSTOMIZATION_FILES, is_yaml
from scaffold.model.findings import RawFinding
from scaffold.model.schemas.bundle import DEFAULT_FLUX_MINOR
from scaffold.model.schemas.kubernetes import DEFAULT_KUBERNETES_MINOR

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class ParseOptions:
    """What extraction depends on besides the bytes (part of a cache key)."""

    secret_keys: tuple[str, ...] = ()
    expansion_limit: int = structure.EXPANSION_LIMIT
    max_file_size: int = 10 * 1024 * 1024
    # The Flux minor whose CRD schemas Flux objects are validated against.
    flux_version: str = DEFAULT_FLUX_MINOR
    check_schemas: bool = True
    # The Kubernetes minor whose schemas built-in objects are validated against; None: not.
    kubernetes_version: str | None = DEFAULT_KUBERNETES_MINOR


def extract(
    path: str, data: bytes, options: ParseOptions | None = None, roots: list[Node] | None = None
) -> FileFacts:
    """The facts and per-file findings of the file at `path` holding `data`.

    `roots`, when given, receives the composed root node of every document, when all of
    them composed (so the same nodes can be read again for other purposes)."""
    if not is_yaml(path):
        return FileFacts(path=path, yaml=False)
    options = options or ParseOptions()
    if len(data) > options.max_file_size:
        return FileFacts(path, True, findings=(_too_large(path, len(data), options),))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data.startswith(UTF16_BOMS):
            return FileFacts(path, True, findings=(_utf16(path),))
        line = data[: exc.start].count(b"\n") + 1
        return FileFacts(
            path, True, findings=(_invalid(path, line, 1, "the file is not valid UTF-8"),)
        )
    if too_many_nodes(data, text):
        return FileFacts(path, True, findings=(_too_many(path),))
    documents: list[Document] = []
    findings: list[RawFinding] = []
    composed: list[Node] = []
    try:
        whole = _compose(path, text, options, Loader, documents, findings, composed)
    except yaml.YAMLError as exc:
        if not is_redefined_anchor(exc):
            raise
        documents.clear()
        findings.clear()
        whole = False  # another loader's nodes: not the ones a YAML reader composes
        _compose(path, text, options, RedefiningLoader, documents, findings, [])
    if whole and roots is not None:
        roots.extend(composed)
    return FileFacts(
        path=path,
        yaml=True,
        documents=tuple(documents),
        findings=tuple(findings),
        suppressions=suppressions(text, documents),
    )


def same_facts_class(path: str) -> bool:
    """What of a path, besides the bytes, the facts depend on: whether kustomize reads the
    file as a kustomization (two files with the same bytes and the same answer have the
    same facts but for the path, see `moved`)."""
    return path.rsplit("/", 1)[-1].lower() in KUSTOMIZATION_FILES


def moved(facts: FileFacts, path: str) -> FileFacts:
    """The facts of the same bytes at `path`: only the paths they name change."""
    old = facts.path

    def here(where: str) -> str:
        return path if where == old else where

    findings = tuple(
        replace(f, path=here(f.path), fixes=tuple(replace(x, path=here(x.path)) for x in f.fixes))
        for f in facts.findings
    )
    return replace(facts, path=path, findings=findings)


def _compose(
    path: str,
    text: str,
    options: ParseOptions,
    loader: type,
    documents: list[Document],
    findings: list[RawFinding],
    roots: list[Node],
) -> bool:
    """Compose every document of `text`, recording its facts and its node, or the error
    that stops it; whether every document composed."""
    anchors = "&" in text
    substitutions = "${" in text
    # Only a file with an inline patch needs its own text again (to place the patch's keys).
    source = text if "patch:" in text else None
    try:
        for index, root in enumerate(yaml.compose_all(text, Loader=loader)):
            roots.append(root)
            documents.append(
                _document(path, index, root, options, (anchors, substitutions), findings, source)
            )
        return True
    except yaml.MarkedYAMLError as exc:
        if loader is Loader and is_redefined_anchor(exc):
            raise
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        line, column = _within(text, line, column)
        problem = exc.problem or exc.context or "syntax error"
        findings.append(_invalid(path, line, column, f"the file does not parse: {problem}"))
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        findings.append(_invalid(path, 1, 1, f"the file does not parse ({type(exc).__name__})"))
    return False


def _within(text: str, line: int, column: int) -> tuple[int, int]:
    """A position inside the text: libyaml reports an error at the end of a file that
    lacks a final newline on the line after the last one."""
    lines = text.splitlines()
    if line <= max(1, len(lines)):
        return line, column
    last = lines[-1] if lines else ""
    return max(1, len(lines)), len(last) + 1


def _invalid(path: str, line: int, column: int, message: str) -> RawFinding:
    return RawFinding(
        "invalid-yaml",
        path,
        line,
        column,
        message,
        "fix the YAML syntax at this position (a YAML-aware editor shows it)",
    )


def _shown_key(dup: structure.DuplicateKey) -> str:
    """The key, unless it could be a secret itself: under data/stringData/values, or token-like."""
    token_like = len(dup.key) >= 16 and any(c.isdigit() for c in dup.key) and " " not in dup.key
    if dup.sensitive or token_like or any(ord(c) < 0x20 for c in dup.key):
        return f"the key at column {dup.position[1]}"
    return f"key `{dup.key}`"


# A node of the composed tree takes ~300 bytes: this bounds one file near 150 MB. The
# largest manifests seen in practice (Flux's own components) have under 20,000.
MAX_NODES = 500_000
_NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)


def too_many_nodes(data: bytes, text: str) -> bool:
    """Whether the file holds more than MAX_NODES nodes (a 10 MiB flow list holds millions).

    Every node but the first follows one of these bytes, so their count bounds the
    nodes cheaply; only past the bound are the parser's events counted, up to it.
    """
    if sum(data.count(c) for c in (b",", b":", b"-", b"\n", b"[", b"{", b"?", b"*")) < MAX_NODES:
        return False
    count = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, _NODE_EVENTS):
                count += 1
                if count > MAX_NODES:
                    return True
    except yaml.YAMLError:
        return False  # the parse proper reports it, with its position
    return False


def _too_many(path: str) -> RawFinding:
    return RawFinding(
        "unchecked-file",
        path,
        1,
        1,
        f"the file holds more than {MAX_NODES} YAML nodes; not parsed (lint bounds the "
        "memory one file may take)",
        "split the file; Flux and kubectl would struggle with it too",
    )


def _too_large(path: str, size: int, options: ParseOptions) -> RawFinding:
    return RawFinding(
        "unchecked-file",
        path,
        1,
        1,
        # `size` is a lower bound: a huge file is never read whole just to say so
        f"the file is over max_file_size ({options.max_file_size} bytes); not parsed",
        "split the file, or raise `max_file_size` of rule unchecked-file in .gitops-scaffold.yaml",
    )


def _utf16(path: str) -> RawFinding:
    # kustomize and most tools read YAML as UTF-8 only; say what the file is.
    return RawFinding(
        "invalid-yaml",
        path,
        1,
        1,
        "the file is UTF-16 (it starts with a UTF-16 byte-order mark)",
        "save it as UTF-8",
    )


def _document(
    path: str,
    index: int,
    root: Node | None,
    options: ParseOptions,
    flags: tuple[bool, bool],
    out: list[RawFinding],
    source: str | None = None,
) -> Document:
    if root is None:
        return Document(index, (1, 1), 0, empty=True)
    anchors, substitutions = flags
    duplicates, aliases = structure.scan(root, anchors)
    for dup in duplicates:
        out.append(
            RawFinding(
                "duplicate-key",
                path,
                *dup.position,
                f"{_shown_key(dup)} is repeated (first at line {dup.first[0]}); "
                "only the last one counts",
                "remove or merge the repeated key",
            )
        )
    for dup in inline_patches.duplicate_keys(root, source) if source is not None else ():
        out.append(
            RawFinding(
                "duplicate-key",
                path,
                *dup.position,
                f"{_shown_key(dup)} is repeated in this inline patch (first at line "
                f"{dup.first[0]}); kustomize silently applies one value and drops the other",
                "keep one occurrence of the key in the patch, with the value you want",
            )
        )
    if aliases and structure.expanded_size(root, options.expansion_limit) > options.expansion_limit:
        out.append(
            RawFinding(
                "invalid-yaml",
                path,
                *position(root),
                f"aliases expand this document past {options.expansion_limit} nodes "
                "(an alias bomb); it was not expanded",
                "remove the repeated aliases",
            )
        )
    empty = isinstance(root, yaml.ScalarNode) and root.tag == NULL_TAG
    kustomization_file = same_facts_class(path)
    # One dict of fields, one Document: building a frozen Document again per step
    # (dataclasses.replace) cost more than some of the steps.
    fields = kinds.describe(root, options.secret_keys, kustomization_file)
    if substitutions and not fields.get("substitution_disabled"):
        fields["variables"] = variables.used(root)
    flux_version = options.flux_version if options.check_schemas else None
    fields.update(conformance.describe(fields, root, flux_version, kustomization_file))
    fields.update(kube_conformance.describe(fields, root, options.kubernetes_version))
    return Document(index, position(root), end_line(root), empty=empty, **fields)
