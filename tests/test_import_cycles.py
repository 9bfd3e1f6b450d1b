"""No import cycle in the package: not at module level, and none hidden behind an import
inside a function (those are there to load a heavy module late, never to dodge a cycle).
Imports under `if TYPE_CHECKING:` are for annotations only and do not count."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import scaffold
from tests.conftest import write_tree

PACKAGE = Path(scaffold.__file__).parent


def module_names(package: Path) -> dict[str, Path]:
    """Every module of `package` by its dotted name."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == (
        "TYPE_CHECKING"
    )


def _imports(body: list[ast.stmt], nested: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node):
                yield from _imports(node.body, nested)
            yield from _imports(node.orelse, nested)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *[h.body for h in node.handlers]):
                yield from _imports(block, nested)
        elif isinstance(node, (ast.With, ast.For, ast.While, ast.ClassDef)):
            yield from _imports(node.body, nested)  # run as the module is imported
        elif nested and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from _imports(node.body, nested)


def import_graph(package: Path, *, nested: bool = False) -> dict[str, set[str]]:
    """Which modules of `package` each one imports (with `nested`, inside functions too);
    importing `a.b.c` runs `a` and `a.b` first, so those count as well."""
    modules = module_names(package)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8")).body, nested):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
                continue
            base = node.module or ""
            if node.level:
                parts = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.add(full if full in modules else base)
        with_parents = {".".join(t.split(".")[:i]) for t in targets for i in range(1, 9)}
        graph[name] = {t for t in with_parents if t in modules} - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_level_import_cycle() -> None:
    graph = import_graph(PACKAGE)
    assert len(graph) > 200 and "scaffold.model.flux_graph" in graph["scaffold.model.repo"]
    assert cycles(graph) == []


def test_no_cycle_hidden_behind_a_function_level_import() -> None:
    assert cycles(import_graph(PACKAGE, nested=True)) == []


def test_a_cycle_is_found_and_type_checking_imports_are_not_counted(tmp_path: Path) -> None:
    package = write_tree(tmp_path / "pkg", {
        "__init__.py": "",
        "a.py": "from pkg import b\n",
        "b.py": "from . import c\n",
        "c.py": "import pkg.a\n",
        "d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import e\n",
        "e.py": "from pkg.d import x\n",
        "f.py": "def late():\n    from pkg import g\n",
        "g.py": "from pkg import f\n",
    })  # fmt: skip
    assert cycles(import_graph(package)) == [["pkg.a", "pkg.b", "pkg.c"]]
    assert cycles(import_graph(package, nested=True)) == [
        ["pkg.a", "pkg.b", "pkg.c"], ["pkg.f", "pkg.g"]
    ]  # fmt: skip


# Imports inside a function of a module already loaded at module level: they defer nothing
# (left in files other work is changing).
KNOWN_IDLE = {
    ("scaffold.lint.engine", "scaffold.model.load"),
    ("scaffold.views.build", "scaffold.errors"),
    ("scaffold.views.build", "scaffold.model.render.source_reader"),
    ("scaffold.views.build", "scaffold.model.rendering"),
}


def _loaded_with(graph: dict[str, set[str]], module: str) -> set[str]:
    seen: set[str] = set()
    todo = [module]
    while todo:
        for other in graph[todo.pop()] - seen:
            seen.add(other)
            todo.append(other)
    return seen


def test_a_function_level_import_defers_a_module_not_loaded_already() -> None:
    modules = module_names(PACKAGE)
    graph = import_graph(PACKAGE)
    idle = set()
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        loaded = _loaded_with(graph, name) if functions else set()
        for node in (n for f in functions for n in ast.walk(f)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scaffold"):
                targets = {f"{node.module}.{a.name}" for a in node.names} & modules.keys()
                for target in targets or {node.module or ""}:
                    if target in loaded:
                        idle.add((name, target))
    assert idle <= KNOWN_IDLE, sorted(idle - KNOWN_IDLE)
