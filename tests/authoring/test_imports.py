"""Starting the CLI stays cheap: the crypto library loads only when sealing."""

from __future__ import annotations

import subprocess
import sys


def test_cli_import_does_not_load_cryptography() -> None:
    code = "import sys; from scaffold.cli import app; print('cryptography' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
