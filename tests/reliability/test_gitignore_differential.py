"""Our ignore logic against Git's: thousands of generated (patterns, path) cases.

Each example writes random root and nested `.gitignore` files and asks both
`scaffold.model.files.gitignore.IgnoreRules` and one batched `git check-ignore --no-index`
about a hundred random paths; they must agree on every one.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaffold.model.files.gitignore import IgnoreRules

BASES = ["", "a", "a/deep", "b"]
NAMES = ["a", "b", "deep", "c.yaml", "x-values-y.yaml", "x-values-sealed.yaml", "#c", "!b",
         "a b", "ab", "[ab]", "é.yaml", "é", "A", "Z9", "7", "-", "]", "[", "x]", ".h", "^",
         "a-b", "\\", "Ab.yaml", "b\tc"]  # fmt: skip
GLOBS = ["*", "**", "?", "*.yaml", "a*", "*-values-*.yaml", "*-sealed.yaml", "[ab]", "\\[ab]",
         "\\#c", "\\!b", "a\\ b", "[!a]b", "x-*", "??", "?.yaml",
         # Bracket expressions of every kind, well-formed or not (wildmatch.c's reading).
         "[[:alpha:]]", "[[:alpha:]]*", "[[:space:]]", "*[[:space:]]*", "[[:digit:]]",
         "[![:alpha:]]", "[^[:lower:]]*", "[[:upper:][:digit:]]*", "[[:alnum:]-]",
         "[[:punct:]]", "[[:xdigit:]]", "[[:blank:]]", "[[:cntrl:]]", "[[:print:]]*",
         "[[:graph:]]", "[a-c]", "[c-a]", "[A-Z]*", "[!a-z]", "[^a]", "[]a]", "[!]]", "[]",
         "[!]", "[a-]", "[-a]", "[a\\-c]", "[\\]]", "[\\\\]", "[[:foo:]]", "[[:alpha]",
         "[[:]", "[[:alpha:]", "[ab", "[", "a[", "[é]*", "[^é]", "*[", "[a-c]*.yaml",
         "[[:alpha:]-]*", "[a-[:digit:]]", "*a*b*c*", "*[ab]*[ab]*[ab]*"]  # fmt: skip

segment = st.sampled_from(NAMES + GLOBS)


@st.composite
def patterns(draw) -> str:
    parts = draw(st.lists(segment, min_size=1, max_size=3))
    text = "/".join(parts)
    if draw(st.booleans()):
        text = "/" + text
    if draw(st.booleans()):
        text += "/"
    if draw(st.integers(0, 4)) == 0:
        text = "!" + text
    if draw(st.integers(0, 5)) == 0:
        text += draw(st.sampled_from(["  ", "\\ ", " \t", "\\"]))
    return text


@st.composite
def nodes(draw) -> tuple[str, bool]:
    parts = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4))
    return "/".join(parts), draw(st.booleans())


def build_tree(root: Path, wanted: list[tuple[str, bool]]) -> dict[str, bool]:
    """Create the files and directories (skipping conflicting ones); path -> is a directory."""
    kinds: dict[str, bool] = {}
    for base in BASES:
        parts = base.split("/") if base else []
        for depth in range(1, len(parts) + 1):
            kinds["/".join(parts[:depth])] = True
    for path, is_dir in wanted:
        parts = path.split("/")
        parents = ["/".join(parts[:d]) for d in range(1, len(parts))]
        if any(kinds.get(p) is False for p in parents) or kinds.get(path, is_dir) != is_dir:
            continue
        kinds.update(dict.fromkeys(parents, True))
        kinds[path] = is_dir
    for path, is_dir in sorted(kinds.items()):
        if is_dir:
            (root / path).mkdir(parents=True, exist_ok=True)
        else:
            (root / path).touch()
    return kinds


ignore_files = st.dictionaries(
    st.sampled_from(BASES), st.lists(patterns(), min_size=1, max_size=6), min_size=1
)


@pytest.fixture(scope="module")
def scratch_repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("differential")
    subprocess.run(["git", "init", "--quiet"], cwd=root, check=True)
    return root


def git_verdicts(root: Path, queries: list[str]) -> dict[str, bool]:
    """Git's answer for each path, from one `check-ignore -v -n -z` call."""
    done = subprocess.run(
        ["git", "-c", "core.excludesFile=", "check-ignore", "--no-index", "-v", "-n", "-z",
         "--stdin"],
        cwd=root,
        input="\0".join(queries) + "\0",
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    fields = done.stdout.split("\0")
    verdicts = {}
    for i in range(0, len(fields) - 1, 4):
        _source, _line, pattern, path = fields[i : i + 4]
        verdicts[path] = bool(pattern) and not pattern.startswith("!")
    return verdicts


def write_ignore_files(root: Path, files: dict[str, list[str]]) -> IgnoreRules:
    for entry in root.iterdir():
        if entry.name != ".git":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    rules = IgnoreRules()
    for base, lines in files.items():
        directory = root / base
        directory.mkdir(parents=True, exist_ok=True)
        (directory / ".gitignore").write_text("\n".join(lines) + "\n", encoding="utf-8")
        rules.add(base, (directory / ".gitignore").read_text(encoding="utf-8").splitlines())
    return rules


@given(files=ignore_files, wanted=st.lists(nodes(), min_size=100, max_size=100))
def test_ignore_rules_agree_with_git(scratch_repo, files, wanted) -> None:
    """Git is asked about real files and directories (it looks at the disk for which is which)."""
    rules = write_ignore_files(scratch_repo, files)
    kinds = build_tree(scratch_repo, wanted)
    expected = git_verdicts(scratch_repo, list(kinds))
    assert set(expected) == set(kinds)
    ours = {
        path: rules.is_ignored(path + "/" if is_dir else path) for path, is_dir in kinds.items()
    }
    disagreements = {p: expected[p] for p in kinds if ours[p] != expected[p]}
    assert not disagreements, (files, disagreements)
