"""One pass over one file: bytes in, `FileFacts` out.

A pure function of (path, bytes, options): no filesystem, no globals, so it can
run in a process pool and be cached by content. YAML is composed to nodes with
libyaml and walked; nothing is constructed.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from scaffold.lint import kinds, structure
from scaffold.lint.composer import compose_documents, no_cyclic_gc
from scaffold.lint.facts import Document, FileFacts
from scaffold.lint.model import RawFinding
from scaffold.lint.nodes import Node, end_line, position
from scaffold.lint.suppress import suppressions

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class ParseOptions:
    """What extraction depends on besides the bytes (part of a cache key)."""

    secret_keys: tuple[str, ...] = ()
    expansion_limit: int = structure.EXPANSION_LIMIT


def is_yaml(path: str) -> bool:
    """Whether lint parses the file at `path`."""
    return path.lower().endswith(YAML_SUFFIXES)


def extract(path: str, data: bytes, options: ParseOptions | None = None) -> FileFacts:
    """The facts and per-file findings of the file at `path` holding `data`."""
    if not is_yaml(path):
        return FileFacts(path=path, yaml=False)
    options = options or ParseOptions()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return FileFacts(
            path, True, findings=(_invalid(path, line, 1, "the file is not valid UTF-8"),)
        )
    documents: list[Document] = []
    findings: list[RawFinding] = []
    # Without a `*` in the text there is no alias: every node is visited once.
    may_alias = "*" in text
    try:
        with no_cyclic_gc():
            for index, root in enumerate(compose_documents(text)):
                documents.append(_document(path, index, root, options, findings, may_alias))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "syntax error"
        findings.append(_invalid(path, line, column, f"the file does not parse: {problem}"))
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        findings.append(_invalid(path, 1, 1, f"the file does not parse ({type(exc).__name__})"))
    return FileFacts(
        path=path,
        yaml=True,
        documents=tuple(documents),
        findings=tuple(findings),
        suppressions=suppressions(text, documents),
    )


def _invalid(path: str, line: int, column: int, message: str) -> RawFinding:
    return RawFinding(
        "invalid-yaml",
        path,
        line,
        column,
        message,
        "fix the YAML syntax at this position (a YAML-aware editor shows it)",
    )


def _document(
    path: str,
    index: int,
    root: Node | None,
    options: ParseOptions,
    out: list[RawFinding],
    may_alias: bool = True,
) -> Document:
    if root is None:
        return Document(index, (1, 1), 0, empty=True)
    duplicates, aliases = structure.scan(root) if may_alias else structure.scan_tree(root)
    for dup in duplicates:
        out.append(
            RawFinding(
                "duplicate-key",
                path,
                *dup.position,
                f"key `{dup.key}` is repeated (first at line {dup.first[0]}); "
                "only the last one counts",
                "remove or merge the repeated key",
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
    empty = isinstance(root, yaml.ScalarNode) and root.tag == "tag:yaml.org,2002:null"
    base = Document(index, position(root), end_line(root), empty=empty)
    kustomization_file = path.rsplit("/", 1)[-1].lower() in kinds.KUSTOMIZATION_FILES
    return kinds.describe(base, root, options.secret_keys, kustomization_file)
