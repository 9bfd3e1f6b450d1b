"""`lint FILE...` (editors, `pass_filenames` hooks) and `lint -` (standard input)."""

from __future__ import annotations

import json

import pytest

from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, SYNC, tree

BROKEN = "a: 1\na: 2\n"
OTHER = f"{SYNC}/apps/other.yaml"
ORPHAN = HELM_RELEASE.replace("name: podinfo\n  values", "name: nowhere\n  values").replace(
    "        name: podinfo", "        name: nowhere"
)


@pytest.fixture
def fleet(make_git_repo):
    files = {**tree(), OTHER: BROKEN, f"{SYNC}/apps/third.yaml": BROKEN}
    return make_git_repo({**files, ".gitops-scaffold.yaml": f"sync_paths: [{SYNC}]\n"})


def _paths(result) -> list[str]:
    return sorted({f["path"] for f in json.loads(result.stdout)["findings"]})


def test_a_file_is_linted_with_its_repository_and_only_its_findings_shown(cli, fleet) -> None:
    result = cli("lint", "-o", "json", str(fleet / OTHER))
    assert result.exit_code == 1, result.stderr
    assert _paths(result) == [OTHER]
    assert "duplicate-key" in {f["rule"] for f in json.loads(result.stdout)["findings"]}


def test_several_files_as_pass_filenames_gives_them(cli, fleet) -> None:
    result = cli("lint", "-o", "json", OTHER, RELEASE_PATH, cwd=fleet)
    assert result.exit_code == 1, result.stderr
    assert _paths(result) == [OTHER]  # the release is clean


def test_what_the_repository_says_about_the_file_is_reported(cli, fleet) -> None:
    (fleet / RELEASE_PATH).write_text(ORPHAN)
    result = cli("lint", "-o", "json", RELEASE_PATH, cwd=fleet)
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert "unresolved-source-ref" in rules  # no HelmRepository `nowhere` elsewhere


def test_a_clean_file_passes(cli, fleet) -> None:
    result = cli("lint", RELEASE_PATH, cwd=fleet)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stderr.strip() == "0 errors, 0 warnings in 1 file (1 document)"


def test_a_missing_file_is_a_usage_error(cli, fleet) -> None:
    result = cli("lint", "nope.yaml", cwd=fleet)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "error: nope.yaml: no such file or directory"


def test_standard_input_is_one_document_set(cli, fleet) -> None:
    result = cli("lint", "-", "-o", "json", input=BROKEN + "---\nkind: [\n", cwd=fleet)
    assert result.exit_code == 1, result.stderr
    found = json.loads(result.stdout)["findings"]
    assert {f["path"] for f in found} == {"-"}
    assert {f["rule"] for f in found} >= {"duplicate-key", "invalid-yaml"}


def test_standard_input_with_the_name_an_editor_gives(cli, fleet) -> None:
    # The editor's unsaved buffer of the release: its bytes, not the file's, are linted.
    edited = HELM_RELEASE.replace("version: 6.5.0", "version: 6.6.0")
    result = cli("lint", "-", "--stdin-filename", RELEASE_PATH, "-o", "json",
                 input=edited, cwd=fleet)  # fmt: skip
    found = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["rule"]) for f in found] == [(RELEASE_PATH, "file-naming")]
    assert "6.6.0" not in (fleet / RELEASE_PATH).read_text()


def test_standard_input_named_as_a_new_file_of_the_repository(cli, fleet) -> None:
    name = f"{SYNC}/apps/new.yaml"
    result = cli("lint", "-", "--stdin-filename", name, "-o", "json", input=ORPHAN, cwd=fleet)
    found = json.loads(result.stdout)["findings"]
    assert {f["path"] for f in found} == {name}
    assert "unresolved-source-ref" in {f["rule"] for f in found}
    assert not (fleet / name).exists()


def test_clean_standard_input_passes_and_text_names_it(cli, fleet) -> None:
    result = cli("lint", "-", input=BROKEN, cwd=fleet)
    assert result.exit_code == 1
    assert result.stdout.startswith("-:2:1: error: ")
    assert cli("lint", "-", input="a: 1\n", cwd=fleet).exit_code == 0


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_standard_input_cannot_be_fixed_in_place(cli, fleet, flag) -> None:
    result = cli("lint", "-", flag, input=BROKEN, cwd=fleet)
    assert result.exit_code == 2
    assert "standard input" in result.stderr


def test_fix_of_a_file_fixes_only_that_file(cli, fleet) -> None:
    (fleet / ".gitignore").unlink()  # fixable, but not in the file asked about
    result = cli("lint", "--fix", RELEASE_PATH, cwd=fleet)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert not (fleet / ".gitignore").exists()
