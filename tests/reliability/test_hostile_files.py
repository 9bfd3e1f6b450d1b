"""Lint on hostile file contents: a finding or a clear error, never a traceback."""

from __future__ import annotations

import builtins
import json
import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import write_tree
from tests.lint.conftest import HELM_RELEASE, SYNC, tree
from tests.reliability.conftest import assert_handled

MIB = 1024 * 1024


def billion_laughs(levels: int = 10) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def nested_block_sequences(depth: int) -> str:
    return "- " * depth + "x\n"


def nested_flow_mappings(depth: int) -> str:
    return "{a: " * depth + "1" + "}" * depth + "\n"


# name -> (content, the rule that must report it, or None: lint must simply not crash)
HOSTILE: dict[str, tuple[str | bytes, str | None]] = {
    "binary.yaml": (bytes(range(256)) * 64, "invalid-yaml"),
    "nul.yaml": (b"apiVersion: v1\nkind: \x00\x01\x02\n", "invalid-yaml"),
    "latin1.yaml": ("kind: Caf\xe9\n".encode("latin-1"), "invalid-yaml"),
    "utf16.yaml": ("apiVersion: v1\nkind: ConfigMap\n".encode("utf-16"), "invalid-yaml"),
    "tabs.yaml": ("metadata:\n\tname: x\n", "invalid-yaml"),
    "deep-flow-seq.yaml": ("[" * 10_000 + "]" * 10_000 + "\n", "invalid-yaml"),
    "deep-flow-map.yaml": (nested_flow_mappings(10_000), "invalid-yaml"),
    "deep-block-seq.yaml": (nested_block_sequences(10_000), "invalid-yaml"),
    "undefined-alias.yaml": ("a: *nowhere\n", "invalid-yaml"),
    "bomb.yaml": (billion_laughs(), "invalid-yaml"),
    "self-alias.yaml": ("a: &a [*a]\n", None),
    "merge-bomb.yaml": (
        "a: &a {x: 1}\n" + "".join(f"b{i}: &b{i} {{<<: [*a, *a]}}\n" for i in range(50)),
        None,
    ),
    "python-tags.yaml": (
        "a: !!python/object/apply:os.system ['touch pwned']\n"
        "b: !!python/object/new:subprocess.Popen [['touch', 'pwned']]\n"
        "c: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\n"
        "? !!python/name:os.system\n: key-tag\n",
        None,
    ),
    "only-comments.yaml": ("# nothing here\n", None),
    "empty.yaml": ("", None),
    "separators.yaml": ("---\n---\n...\n---\n", None),
    "scalar.yaml": ("just a string\n", None),
    "huge-key.yaml": ("? " + "k" * 100_000 + "\n: v\n", None),
    "kustomization.yaml": (
        "resources:\n- ../../../../../../etc/passwd\n- /etc/shadow\n- https://example.com/x\n"
        "- \x7f\n- {a: b}\n- [1]\n- null\npatches: [1, {path: /etc/hosts}]\n",
        None,
    ),
    "weird-release.yaml": (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: [1, 2]\n"
        "spec:\n  chart: {spec: {sourceRef: [x], version: {a: 1}}}\n"
        "  valuesFrom: {kind: Secret}\n  values: 7\n",
        None,
    ),
    "weird-secret.yaml": ("apiVersion: v1\nkind: Secret\nmetadata: x\ndata: [a, b]\n", None),
    "keys-not-strings.yaml": ("? [a, b]\n: 1\n? {c: d}\n: 2\n1: 3\nnull: 4\n", None),
}


@pytest.fixture
def hostile_repo(tmp_path):
    files = tree(**{f"{SYNC}/hostile/{name}": content for name, (content, _) in HOSTILE.items()})
    return write_tree(tmp_path / "repo", files)


def test_every_hostile_file_gives_findings_not_a_traceback(cli, hostile_repo) -> None:
    result = cli("lint", str(hostile_repo), "--format", "json", "--sync-path", SYNC)
    assert_handled(result, codes=(1,))
    findings = json.loads(result.stdout)["findings"]
    for name, (_, rule) in HOSTILE.items():
        if rule is not None:
            path = f"{SYNC}/hostile/{name}"
            assert (rule, path) in {(f["rule"], f["path"]) for f in findings}, name
    assert not (hostile_repo / "pwned").exists()


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_hostile_files_in_every_format(cli, hostile_repo, fmt) -> None:
    assert_handled(cli("lint", str(hostile_repo), "--format", fmt, "--sync-path", SYNC), codes=(1,))


def test_utf16_is_named(lint_tree) -> None:
    report = lint_tree(tree(**{"u.yaml": "kind: ConfigMap\n".encode("utf-16")}))
    [finding] = [f for f in report.findings if f.path == "u.yaml"]
    assert "UTF-16" in finding.message and "UTF-8" in finding.hint


