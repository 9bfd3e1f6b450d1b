"""The `lint` and `rules` command-line contract: formats, exit codes, config errors."""

from __future__ import annotations

import json

import pytest

from scaffold.formats import LINT_FORMATS
from scaffold.lint.registry import RULES
from tests.conftest import git, write_tree
from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, SYNC, tree

PLANTED = "PLANTED-c0ffee-42"
LEAKY_RELEASE = HELM_RELEASE.replace(
    "    replicaCount: 2\n", f"    replicaCount: 2\n    auth:\n      password: {PLANTED}\n"
)
SECRET = f"apiVersion: v1\nkind: Secret\nmetadata: {{name: db}}\nstringData:\n  token: {PLANTED}\n"


@pytest.fixture
def repo(tmp_path):
    def make(**changes):
        files = tree(**changes)
        files[".gitops-scaffold.yaml"] = f"sync_paths: [{SYNC}]\n"
        return write_tree(tmp_path / "repo", files)

    return make


def test_clean_repo_exits_0_with_summary_on_stderr(cli, repo) -> None:
    result = cli("lint", str(repo()))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip() == "0 errors, 0 warnings in 8 files (4 documents)"


def test_text_format_and_exit_1(cli, repo) -> None:
    root = repo(
        **{
            RELEASE_PATH: HELM_RELEASE.replace(
                "helm.toolkit.fluxcd.io/v2", "helm.toolkit.fluxcd.io/v2beta1"
            )
        }
    )
    result = cli("lint", cwd=root)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{RELEASE_PATH}:1:13: error: HelmRelease uses `helm.toolkit.fluxcd.io/v2beta1`, "
        "removed in Flux 2.7 [deprecated-api-version]"
    )
    assert lines[1].startswith("  hint: use `apiVersion: helm.toolkit.fluxcd.io/v2`")
    assert "\033[" not in result.stdout
    assert "1 error, 0 warnings" in result.stderr


def test_warnings_fail_only_with_strict(cli, repo) -> None:
    root = repo(**{RELEASE_PATH: HELM_RELEASE.replace("      version: 6.5.0\n", "")})
    assert cli("lint", str(root)).exit_code == 0
    assert cli("lint", str(root), "--strict").exit_code == 1


def test_json_format_is_exact(cli, repo) -> None:
    root = repo(**{RELEASE_PATH: HELM_RELEASE.replace("      version: 6.5.0\n", "")})
    result = cli("lint", str(root), "--format", "json")
    assert json.loads(result.stdout) == {
        "version": 1,
        "root": ".",
        "findings": [
            {
                "rule": "unpinned-chart-version",
                "severity": "warning",
                "path": RELEASE_PATH,
                "line": 10,
                "column": 7,
                "message": "HelmRelease `podinfo` does not pin its chart version",
                "hint": "set `spec.chart.spec.version` to an exact version; without one Flux "
                "installs the newest chart without a commit",
                "fixable": False,
            }
        ],
        "summary": {"files": 8, "documents": 4, "errors": 0, "warnings": 1},
    }


def test_json_findings_are_sorted_by_path_line_rule(cli, repo) -> None:
    root = repo(**{"b.yaml": "a: 1\na: 2\n", "a.yaml": "x: [\n", RELEASE_PATH: LEAKY_RELEASE})
    findings = json.loads(cli("lint", str(root), "-o", "json").stdout)["findings"]
    keys = [(f["path"], f["line"], f["rule"]) for f in findings]
    assert keys == sorted(keys) and len(keys) == 3


def test_github_format(cli, repo) -> None:
    root = repo(**{"b.yaml": "a: 1\na: 2\n"})
    result = cli("lint", str(root), "--format", "github")
    assert result.stdout.startswith(
        "::error file=b.yaml,line=2,col=1,title=duplicate-key::key `a` is repeated"
    )


