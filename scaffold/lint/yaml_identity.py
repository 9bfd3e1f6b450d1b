"""Which PyYAML parses the files, told without importing it: a run that reuses its last
findings parses nothing, and importing PyYAML costs it as much as the rest of its start-up.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path


def yaml_identity() -> str:
    """A digest of the installed PyYAML: its `__init__.py` (which carries its version) and
    the names of its compiled libyaml bindings, if any."""
    spec = importlib.util.find_spec("yaml")
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    if origin is None or origin.name != "__init__.py":
        import yaml  # not a plain package directory: ask the module itself

        return f"{yaml.__version__}\0{getattr(yaml, '__with_libyaml__', False)}"
    digest = hashlib.sha256(origin.read_bytes())
    for binding in sorted(p.name for p in origin.parent.glob("_yaml*")):
        digest.update(b"\0" + binding.encode())
    return digest.hexdigest()