def test_crlf_positions_match_the_lines(lint_tree) -> None:
    release = HELM_RELEASE.replace("helm.toolkit.fluxcd.io/v2", "helm.toolkit.fluxcd.io/v2beta1")
    crlf = release.replace("\n", "\r\n").encode()
    report = lint_tree(tree(**{f"{SYNC}/helm/releases/podinfo-v6.5.0.yaml": crlf}))
    [finding] = report.findings
    assert (finding.rule, finding.line, finding.column) == ("deprecated-api-version", 1, 13)


def test_deep_block_mappings_do_not_recurse(lint_tree) -> None:
    # 10,000 levels of block mappings take 50 MB even with one-space indents
    text = "".join(" " * i + "a:\n" for i in range(10_000)) + " " * 10_000 + "b\n"
    config = "rules:\n  unchecked-file:\n    max_file_size: 100000000\n"
    report = lint_tree(tree(**{"deep.yaml": text, ".gitops-scaffold.yaml": config}))
    assert {f.rule for f in report.findings if f.path == "deep.yaml"} <= {"invalid-yaml"}


BOUNDED_LINT = """
import json, sys, time
from pathlib import Path
from scaffold.lint.engine import run_lint
from scaffold.formats import LINT_FORMATS, OutputFormat
from scaffold.lint.report import render
start = time.perf_counter()
report = run_lint(Path(sys.argv[1]))
for fmt in LINT_FORMATS:
    render(report, fmt)
elapsed = time.perf_counter() - start
# ru_maxrss keeps the peak of the process this one was forked from (the test runner),
# carried across exec; the kernel's high-water mark of this program's own memory is VmHWM.
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({
    "seconds": elapsed,
    "maxrss_kib": peak,
    "rules": sorted({(f.rule, f.path) for f in report.findings}),
}))
"""
MEMORY_LIMIT = 200 * MIB
# Generous: the machine may be shared; an unbounded expansion takes minutes, not seconds.
TIME_LIMIT = 10.0


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.parametrize(
    "content",
    [
        billion_laughs(10),
        billion_laughs(30),
        # the same bomb where rules walk values: a HelmRelease's inline values
        HELM_RELEASE + textwrap.indent(billion_laughs(12), "    "),
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n"
        + textwrap.indent(billion_laughs(12), "  "),
    ],
    ids=["10-levels", "30-levels", "in-helm-values", "in-secret"],
)
def test_alias_bomb_is_bounded_in_time_and_memory(tmp_path, content) -> None:
    """Lint in a child process whose address space is capped at 200 MB; under 2 s of lint."""
    root = write_tree(tmp_path / "repo", {"bomb.yaml": content})
    done = subprocess.run(
        [sys.executable, "-c", BOUNDED_LINT, str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_memory,
    )
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout)
    assert measured["seconds"] < TIME_LIMIT
    assert measured["maxrss_kib"] * 1024 < MEMORY_LIMIT
    assert ["invalid-yaml", "bomb.yaml"] in measured["rules"]