def test_sarif_format_structure(cli, repo) -> None:
    root = repo(**{"b.yaml": "a: 1\na: 2\n", RELEASE_PATH: LEAKY_RELEASE})
    sarif = json.loads(cli("lint", str(root), "--format", "sarif").stdout)
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    [run] = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "gitops-scaffold" and driver["version"] and driver["informationUri"]
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(RULES)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "## Fix" in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")
    assert [r["ruleId"] for r in run["results"]] == ["duplicate-key", "inline-secret-value"]
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] >= 1 and location["region"]["startColumn"] >= 1
        assert result["partialFingerprints"]


@pytest.mark.parametrize("fmt", [f.value for f in LINT_FORMATS])
def test_every_format_runs_and_never_shows_a_secret(cli, repo, tmp_path, fmt) -> None:
    root = repo(**{RELEASE_PATH: LEAKY_RELEASE, "db.yaml": SECRET})
    out = tmp_path / f"report.{fmt}"
    result = cli("lint", str(root), "--output", fmt, "--output-file", str(out))
    assert result.exit_code == 1
    report = out.read_text()
    assert "inline-secret-value" in report and "plaintext-secret" in report
    assert PLANTED not in result.stdout + result.stderr + report
    assert result.stdout == ""


def test_fix_and_diff_never_show_a_secret(cli, repo) -> None:
    root = repo(**{RELEASE_PATH: LEAKY_RELEASE, "db.yaml": SECRET, ".gitignore": ""})
    for flag in ("--diff", "--fix"):
        result = cli("lint", str(root), flag)
        assert PLANTED not in result.stdout + result.stderr


def test_diff_shows_changes_without_writing_and_fix_writes(cli, repo) -> None:
    root = repo(**{".gitignore": "bin/\n"})
    result = cli("lint", str(root), "--diff")
    assert result.exit_code == 1
    assert "+++ b/.gitignore" in result.stdout and "+*-values-*.yaml" in result.stdout
    assert (root / ".gitignore").read_text() == "bin/\n"
    result = cli("lint", str(root), "--fix")
    assert result.exit_code == 0
    assert "fixed .gitignore" in result.stderr
    assert "*-values-*.yaml" in (root / ".gitignore").read_text()
    assert cli("lint", str(root), "--diff").stdout == ""


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ("rules:\n  no-such-rule: error\n", "no-such-rule"),
        ("rules:\n  inline-secret-value: {nope: 1}\n", "nope"),
        ("rules:\n  inline-secret-value: loud\n", "loud"),
        ("unknown_key: 1\n", "unknown_key"),
        ("rules: [\n", ".gitops-scaffold.yaml"),
        ("sync_paths: clusters/dev\n", "sync_paths"),
    ],
)
def test_config_errors_exit_2_and_name_the_problem(cli, tmp_path, config, named) -> None:
    root = write_tree(tmp_path / "r", {".gitops-scaffold.yaml": config})
    result = cli("lint", str(root))
    assert result.exit_code == 2
    assert named in result.stderr


def test_unknown_rule_in_select_or_format_is_a_usage_error(cli, repo) -> None:
    root = repo()
    assert cli("lint", str(root), "--select", "nope").exit_code == 2
    assert cli("lint", str(root), "--ignore", "duplicate-key,nope").exit_code == 2
    assert cli("lint", str(root), "--format", "xml").exit_code == 2
    assert cli("lint", str(root), "--fix", "--diff").exit_code == 2


def test_select_and_ignore(cli, repo) -> None:
    root = repo(**{"b.yaml": "a: 1\na: 2\n", "c.yaml": "x: [\n"})
    only = json.loads(cli("lint", str(root), "-o", "json", "--select", "duplicate-key").stdout)
    assert {f["rule"] for f in only["findings"]} == {"duplicate-key"}
    rest = json.loads(cli("lint", str(root), "-o", "json", "--ignore", "duplicate-key").stdout)
    assert {f["rule"] for f in rest["findings"]} == {"invalid-yaml"}


