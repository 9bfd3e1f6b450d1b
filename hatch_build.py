"""Wheel build hook: the wheel records the Git source and commit of the checkout it was built from.

Generated repositories install the tool from there (their CI line, their pre-commit
`rev`, the `_commit` `new` records), so a wheel built from an untagged clone never
names a release that does not exist. An editable install reads its checkout live.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _load_origin(root: Path) -> Any:
    spec = importlib.util.spec_from_file_location("_scaffold_origin", root / "scaffold/origin.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class OriginHook(BuildHookInterface):  # type: ignore[type-arg]
    """Writes scaffold/_origin.json into the wheel."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)

        def git(args: list[str]) -> str | None:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
            return done.stdout.strip() if done.returncode == 0 else None

        origin_module = _load_origin(root)
        origin = origin_module.checkout_origin(root, self.metadata.version, git)
        if origin is None:  # built from an unpacked source tree: nothing to record
            return
        staging = Path(tempfile.mkdtemp(prefix="gitops-scaffold-origin-"))
        path = staging / origin_module.ORIGIN_FILE
        path.write_text(json.dumps(origin, indent=2) + "\n", encoding="utf-8")
        build_data["force_include"][str(path)] = f"scaffold/{origin_module.ORIGIN_FILE}"
