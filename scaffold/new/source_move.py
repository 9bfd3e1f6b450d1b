"""`update --template SRC`: point every answers file, the hook and the CI line at a new source.

Copier documents rewriting `_src_path` to move a project to a fork or mirror. The
pre-commit hook's `repo:` and a CI line that installs from Git name the source
too, and Copier's update never changes them (its old and new renders both see the
new source), so they move here.
"""

from __future__ import annotations

import re
from pathlib import Path

from scaffold import fs
from scaffold.errors import ScaffoldError
from scaffold.new.provenance import pip_url

PRE_COMMIT = ".pre-commit-config.yaml"
CI_FILES = (".github/workflows/gitops-lint.yml", ".gitlab-ci.yml")
SRC_LINE = re.compile(r"^_src_path: .*$", re.MULTILINE)


def move_source(root: Path, answers_files: list[Path], old: str, new: str) -> list[str]:
    """Rewrite the files naming `old` to name `new`; the paths changed, relative to `root`."""
    changed = []
    for path in answers_files:
        text = path.read_text(encoding="utf-8")
        moved, count = SRC_LINE.subn(lambda _: f"_src_path: {_quoted(new)}", text, count=1)
        if count != 1:
            raise ScaffoldError(f"{path.name} has no _src_path", hint="it is not Copier's file")
        if moved != text:
            fs.write_in_repository(path, moved, root)
            changed.append(path.relative_to(root).as_posix())
    if not changed or not old:
        return changed
    replacements = {
        PRE_COMMIT: (f"repo: {old}\n", f"repo: {new}\n"),
        **{ci: (f"@ {pip_url(old)}@", f"@ {pip_url(new)}@") for ci in CI_FILES},
    }
    for rel, (before, after) in replacements.items():
        path = root / rel
        if path.is_file() and not fs.reads_git_dir(path, root):
            text = path.read_text(encoding="utf-8")
            if before in text:
                fs.write_in_repository(path, text.replace(before, after), root)
                changed.append(rel)
    return changed


def _quoted(value: str) -> str:
    import yaml

    return yaml.safe_dump(value, default_style=None).removesuffix("\n...\n").strip()