def test_exclude_in_config(cli, tmp_path) -> None:
    files = tree(**{"vendor/b.yaml": "a: 1\na: 2\n"})
    files[".gitops-scaffold.yaml"] = f"sync_paths: [{SYNC}]\nexclude: ['vendor/']\n"
    root = write_tree(tmp_path / "r", files)
    assert cli("lint", str(root)).exit_code == 0


def test_bad_answers_file_is_a_config_error(cli, tmp_path) -> None:
    root = write_tree(tmp_path / "r", {".copier-answers.yml": "sync_path: [\n"})
    result = cli("lint", str(root))
    assert result.exit_code == 2
    assert ".copier-answers.yml" in result.stderr


def test_sync_path_from_answers_file(cli, tmp_path) -> None:
    files = tree()
    files[".copier-answers.yml"] = "_src_path: gh:x/y\nsync_path: clusters/prod\n"
    root = write_tree(tmp_path / "r", files)
    result = cli("lint", str(root), "-o", "json")
    rules = {(f["rule"], f["path"]) for f in json.loads(result.stdout)["findings"]}
    assert ("missing-helm-dir", "clusters/prod") in rules


def test_inside_git_lints_from_the_top_level(cli, make_git_repo) -> None:
    files = tree(**{"b.yaml": "a: 1\na: 2\n"})
    files[".gitops-scaffold.yaml"] = f"sync_paths: [{SYNC}]\n"
    root = make_git_repo(files)
    result = cli("lint", "-o", "json", cwd=root / SYNC)
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["b.yaml"]


