"""The options several commands share are declared once and behave alike everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.commands.walk import leaf_commands, option
from tests.test_completion import complete

COMMANDS = Path(__file__).parents[2] / "scaffold" / "commands"
SHARED = ("--sync-path", "--directory", "-C", "--output", "--format")
TAKES_SYNC_PATH = sorted(n for n, c in leaf_commands().items() if option(c, "--sync-path"))


@pytest.mark.parametrize("flag", SHARED)
def test_shared_options_are_declared_only_in_options_py(flag: str) -> None:
    declaring = sorted(
        path.name
        for path in COMMANDS.glob("*.py")
        if path.name != "options.py" and f'"{flag}"' in path.read_text()
    )
    assert declaring == []


def test_every_command_declares_its_options_in_one_style() -> None:
    # typer's Annotated style: `name: Annotated[T, typer.Option(...)] = default`.
    old_style = re.compile(r"^\s+\w+: [^=\n]+ = typer\.(Option|Argument)\(", re.MULTILINE)
    assert sorted(p.name for p in COMMANDS.glob("*.py") if old_style.search(p.read_text())) == []


def test_the_commands_that_take_a_sync_path() -> None:
    assert TAKES_SYNC_PATH == [
        "add release", "add repository", "bootstrap", "build", "diff", "lint", "list", "new",
        "remove release", "remove repository", "remove secret", "seal", "status", "tree",
        "update", "upgrade release",
    ]  # fmt: skip


@pytest.mark.parametrize("command", TAKES_SYNC_PATH)
def test_sync_paths_complete_for_every_command(console_script, make_git_repo, command) -> None:
    root = make_git_repo(
        {
            ".copier-answers.yml": "sync_path: clusters/dev\n",
            "clusters/prod/flux-system/gotk-sync.yaml":
                "kind: Kustomization\nspec: {path: ./clusters/prod}\n",
        }
    )
    offered = complete(console_script, f"gitops-scaffold {command} --sync-path ", root)
    assert offered == ["clusters/dev", "clusters/prod"]


def test_sync_paths_complete_in_the_repository_named_by_directory(
    console_script, make_git_repo, tmp_path
) -> None:
    root = make_git_repo({".copier-answers.yml": "sync_path: clusters/edge\n"})
    line = f"gitops-scaffold status -C {root} --sync-path "
    assert complete(console_script, line, tmp_path) == ["clusters/edge"]


def test_every_format_option_is_dash_o_output() -> None:
    for name, command in leaf_commands().items():
        chosen = option(command, "--output")
        if chosen is None:
            continue
        assert chosen.opts == ["--output", "-o"], name
        assert chosen.metavar == "FORMAT", name
    with_output = sorted(n for n, c in leaf_commands().items() if option(c, "--output"))
    assert with_output == [
        "add release", "add repository", "build", "diff", "lint", "list", "new",
        "remove release", "remove repository", "remove secret", "seal", "status", "tree",
        "upgrade release",
    ]  # fmt: skip


@pytest.mark.parametrize("command", ["tree", "lint"])
def test_sync_paths_complete_in_the_repository_named_by_path(
    console_script, make_git_repo, tmp_path, command
) -> None:
    root = make_git_repo({".copier-answers.yml": "sync_path: clusters/edge\n"})
    line = f"gitops-scaffold {command} {root} --sync-path "
    assert complete(console_script, line, tmp_path) == ["clusters/edge"]


def test_every_repository_option_is_dash_c_directory() -> None:
    with_directory = []
    for name, command in leaf_commands().items():
        chosen = option(command, "-C")
        if chosen is not None:
            assert chosen.opts == ["--directory", "-C"], name
            assert chosen.metavar == "DIR", name
            with_directory.append(name)
    assert sorted(with_directory) == ["bootstrap", "build", "diff", "list", "status", "update"]


@pytest.mark.parametrize(
    ("command", "shown"),
    [("build", '"sync_path": "clusters/dev"'), ("list", '"sync_path": "clusters/dev"'),
     ("diff", '"base": "revision ')],
)  # fmt: skip
def test_the_repository_named_by_directory_is_read_from_anywhere(
    cli, make_git_repo, tmp_path, command, shown
) -> None:
    from tests.fixtures import SYNC, podinfo_layout

    root = make_git_repo({**podinfo_layout(SYNC), ".copier-answers.yml": f"sync_path: {SYNC}\n"})
    here = cli(command, "-o", "json", cwd=root)
    elsewhere = cli(command, "-o", "json", "-C", str(root), cwd=tmp_path)
    assert elsewhere.exit_code == here.exit_code, elsewhere.stderr
    assert elsewhere.stdout == here.stdout
    assert shown in here.stdout
