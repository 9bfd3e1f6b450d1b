"""The convention is written once: in repository/convention.py, and the template agrees with it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from scaffold.repository import convention

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "scaffold"
TEMPLATE = ROOT / "templates" / "flux-layout"
# How the layout is spelled: a string holding one of these belongs in convention.py.
LAYOUT = re.compile(
    r"helm/|/(releases|repositories|secrets)(/|$)|^(releases|repositories|secrets)/"
    r"|-sealed\.yaml|\*-values-|-values-\*"
)


def _string_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def test_layout_words_appear_only_in_convention_py() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "repository" / "convention.py" or "lint/rules" in path.as_posix():
            continue
        for line, text in _string_literals(path):
            if LAYOUT.search(text):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}")
    assert offenders == []


def test_rules_take_the_layout_from_convention_py() -> None:
    """Rule modules may quote the layout in messages, but never hold a path of it as data."""
    offenders = []
    for path in sorted((PACKAGE / "lint" / "rules").glob("*.py")):
        for line, text in _string_literals(path):
            # Prose (messages, summaries) may quote the layout; data (a path) may not.
            if LAYOUT.search(text) and " " not in text:
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}")
    assert offenders == []


def test_template_helm_directories_are_the_conventions() -> None:
    kept = sorted(p.parent.name for p in TEMPLATE.rglob(".gitkeep"))
    assert kept == sorted(convention.HELM_DIRS)
    for path in TEMPLATE.rglob(".gitkeep"):
        assert path.parent.parent.name == convention.HELM_DIR


def test_template_gitignore_is_the_ignore_block() -> None:
    (gitignore,) = [p for p in TEMPLATE.iterdir() if ".gitignore" in p.name]
    assert gitignore.read_text(encoding="utf-8") == convention.IGNORE_BLOCK


def test_template_readme_names_the_conventions_files() -> None:
    (readme,) = [p for p in TEMPLATE.iterdir() if "README.md" in p.name]
    text = readme.read_text(encoding="utf-8")
    for sub in convention.HELM_DIRS:
        assert f"{{{{ sync_path }}}}/{convention.helm_dir('', sub)}/" in text
    assert f"`{convention.repository_file_name('<repo>')}`" in text
    assert f"`{convention.release_file_name('<chart>', '<version>')}`" in text
    assert f"`{convention.sealed_file_name('<name>')}`" in text


def test_names_and_paths() -> None:
    dirs = convention.ClusterDirs(Path("/r"), "clusters/dev")
    assert dirs.release_file("grafana", "v8.5.0") == Path(
        "/r/clusters/dev/helm/releases/grafana-v8.5.0.yaml"
    )
    assert dirs.repository_file("bitnami") == Path("/r/clusters/dev/helm/repositories/bitnami.yaml")
    assert dirs.sealed_secret_file("db") == Path("/r/clusters/dev/helm/secrets/db-sealed.yaml")
    assert convention.is_values_file("app-values-prod.yaml")
    assert not convention.is_values_file("app-values-sealed.yaml")
    assert convention.is_sealed_file("app-values-sealed.yaml")
