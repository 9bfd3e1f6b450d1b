"""The code fingerprint names the installed PyYAML without importing it."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from scaffold.lint.yaml_identity import yaml_identity
from tests.conftest import write_tree


def test_the_identity_is_read_without_importing_pyyaml() -> None:
    code = (
        "import sys\nfrom scaffold.lint.yaml_identity import yaml_identity\n"
        "print(len(yaml_identity()), 'yaml' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["64", "False"]


def test_another_version_or_binding_is_another_identity(tmp_path: Path, monkeypatch) -> None:
    package = write_tree(tmp_path / "site" / "yaml", {"__init__.py": "__version__ = '6.0.1'\n"})
    origin = package / "__init__.py"
    spec = importlib.machinery.ModuleSpec("yaml", None, origin=str(origin))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec if name == "yaml" else None)
    pure = yaml_identity()
    (package / "_yaml.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    with_libyaml = yaml_identity()
    origin.write_text("__version__ = '6.0.2'\n")
    assert len({pure, with_libyaml, yaml_identity()}) == 3


@pytest.mark.parametrize("origin", [None, "frozen"])
def test_a_pyyaml_not_in_a_directory_is_asked_itself(origin, monkeypatch) -> None:
    import yaml

    spec = importlib.machinery.ModuleSpec("yaml", None, origin=origin)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    assert yaml_identity().startswith(yaml.__version__ + "\0")
