"""The YAML loader lint composes with: libyaml's parser plus a minimal tag resolver.

PyYAML's resolver runs a list of regular expressions on every plain scalar from
Python; on a large repository that costs more than parsing itself. Rules only need
to tell null, booleans, merge keys and strings apart, which a set lookup does.
"""

from __future__ import annotations

from typing import Any

import yaml

STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
MERGE_TAG = "tag:yaml.org,2002:merge"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"

# YAML 1.1 spellings, as PyYAML resolves them.
NULLS = frozenset(("", "~", "null", "Null", "NULL"))
BOOLS = frozenset(
    v
    for word in ("yes", "no", "true", "false", "on", "off")
    for v in (word, word.capitalize(), word.upper())
)


# The tag of each plain scalar that is not a string; one lookup per scalar.
_PLAIN_TAGS = {
    **dict.fromkeys(NULLS, NULL_TAG),
    **dict.fromkeys(BOOLS, BOOL_TAG),
    "<<": MERGE_TAG,
}
_SCALAR = yaml.ScalarNode
_MAPPING = yaml.MappingNode


def resolve_tag(kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    """The tag of an untagged node: only the distinctions lint needs."""
    if kind is _SCALAR:
        # implicit[0]: a plain scalar (quoted ones are strings whatever they say)
        return _PLAIN_TAGS.get(value, STR_TAG) if implicit[0] else STR_TAG
    return MAP_TAG if kind is _MAPPING else SEQ_TAG


class _Resolver:
    # The composer calls self.resolve for every node: no extra frame per call.
    resolve = staticmethod(resolve_tag)

    # Path-based resolvers are never used, but the composer calls these twice per node:
    # builtins that take the same arguments and do nothing cost less than Python calls.
    descend_resolver: Any = {}.get  # (parent, index) -> index, unused
    ascend_resolver: Any = tuple  # () -> (), unused


Loader: type
try:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class NodeLoader(CParser, _Resolver):
        """libyaml's composer with the minimal resolver."""

    Loader = NodeLoader
except ImportError:  # PyYAML built without libyaml

    class SlowNodeLoader(yaml.SafeLoader):
        """The pure-Python composer with the minimal resolver."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            return resolve_tag(kind, value, implicit)

    Loader = SlowNodeLoader


class RedefiningLoader(yaml.SafeLoader):
    """The pure-Python composer, accepting an anchor defined again.

    YAML lets a later `&name` replace an earlier one (aliases then refer to the
    latest); libyaml's composer refuses it. Files that do this are rare, so they
    alone take this slower path.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return resolve_tag(kind, value, implicit)

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if not isinstance(event, yaml.AliasEvent) and event.anchor in self.anchors:
            del self.anchors[event.anchor]
        return super().compose_node(parent, index)


def is_redefined_anchor(error: yaml.YAMLError) -> bool:
    """Whether `error` is a composer's refusal of an anchor defined twice."""
    return isinstance(error, yaml.composer.ComposerError) and "duplicate anchor" in str(error)
