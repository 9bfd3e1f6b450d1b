"""Every hint the CLI can print names commands and flags that exist, and where a test can
follow a hint's command, following it gets the user past the error."""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path

import pytest
import yaml

import scaffold
from tests.cli_commands import problems
from tests.conftest import git

PACKAGE = Path(scaffold.__file__).parent
ERRORS = {"ScaffoldError", "UsageError", "ConfigError", "EnvironmentProblem", "error"}
BACKTICKED = re.compile(r"`([^`]+)`")


def _text(node: ast.AST) -> str | None:
    """A string expression's text, with `X` for each computed part; None if not a string."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(v) or "X" for v in node.values)
    if isinstance(node, ast.FormattedValue):
        return "X"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return None if left is None and right is None else (left or "X") + (right or "X")
    return None


def _hint_nodes(tree: ast.AST) -> list[ast.AST]:
    found: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found += [k.value for k in node.keywords if k.arg == "hint"]
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ERRORS and len(node.args) >= 2:
                found.append(node.args[1])
            if name == "RawFinding" and len(node.args) >= 6:
                found.append(node.args[5])
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id.upper().endswith(
                    ("HINT", "_COMMAND")
                ):
                    found.append(node.value)
    return found


def every_hint() -> list[tuple[str, str]]:
    """(module, hint text) of every hint written in the package."""
    hints = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _hint_nodes(tree):
            text = _text(node)
            if text:
                hints.append((str(path.relative_to(PACKAGE)), text))
    return hints


HINTS = every_hint()
COMMANDS = [
    (module, span)
    for module, text in HINTS
    for span in BACKTICKED.findall(text)
    if span.startswith("gitops-scaffold")
]


def test_the_audit_sees_the_hints() -> None:
    assert len(HINTS) > 80
    assert len(COMMANDS) > 10


@pytest.mark.parametrize(("module", "command"), COMMANDS)
def test_every_gitops_scaffold_command_in_a_hint_exists(module: str, command: str) -> None:
    assert problems(command) == [], module


@pytest.mark.parametrize(("module", "text"), HINTS)
def test_no_hint_leads_nowhere(module: str, text: str) -> None:
    # Each of these once sent a user to a command that could not help them.
    assert "with `gitops-scaffold new`" not in text, module  # `new` refuses existing clusters
    assert not re.search(r"`copier update`", text), module  # needs --answers-file
    assert "re-run the bootstrap with --path" not in text, module  # `bootstrap` has --sync-path
    assert "--data-file" not in text or "new" in module or "render" in module, module


def _run(cli, command: str, cwd: Path):  # type: ignore[no-untyped-def]
    words = shlex.split(command)
    assert words[0] == "gitops-scaffold"
    return cli(*words[1:], cwd=cwd)


def _hint_command(stderr: str) -> str:
    [hint] = [line for line in stderr.splitlines() if line.startswith("  hint: ")]
    # The last command is the one to run; earlier ones name where things come from.
    return [c for c in BACKTICKED.findall(hint) if c.startswith("gitops-scaffold")][-1]


def test_no_cluster_hint_lays_out_an_existing_repository(cli, make_git_repo) -> None:
    root = make_git_repo({"clusters/dev/app.yaml": "a: 1\n", "README.md": "mine\n"})
    add = ("add", "repository", "podinfo", "--url", "https://stefanprodan.github.io/podinfo")
    refused = cli(*add, cwd=root)
    assert refused.exit_code == 2
    followed = _run(cli, _hint_command(refused.stderr), root)
    assert followed.exit_code == 0, followed.stderr
    assert (root / "README.md").read_text() == "mine\n"
    assert cli(*add, cwd=root).exit_code == 0


def test_missing_owner_hint_records_it_where_bootstrap_reads_it(cli, tmp_path) -> None:
    from scaffold.bootstrap.options import BootstrapOptions, resolve
    from scaffold.errors import UsageError
    from scaffold.flux.providers import Provider
    from tests.template_repo import make_template_repo

    template = make_template_repo(tmp_path / "template", "v1.0.0")
    root = tmp_path / "fleet"
    made = cli("new", str(root), "--template", str(template), "-d", "git_provider=github")
    assert made.exit_code == 0, made.stderr
    with pytest.raises(UsageError) as refused:
        resolve(root, Provider.github, BootstrapOptions())
    hint = refused.value.hint or ""
    # Copier records the answer: nobody is sent to edit an answers file by hand.
    [command] = [c for c in BACKTICKED.findall(hint) if c.startswith("gitops-scaffold")]
    assert command == "gitops-scaffold update --defaults --sync-path clusters/dev -d owner=..."
    followed = _run(cli, command.replace("owner=...", "owner=alice"), root)
    assert followed.exit_code == 0, followed.stderr
    assert resolve(root, Provider.github, BootstrapOptions()).owner == "alice"
    assert "--owner=alice" in (root / "README.md").read_text()
    assert git(root, "status", "--porcelain") == ""


def test_interactive_without_a_terminal_points_at_data_file(cli, tmp_path) -> None:
    refused = cli("new", str(tmp_path / "a"), "--interactive")
    assert refused.exit_code == 2
    assert "--interactive needs a terminal" in refused.stderr
    assert "--data-file FILE" in refused.stderr
    answers = tmp_path / "answers.yaml"
    answers.write_text("owner: acme\npersonal: false\nrepository: fleet\n")
    done = cli("new", str(tmp_path / "b"), "--data-file", str(answers), "-d", "owner=bob")
    assert done.exit_code == 0, done.stderr
    recorded = yaml.safe_load((tmp_path / "b" / ".copier-answers.yml").read_text())
    assert (recorded["owner"], recorded["personal"], recorded["repository"]) == (
        "bob", False, "fleet"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- owner\n", "must be a mapping"),
        ("_src_path: /x\n", "is not an answer key"),
        ("owner: [a]\n", "not a single value"),
        ("owner: '{{ evil }}'\n", "template syntax"),
        ("owner: [\n", "answers.yaml:2:1"),
    ],
)
def test_bad_data_file_is_refused(cli, tmp_path, content: str, message: str) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(content)
    result = cli("new", str(tmp_path / "f"), "--data-file", str(answers))
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "f").exists()


def test_fetch_hint_matches_the_readme_install() -> None:
    from scaffold.sealing.encrypt import FETCH_COMMAND

    readme = (PACKAGE.parent / "README.md").read_text()
    flags = ("--controller-name sealed-secrets-controller", "--controller-namespace flux-system")
    for flag in flags:
        assert flag in FETCH_COMMAND and flag in readme
