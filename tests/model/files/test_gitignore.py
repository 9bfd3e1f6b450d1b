"""`scaffold.model.files.gitignore` agrees with `git check-ignore --no-index` (Git decides)."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

import pytest

from scaffold.model.files.gitignore import IgnoreRules, walk
from tests.conftest import write_tree

ROOT_IGNORE = [
    "# comment",
    "*-values-*.yaml",
    "!*-sealed.yaml",
    "build/",
    "/top-only.txt",
    "docs/**/*.md",
    "!docs/keep.md",
    "*.log",
    "cache",
]
NESTED_IGNORE = {"clusters/dev": ["local-*.yaml", "!local-keep.yaml", "/anchored.yaml"]}
DIRS = ["", "clusters", "clusters/dev", "clusters/dev/helm/secrets", "docs", "docs/a", "build"]
NAMES = [
    "app-values-prod.yaml",
    "app-values-sealed.yaml",
    "app-sealed.yaml",
    "top-only.txt",
    "readme.md",
    "keep.md",
    "x.log",
    "local-a.yaml",
    "local-keep.yaml",
    "anchored.yaml",
    "cache",
    "plain.yaml",
]


def git_ignored(root: Path, paths: list[str]) -> set[str]:
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin"],
        cwd=root,
        input="\n".join(paths) + "\n",
        capture_output=True,
        text=True,
    )
    return set(done.stdout.splitlines())


@pytest.fixture
def tree_with_rules(tmp_path):
    files = {".gitignore": "\n".join(ROOT_IGNORE) + "\n"}
    for base, lines in NESTED_IGNORE.items():
        files[f"{base}/.gitignore"] = "\n".join(lines) + "\n"
    root = write_tree(tmp_path / "repo", files)
    subprocess.run(["git", "init", "--quiet"], cwd=root, check=True)
    rules = IgnoreRules()
    rules.add("", ROOT_IGNORE)
    for base, lines in NESTED_IGNORE.items():
        rules.add(base, lines)
    return root, rules


def test_agrees_with_git_check_ignore(tree_with_rules) -> None:
    root, rules = tree_with_rules
    paths = [f"{d}/{n}" if d else n for d, n in itertools.product(DIRS, NAMES)]
    paths += [f"{d}/sub/" for d in DIRS if d] + ["build/", "cache/", "docs/a/"]
    expected = git_ignored(root, paths)
    ours = {p for p in paths if rules.is_ignored(p, on_disk=(root / p).is_dir())}
    assert ours == expected


def test_file_under_ignored_directory_is_ignored() -> None:
    rules = IgnoreRules()
    rules.add("", ["build/", "!build/keep.txt"])
    assert rules.is_ignored("build/keep.txt")
    assert rules.is_ignored("build/")
    assert not rules.is_ignored("src/build.txt")


def test_walk_honours_nested_gitignores_and_skips_git_and_outside_symlinks(tmp_path) -> None:
    outside = write_tree(tmp_path / "outside", {"secret.yaml": "a: 1\n"})
    root = write_tree(
        tmp_path / "repo",
        {
            ".gitignore": "*.log\n",
            "a/.gitignore": "local.yaml\n",
            "a/local.yaml": "x",
            "a/kept.yaml": "x",
            "b.log": "x",
            ".git/config": "x",
            "c.yaml": "x",
        },
    )
    (root / "link-out.yaml").symlink_to(outside / "secret.yaml")
    (root / "dir-out").symlink_to(outside)
    (root / "link-in.yaml").symlink_to(root / "c.yaml")
    files, _ = walk(root)
    assert files == [".gitignore", "a/.gitignore", "a/kept.yaml", "c.yaml", "link-in.yaml"]


@pytest.mark.parametrize(
    ("lines", "path", "ignored"),
    [
        (["a/**"], "a/", True),  # Git matches `dir/` with its slash
        (["a/**"], "a/x", True),
        (["a/**", "!a/keep"], "a/keep", False),  # `a` itself is not excluded, so negation works
        (["a/**", "!a/keep"], "a/b/keep", True),  # but `a/b` is
        (["a/*", "!a/keep"], "a/keep", False),
        (["*/", "!*-sealed.yaml"], "x-sealed.yaml/", False),
        (["*/"], "q/", True),
        (["*/"], "q", False),  # a plain name is not known to be a directory
        (["e\\ "], "e ", True),  # an escaped trailing space is kept
        (["e "], "e", True),  # an unescaped one is not
        (["\\!e"], "!e", True),
        (["[ab]"], "c/b", True),
        (["[!a]"], "a", False),
        (["foo\\"], "foo\\", False),  # a lone trailing backslash: Git skips the pattern
    ],
)
def test_edge_cases_checked_against_git(tmp_path, lines, path, ignored) -> None:
    root = write_tree(tmp_path / "repo", {".gitignore": "\n".join(lines) + "\n"})
    subprocess.run(["git", "init", "--quiet"], cwd=root, check=True)
    rules = IgnoreRules()
    rules.add("", lines)
    assert (path in git_ignored(root, [path])) is ignored
    assert rules.is_ignored(path, on_disk=(root / path).is_dir()) is ignored


def test_is_path_ignored_reads_the_tree(tmp_path) -> None:
    from scaffold.model.files.gitignore import is_path_ignored

    root = write_tree(
        tmp_path / "t", {".gitignore": "*.log\n", "a/.gitignore": "!keep.log\n", "a/x": ""}
    )
    assert is_path_ignored(root, "b/x.log")
    assert not is_path_ignored(root, "a/keep.log")
    assert not is_path_ignored(root, "a/x")


def test_globstar_below_a_directory_matches_every_depth() -> None:
    rules = IgnoreRules()
    rules.add("", ["**/a/**"])
    assert not rules.is_ignored("a/")
    assert rules.is_ignored("a/a") and rules.is_ignored("a/a/") and rules.is_ignored("x/a/b/c")


@pytest.mark.parametrize(
    ("pattern", "ignored", "kept"),
    [
        ("[[:alpha:]]", ["a", "Z"], ["1", "é", "-"]),
        ("[[:space:]]x", [" x", "\tx"], ["\x0bx", "ax"]),  # Git's space has no \v
        ("[!]]", ["a"], ["]"]),
        ("[]a]", ["]", "a"], ["b"]),
        ("[c-a]", ["c"], ["a", "b"]),  # the c, then an empty range
        ("[a-]", ["a", "-"], ["b"]),
        ("[[:alpha]", ["[", "a", ":"], ["b"]),  # no `:]`: an ordinary set
        ("[[:foo:]]", [], ["f", "["]),  # an unknown class: the pattern never matches
        ("a[b", [], ["a[b"]),  # an unclosed bracket: never matches
        ("?", ["a"], ["é"]),  # one byte
        ("??", ["é", "ab"], ["a"]),
    ],
)
def test_bracket_expressions_read_as_git_reads_them(pattern, ignored, kept) -> None:
    rules = IgnoreRules()
    rules.add("", [pattern])
    assert [p for p in ignored + kept if rules.is_ignored(p)] == ignored


def test_catastrophic_patterns_are_linear(tmp_path) -> None:
    import time

    rules = IgnoreRules()
    rules.add("", ["*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "[[:alpha:]]*a*a*a*a*a*a*a*a*a*c"])
    path = "a" * 250
    started = time.process_time()
    assert not rules.is_ignored(path)
    assert time.process_time() - started < 2  # exponential backtracking takes hours here


@pytest.mark.parametrize(
    ("line", "path", "ignored"),
    [
        (b"?\xa9", "\u00e9", True),  # `?` takes the first byte of é, the pattern the second
        (b"*.yaml", "a.yaml", True),
        (b"*.yaml", "a.yml", False),
        (b"\xc3\xa9", "x/\u00e9", True),  # a whole character: compared as text
        (b"cloudbuild.yaml", "dir/cloudbuild.yaml", True),
        (b"cloudbuild.yaml", "dir/xcloudbuild.yaml", False),
    ],
)
def test_the_literal_tail_shortcut_agrees_with_git(
    tmp_path: Path, line: bytes, path: str, ignored: bool
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".gitignore").write_bytes(line + b"\n")
    subprocess.run(["git", "init", "--quiet"], cwd=root, check=True)
    rules = IgnoreRules()
    rules.add("", [line.decode("utf-8", errors="surrogateescape")])
    done = subprocess.run(
        ["git", "-c", "core.quotepath=off", "check-ignore", "--no-index", path],
        cwd=root, capture_output=True, text=True,
    )  # fmt: skip
    assert (done.returncode == 0) is ignored
    assert rules.is_ignored(path) is ignored


@pytest.mark.parametrize("line", ["\\\\ ", "e\\\\  ", "e\\\\\\ "])
def test_a_space_after_an_escaped_backslash_is_trailing(tmp_path, line) -> None:
    # `\\ ` is an escaped backslash, then an unescaped (so trimmed) space, as Git reads it.
    root = write_tree(tmp_path / "repo", {".gitignore": line + "\n"})
    subprocess.run(["git", "init", "--quiet"], cwd=root, check=True)
    rules = IgnoreRules()
    rules.add("", [line])
    for path in ("\\", "e\\", "e\\ ", "\\ "):
        done = subprocess.run(["git", "check-ignore", "--no-index", "--", path], cwd=root,
                              capture_output=True)  # fmt: skip
        assert rules.is_ignored(path) is (done.returncode == 0), (line, path)