def test_rules_lists_every_rule(cli) -> None:
    result = cli("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(RULES)
    assert lines[0].split()[:2] == ["invalid-yaml", "error"]
    fixable = [line.split()[0] for line in lines if "  fix  " in line]
    assert fixable == [
        "missing-helm-dir",
        "gitignore-values-not-ignored",
        "gitignore-sealed-ignored",
        "file-naming",
        "deprecated-api-version",
        "deprecated-patch-api-version",
    ]


def test_rules_documents_one_rule(cli) -> None:
    result = cli("rules", "inline-secret-value")
    assert result.exit_code == 0
    assert result.stdout.startswith("inline-secret-value (default: warning; fixable: no)")
    for section in ("## What it does", "## Why is this bad", "## Example", "## Fix"):
        assert section in result.stdout
    assert cli("rules", "nope").exit_code == 2
    # A rule about applied objects says it judges only the files a cluster applies.
    assert cli("rules", "missing-flux-path").stdout.startswith(
        "missing-flux-path (default: error; fixable: no; only files a cluster applies)"
    )


def test_colour_only_when_asked() -> None:
    from scaffold.lint.findings import Finding
    from scaffold.lint.report import text_lines

    finding = Finding("duplicate-key", "error", "a.yaml", 2, 1, "m", "h", False)
    assert "\033[31m" in text_lines(finding, color=True)
    assert text_lines(finding, color=False) == "a.yaml:2:1: error: m [duplicate-key]\n  hint: h\n"


def test_progress_goes_to_stderr_for_long_runs(capsys) -> None:
    from scaffold.commands import lint as command

    command._progress_line()(100, 50)
    progress = command._progress_line()
    for done in (1, 99, 100, 150, 202, 250, 300):
        progress(done, 300)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "".join(
        f"\rlinting {done}/300 files" for done in (1, 100, 202, 300)
    )


def test_console_script_keeps_stdout_clean(console_script, repo) -> None:
    import subprocess

    root = repo(**{"b.yaml": "a: 1\na: 2\n"})
    done = subprocess.run(
        [str(console_script), "lint", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["summary"]["errors"] == 1
    assert "1 error" in done.stderr and "{" not in done.stderr


def test_sarif_fingerprints_are_distinct_for_equal_findings(cli, repo) -> None:
    root = repo(**{"b.yaml": "a: 1\na: 2\na: 3\n"})
    results = json.loads(cli("lint", str(root), "-o", "sarif").stdout)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert len(prints) == 2 and len(set(prints)) == 2


@pytest.mark.parametrize(
    ("extra", "code", "words"),
    [
        (["--select", "nope"], 2, "unknown rule `nope`"),
        (["--fix", "--diff"], 2, "exclude each other"),
        (["--jobs", "0"], 2, "--jobs"),
    ],
)
def test_json_errors_are_json(cli, repo, extra, code, words) -> None:
    result = cli("lint", str(repo()), "--format", "json", *extra)
    assert result.exit_code == code
    error = json.loads(result.stdout)["error"]
    assert words in error["message"] and error["exit_code"] == code


def test_json_config_error_is_json(cli, tmp_path) -> None:
    root = write_tree(tmp_path / "r", {".gitops-scaffold.yaml": "rules: [\n"})
    result = cli("lint", str(root), "-o", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["message"].startswith(".gitops-scaffold.yaml")


@pytest.mark.parametrize(
    ("config", "where"),
    [
        ("rules: {a: 1}}\n", ".gitops-scaffold.yaml:1:14: not valid YAML"),
        ("sync_paths:\n  - a\n - b\n", ".gitops-scaffold.yaml:3:2: not valid YAML"),
        ("rules:\n\tx: off\n", ".gitops-scaffold.yaml:2:1: not valid YAML"),
    ],
)
def test_malformed_config_names_line_and_column(cli, tmp_path, config, where) -> None:
    root = write_tree(tmp_path / "r", {".gitops-scaffold.yaml": config})
    result = cli("lint", str(root))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {where}")
    assert "ParserError" not in result.stderr and "ScannerError" not in result.stderr


def test_gitlab_format_is_gitlab_code_quality(cli, repo) -> None:
    clean = cli("lint", str(repo()), "-o", "gitlab")
    assert (clean.exit_code, json.loads(clean.stdout)) == (0, [])
    unpinned = HELM_RELEASE.replace("      version: 6.5.0\n", "")
    root = repo(**{RELEASE_PATH: unpinned, "x.yaml": "a: [\n"})
    result = cli("lint", str(root), "-o", "gitlab")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    by_rule = {issue["check_name"]: issue for issue in issues}
    assert set(by_rule) == {"invalid-yaml", "unpinned-chart-version"}
    assert by_rule["invalid-yaml"]["severity"] == "major"
    assert by_rule["unpinned-chart-version"]["severity"] == "minor"
    assert by_rule["unpinned-chart-version"]["location"]["path"] == RELEASE_PATH
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_a_sync_path_given_that_does_not_exist_is_one_error(cli, repo) -> None:
    root = repo(**{"clusters/production/flux-system/gotk-sync.yaml": "kind: Kustomization\n"})
    result = cli("lint", str(root), "--sync-path", "clusters/prodution")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: --sync-path clusters/prodution: no such directory in the repository",
        "  hint: did you mean clusters/production?",
    ]


def test_a_configured_sync_path_that_does_not_exist_is_one_error(cli, make_tree) -> None:
    root = make_tree({".gitops-scaffold.yaml": "sync_paths: [clusters/dev, clusters/nope]\n",
                      "clusters/dev/helm/releases/.gitkeep": ""})  # fmt: skip
    result = cli("lint", str(root), "-o", "json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["message"] == (
        ".gitops-scaffold.yaml: sync path clusters/nope: no such directory in the repository"
    )
    assert "missing-helm-dir" not in result.stderr


def test_an_empty_directory_outside_git_says_nothing_was_found(cli, tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    result = cli("lint", str(tmp_path / "empty"))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"warning: nothing to lint: no files found under {tmp_path / 'empty'} "
        "(not a Git work tree)"
    )


def test_an_empty_work_tree_says_nothing_was_found(cli, tmp_path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "--quiet")
    result = cli("lint", "-o", "json", str(root))
    assert json.loads(result.stdout)["summary"]["files"] == 0
    assert f"warning: nothing to lint: no files found under {root}\n" in result.stderr
