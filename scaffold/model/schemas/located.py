"""The documents of a file as a build reads them, and where each of their values is written.

A rendered object is compared with the documents that made it (its resource document, the
patches), so those are read with the typing the build used (kustomize's YAML 1.2 for
manifests and strategic-merge patches, YAML 1.1 for JSON 6902 patches), while the
positions come from the YAML nodes. A patch written inline in a kustomization file is a
string: its positions are moved to where that string sits in the file when it is a
literal block (`patch: |`), and are the string's own position otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from scaffold.model.render.parse import Loader
from scaffold.model.schemas.messages import JsonPath
from scaffold.model.schemas.sourcemap import NodeMap, Position, TooLarge, decode

YAML11: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Located:
    """One document: its value as the build typed it, and the positions of its values
    (read from its nodes when first asked for: most documents are never pointed into)."""

    value: Any
    node: yaml.Node = field(repr=False)
    # Added to every line, and to every column, of `where` (an inline patch's place)
    line_offset: int = 0
    column_offset: int = 0
    # Every position is this one: a string whose lines cannot be mapped back
    fixed: Position | None = None

    @cached_property
    def where(self) -> NodeMap:
        """The positions of the document's values and keys, and its scalars as written."""
        try:
            return decode(self.node)[1]
        except (TooLarge, RecursionError):
            return NodeMap()

    def value_at(self, path: JsonPath) -> Position | None:
        """The position of the value at `path`, if this document holds it."""
        return self._moved(self.where.values.get(path))

    def key_at(self, path: JsonPath) -> Position | None:
        """The position of the key ending `path`, if this document holds it."""
        return self._moved(self.where.keys.get(path))

    def written(self, path: JsonPath) -> tuple[str, bool] | None:
        """The scalar at `path` as written, and whether quoted (None when not mappable)."""
        return None if self.fixed is not None else self.where.scalars.get(path)

    def _moved(self, found: Position | None) -> Position | None:
        if found is None:
            return None
        if self.fixed is not None:
            return self.fixed
        line, column = found
        return line + self.line_offset, column + self.column_offset


def located_documents(text: str, loader: Any = Loader) -> list[Located]:
    """Every non-empty document of `text`; none when it does not parse."""
    found: list[Located] = []
    parser = loader(text)
    try:
        while parser.check_node():
            node = parser.get_node()
            if node is None or (isinstance(node, yaml.ScalarNode) and not node.value):
                continue
            value = parser.construct_document(node)
            found.append(Located(value, node))
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        return []
    finally:
        parser.dispose()
    return found


def inline_documents(
    text: str, file_text: str, at: Position | None, loader: Any = Loader
) -> list[Located]:
    """The documents of a patch string found at `at` in `file_text`, placed in that file."""
    found = located_documents(text, loader)
    if at is None:
        return found
    line, column = at
    lines = file_text.splitlines()
    indicator = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
    indent = _block_indent(lines, line) if indicator == "|" else None
    for doc in found:
        if indent is None:
            doc.fixed = at
        else:
            doc.line_offset, doc.column_offset = line, indent
    return found


def _block_indent(lines: list[str], indicator_line: int) -> int | None:
    """The indentation of a literal block's content, from its first non-blank line."""
    for text in lines[indicator_line:]:
        if text.strip():
            return len(text) - len(text.lstrip(" "))
    return None