def test_huge_file_is_skipped_with_a_finding(cli, tmp_path) -> None:
    root = write_tree(tmp_path / "repo", tree())
    line = b"  - key: " + b"v" * 100 + b"\n"
    with (root / "big.yaml").open("wb") as handle:
        handle.write(b"items:\n")
        handle.write(line * (50 * MIB // len(line) + 1))
    result = cli("lint", str(root), "--format", "json", "--sync-path", SYNC)
    assert_handled(result, codes=(0,))
    [finding] = [f for f in json.loads(result.stdout)["findings"] if f["path"] == "big.yaml"]
    assert finding["rule"] == "unchecked-file"
    assert "max_file_size" in finding["message"]


def test_size_limit_is_configurable(cli, tmp_path) -> None:
    files = tree(**{"single-line.yaml": "key: " + "x" * MIB + "\n"})
    root = write_tree(tmp_path / "repo", files)
    result = cli("lint", str(root), "--format", "json", "--sync-path", SYNC)
    assert_handled(result, codes=(0,))  # 1 MB on one line is within the default limit
    (root / ".gitops-scaffold.yaml").write_text(
        "rules:\n  unchecked-file:\n    max_file_size: 1000\n"
    )
    result = cli("lint", str(root), "--format", "json", "--sync-path", SYNC)
    assert_handled(result, codes=(0,))
    rules = {(f["rule"], f["path"]) for f in json.loads(result.stdout)["findings"]}
    assert ("unchecked-file", "single-line.yaml") in rules


@pytest.mark.parametrize(
    "config",
    [
        billion_laughs(10),
        "rules: !!python/object/apply:os.system ['touch pwned']\n",
        b"rules: \xff\n",
        "rules: [\n",
        "- just\n- a list\n",
        "rules:\n  unchecked-file:\n    max_file_size: lots\n",
    ],
)
def test_hostile_config_is_a_config_error(cli, tmp_path, config) -> None:
    root = write_tree(tmp_path / "repo", {**tree(), ".gitops-scaffold.yaml": config})
    result = cli("lint", str(root))
    assert_handled(result, codes=(2,))
    assert result.stderr.startswith("error: .gitops-scaffold.yaml")
    assert not (root / "pwned").exists()


@pytest.mark.parametrize(
    ("config", "where"),
    [
        ("rules:\n  unchecked-file:\n    max_file_size: true\n", ":3:20: option `max_file_size`"),
        ("rules:\n  unchecked-file:\n    max_file_size: -1\n", ":3:20: option `max_file_size`"),
        ("rules:\n  unchecked-file: {max_file_size: [1]}\n", ":2:35: option `max_file_size`"),
        ("sync_paths:\n  - clusters/dev\n  - 3\n", ":2:3: `sync_paths` must be"),
        ("exclude: [a, {b: c}]\n", ":1:10: `exclude` must be"),
        ("rules:\n  plaintext-secret: [error]\n", ":2:21: rule `plaintext-secret`"),
        ("rules:\n  plaintext-secret: {level: 1}\n", ":2:29: rule `plaintext-secret`"),
        ("x: &a [a, a]\nsync_paths: [*a, *a]\n", ":1:4: unknown key `x`"),
        ("sync_paths: &a [*a]\n", ".gitops-scaffold.yaml"),  # a recursive alias
    ],
)
def test_config_value_of_the_wrong_type_names_its_line(cli, tmp_path, config, where) -> None:
    root = write_tree(tmp_path / "repo", {**tree(), ".gitops-scaffold.yaml": config})
    result = cli("lint", str(root))
    assert_handled(result, codes=(2,))
    assert result.stderr.startswith("error: .gitops-scaffold.yaml")
    assert where in result.stderr.splitlines()[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_reported(cli, tmp_path) -> None:
    root = write_tree(tmp_path / "repo", tree(**{"locked.yaml": "a: 1\n"}))
    (root / "locked.yaml").chmod(0)
    result = cli("lint", str(root), "--format", "json", "--sync-path", SYNC)
    assert_handled(result, codes=(0,))  # unchecked-file is a warning
    rules = {(f["rule"], f["path"]) for f in json.loads(result.stdout)["findings"]}
    assert ("unchecked-file", "locked.yaml") in rules


def test_read_failure_is_reported(cli, tmp_path, monkeypatch) -> None:
    """The same as a mode-000 file, for runs as root: reading fails with EACCES."""
    root = write_tree(tmp_path / "repo", tree(**{"locked.yaml": "a: 1\n"}))
    real = Path.read_bytes

    def denied(self):
        if self.name == "locked.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    real_open = builtins.open

    def denied_open(file, *args, **kwargs):
        if str(file).endswith("locked.yaml"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    real_os_open = os.open

    def denied_os_open(file, *args, **kwargs):
        if str(file).endswith("locked.yaml"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", denied)
    monkeypatch.setattr(builtins, "open", denied_open)
    monkeypatch.setattr(os, "open", denied_os_open)
    result = cli("lint", str(root), "--format", "json", "--sync-path", SYNC)
    assert_handled(result, codes=(0,))
    [finding] = [f for f in json.loads(result.stdout)["findings"] if f["path"] == "locked.yaml"]
    assert finding["rule"] == "unchecked-file"
    assert "cannot be read" in finding["message"]


@pytest.mark.parametrize("content", ["{", "a: [\n", "key: 'open\n\n"])
def test_error_at_the_end_of_the_file_points_at_its_last_line(lint_tree, content) -> None:
    report = lint_tree(tree(**{"end.yaml": content}))
    [finding] = [f for f in report.findings if f.path == "end.yaml"]
    assert finding.rule == "invalid-yaml"
    assert finding.line == max(1, len(content.splitlines()))


MEASURE_CHILD = """
import resource, subprocess, sys
with open(sys.argv[1], "wb") as out:
    subprocess.run(sys.argv[2:], stdout=out, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def test_a_huge_flow_sequence_is_bounded_in_memory(console_script, tmp_path) -> None:
    root = write_tree(tmp_path / "repo", tree())
    count = 10 * MIB // 2 - 16
    (root / "flow.yaml").write_text("items: [" + "1," * (count - 1) + "1]\n")
    report = tmp_path / "out.json"
    done = subprocess.run(
        [sys.executable, "-c", MEASURE_CHILD, str(report), str(console_script), "lint",
         "--no-cache", "--format", "json", str(root)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert int(done.stdout) < 400 * 1024  # KiB; it took 1.5 GB
    findings = json.loads(report.read_text())["findings"]
    [finding] = [f for f in findings if f["path"] == "flow.yaml"]
    assert finding["rule"] == "unchecked-file" and "YAML nodes" in finding["message"]
