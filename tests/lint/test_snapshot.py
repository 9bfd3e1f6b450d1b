"""A run in which nothing changed reuses the last findings; any change runs the rules again.

Each case changes one input the findings depend on, after a run that stored a
snapshot, and checks the next cached run against a run without any cache.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import hmac
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from scaffold import __version__
from scaffold.errors import ConfigError, UsageError
from scaffold.lint import snapshot
from scaffold.lint.config_file import CONFIG_FILE
from scaffold.lint.engine import LintOptions, LintReport, run_lint
from scaffold.lint.snapshot import snapshot_path
from scaffold.model.facts.cache import cache_path
from tests.conftest import git, write_tree
from tests.lint.conftest import CLEAN, HELM_RELEASE, RELEASE_PATH, SYNC

LINT_PACKAGE = Path(snapshot.__file__).parent
SECRET = (
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: hunter2hunter2\n"
)
VALUES_SECRET = "clusters/dev/helm/secrets/podinfo-values-sealed.yaml"


def gotk_sync(path: str) -> str:
    """What `flux bootstrap` commits to make Flux sync `path`."""
    return (
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n"
        "  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 10m\n"
        f"  path: ./{path}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n"
        "    name: flux-system\n"
    )


def everything(report: LintReport) -> list[tuple[object, ...]]:
    """Every finding with its fixes, which `Finding` equality leaves out."""
    return [(f, f.fixes) for f in report.findings]


def committed(root: Path) -> Path:
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "initial")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The clean convention tree with two faults, committed."""
    files = {
        **CLEAN,
        RELEASE_PATH: HELM_RELEASE + "  x: 1\n  x: 2\n",
        "clusters/dev/s.yaml": SECRET,
        f"{SYNC}/flux-system/gotk-sync.yaml": gotk_sync(SYNC),
    }
    return committed(write_tree(tmp_path / "repo", files))


def lint(root: Path, **options: object) -> LintReport:
    return run_lint(root, LintOptions(**options))  # type: ignore[arg-type]


def test_nothing_changed_reuses_the_findings_without_reading_facts(repo: Path) -> None:
    first = lint(repo)
    assert first.facts, "the first run reads every file"
    assert {f.rule for f in first.findings} >= {"duplicate-key", "plaintext-secret"}
    again = lint(repo)
    assert again.facts == {}, "nothing changed: no fact was loaded"
    assert everything(again) == everything(first)
    assert (again.files, again.documents) == (first.files, first.documents)


def test_fixes_survive_the_snapshot(repo: Path) -> None:
    git(repo, "rm", "--quiet", "-r", "clusters/dev/helm/secrets")
    first = lint(repo)
    again = lint(repo)
    assert any(f.fixes for f in again.findings)
    assert everything(again) == everything(first)


def test_keep_facts_reads_the_facts_even_when_nothing_changed(repo: Path) -> None:
    lint(repo)
    kept = lint(repo, keep_facts=True)
    assert RELEASE_PATH in kept.facts


def _edit(path: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    return change


def _remove(path: str) -> Callable[[Path], None]:
    return lambda root: (root / path).unlink()


def _empty_secrets_dir(root: Path) -> None:
    # No file changes: only the directory's presence, which the rules ask the work tree.
    git(root, "rm", "--quiet", "-r", "clusters/dev/helm/secrets")
    git(root, "commit", "--quiet", "-m", "no secrets")
    lint(root)
    (root / "clusters/dev/helm/secrets").mkdir()


def _sourceignore_changed(root: Path) -> None:
    # The file list stays the same: only the lines of the file change.
    _edit(".sourceignore", "# nothing left out\n")(root)
    lint(root)
    _edit(".sourceignore", "clusters/dev/helm/releases/\n")(root)


def _edit_config(root: Path) -> None:
    _edit(CONFIG_FILE, "rules:\n  duplicate-key: error\n")(root)
    lint(root)
    _edit(CONFIG_FILE, "rules:\n  duplicate-key: warning\n")(root)


def _commit_fix(root: Path) -> None:
    (root / RELEASE_PATH).write_text(HELM_RELEASE, encoding="utf-8")
    git(root, "commit", "--quiet", "-am", "fix")


def _untrack(root: Path) -> None:
    git(root, "rm", "--quiet", "--cached", "clusters/dev/s.yaml")


CHANGES = {
    "tracked file edited": _edit(RELEASE_PATH, HELM_RELEASE),
    "tracked file edited and committed": _commit_fix,
    "untracked file added": _edit("clusters/dev/other.yaml", SECRET.replace("name: s", "name: o")),
    "file removed": _remove("clusters/dev/s.yaml"),
    "file untracked": _untrack,
    ".gitignore changed": _edit(".gitignore", "# nothing ignored\n"),
    "nested .gitignore added": _edit("clusters/dev/.gitignore", "s.yaml\n"),
    ".sourceignore added": _edit(".sourceignore", "clusters/dev/helm/releases/\n"),
    ".sourceignore changed": _sourceignore_changed,
    "config added": _edit(CONFIG_FILE, "rules:\n  duplicate-key: warning\n"),
    "config edited": _edit_config,
    "sync path declared by a file": _edit(
        "clusters/prod/flux-system/gotk-sync.yaml", gotk_sync("clusters/prod")
    ),
    "empty directory created": _empty_secrets_dir,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_any_change_runs_the_rules_again(repo: Path, change: Callable[[Path], None]) -> None:
    lint(repo)
    change(repo)
    warm = lint(repo)
    assert warm.facts, "something changed: the rules ran on the facts"
    assert everything(warm) == everything(lint(repo, cache=False))
    assert everything(lint(repo)) == everything(warm)  # and the next run reuses those


@pytest.mark.parametrize(
    "options",
    [{"select": ["plaintext-secret"]}, {"ignore": ["duplicate-key"]}, {"sync_paths": ["clusters"]}],
    ids=["select", "ignore", "sync-path"],
)
def test_other_options_are_another_run(repo: Path, options: dict[str, object]) -> None:
    lint(repo)
    other = lint(repo, **options)
    assert other.facts
    assert everything(other) == everything(lint(repo, cache=False, **options))


def test_no_cache_neither_reads_nor_writes_a_snapshot(repo: Path) -> None:
    lint(repo, cache=False)
    assert not snapshot_path(repo).exists()
    lint(repo)
    stored = snapshot_path(repo).read_bytes()
    (repo / "clusters/dev/s.yaml").unlink()
    assert lint(repo, cache=False).facts
    assert snapshot_path(repo).read_bytes() == stored


def _forge(path: Path) -> None:
    mac, _, payload = path.read_bytes().partition(b"\n")
    data = json.loads(payload)
    data["findings"] = []
    path.write_bytes(mac + b"\n" + json.dumps(data, separators=(",", ":")).encode())


def _reuse_other_repo(path: Path) -> None:
    # A snapshot signed by us but made for another key.
    data = json.loads(path.read_bytes().partition(b"\n")[2])
    data["key"] = "0" * 64
    payload = json.dumps(data, separators=(",", ":")).encode()

    signer = snapshot.signing_key()
    assert signer
    path.write_bytes(
        hmac.new(signer, payload, hashlib.sha256).hexdigest().encode() + b"\n" + payload
    )


TAMPERING = {
    "garbage": lambda p: p.write_bytes(b"not json at all"),
    "empty": lambda p: p.write_bytes(b""),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:-40]),
    "findings removed, signature kept": _forge,
    "signed for another key": _reuse_other_repo,
    "a directory in its place": lambda p: (p.unlink(), p.mkdir()),
}


@pytest.mark.parametrize("tamper", TAMPERING.values(), ids=TAMPERING.keys())
def test_a_snapshot_not_ours_or_not_for_this_run_is_a_miss(
    repo: Path, tamper: Callable[[Path], object]
) -> None:
    expected = everything(lint(repo))
    tamper(snapshot_path(repo))
    again = lint(repo)
    assert again.facts, "the findings were worked out again"
    assert everything(again) == expected


def test_a_probe_answered_differently_is_a_miss(repo: Path) -> None:
    path = snapshot_path(repo)
    lint(repo)
    (repo / ".gitignore").unlink()
    git(repo, "rm", "--quiet", "--cached", ".gitignore")
    git(repo, "commit", "--quiet", "-m", "no ignore file")
    first = lint(repo)
    assert any(f.rule == "gitignore-values-not-ignored" for f in first.findings)
    # Same files, same keys; only the question "is anything at .gitignore?" now says yes
    # (a dangling symlink Git does not list, so discovery and the file keys are unchanged).
    stored = json.loads(path.read_bytes().partition(b"\n")[2])
    assert stored["probes"].get("e:.gitignore") is False
    (repo / ".gitignore").symlink_to("nowhere")
    (repo / ".git/info/exclude").write_text(".gitignore\n", encoding="utf-8")
    again = lint(repo)
    assert again.facts
    assert everything(again) == everything(lint(repo, cache=False))


def test_the_snapshot_sits_beside_the_facts_cache_and_names_no_value(repo: Path) -> None:
    lint(repo)
    path = snapshot_path(repo)
    assert path.parent == cache_path(repo).parent
    assert path.stat().st_mode & 0o777 == 0o600
    assert b"hunter2" not in path.read_bytes()


def test_a_changed_module_is_another_code_fingerprint(tmp_path: Path) -> None:
    copy = tmp_path / "scaffold"
    shutil.copytree(snapshot.PACKAGE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = _fingerprint_of(copy)
    rule = copy / "lint" / "rules" / "file_naming.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert _fingerprint_of(copy) != before


def _fingerprint_of(package: Path) -> str:
    import subprocess
    import sys

    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from scaffold.lint.snapshot import code_fingerprint, PACKAGE_ROOT;"
        "assert str(PACKAGE_ROOT).startswith(sys.argv[1]), PACKAGE_ROOT;"
        "print(code_fingerprint())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(package.parent)], capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return done.stdout.strip()


# The rules may ask the work tree only through the model, which records each question for
# the snapshot; anything else would go unnoticed by a reused run (the model's own modules
# are held to their source by tests/model/test_source.py).
FILESYSTEM_CALLS = {
    "open", "exists", "lexists", "is_dir", "isdir", "is_file", "isfile", "stat", "lstat",
    "read_text", "read_bytes", "iterdir", "listdir", "scandir", "walk", "glob", "rglob", "run",
    "check_output", "Popen", "getenv",
}  # fmt: skip


def _asks_the_context(func: ast.expr) -> bool:
    return isinstance(func, ast.Attribute) and getattr(func.value, "id", "") in ("ctx", "self")


@pytest.mark.parametrize(
    "module",
    sorted((LINT_PACKAGE / "rules").glob("*.py")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_rules_ask_the_work_tree_only_through_the_context(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    calls = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and not _asks_the_context(node.func)
    }
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not calls & FILESYSTEM_CALLS, f"{module.name} calls {calls & FILESYSTEM_CALLS}"
    assert not imported & {"os", "subprocess", "glob"}, f"{module.name} imports {imported}"


@pytest.mark.parametrize(
    ("config", "options", "error"),
    [
        ("rules:\n  no-such-rule: error\n", {}, ConfigError),
        ("flux_version: '1.0'\n", {}, ConfigError),
        ("", {"select": ["no-such-rule"]}, UsageError),
        ("", {"ignore": ["plaintext-secret,nope"]}, UsageError),
    ],
    ids=["unknown rule", "unknown flux version", "--select", "--ignore"],
)
def test_an_invalid_configuration_is_reported_whatever_was_stored(
    repo: Path, config: str, options: dict[str, object], error: type[Exception]
) -> None:
    lint(repo)
    if config:
        (repo / CONFIG_FILE).write_text(config, encoding="utf-8")
    with pytest.raises(error):
        lint(repo, **options)
    with pytest.raises(error):  # and again: nothing was stored for it
        lint(repo, **options)


def test_a_configuration_that_is_not_a_regular_file_is_never_skipped(repo: Path) -> None:
    lint(repo)
    (repo / CONFIG_FILE).mkdir()
    with pytest.raises(ConfigError):
        lint(repo)


def test_a_reused_run_loads_neither_rules_nor_the_facts_pipeline(tmp_path: Path) -> None:
    root = committed(write_tree(tmp_path / "repo", {"README.md": "# fleet\n"}))
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from scaffold.lint.engine import run_lint\n"
        "run_lint(Path(sys.argv[1]))\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.startswith(('scaffold', 'yaml')))))\n"
    )
    run = [sys.executable, "-c", code, str(root)]
    first = subprocess.run(run, capture_output=True, text=True, check=True).stdout.split()
    again = subprocess.run(run, capture_output=True, text=True, check=True).stdout.split()
    heavy = {
        "scaffold.lint.registry",
        "scaffold.model.facts.documents",
        "scaffold.model.facts.parse",
        "scaffold.model.facts.collect",
        "scaffold.model.repo",
        "yaml",
    }
    assert heavy <= set(first), "the first run reads and checks everything"
    assert not heavy & set(again), f"a reused run loaded {sorted(heavy & set(again))}"


def _install(site: Path) -> Path:
    """A copy of the package in `site` with the RECORD an installer writes for it."""
    package = site / "scaffold"
    shutil.copytree(snapshot.PACKAGE_ROOT, package, ignore=shutil.ignore_patterns("__pycache__"))
    lines = []
    for path in sorted(package.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            lines.append(f"{path.relative_to(site).as_posix()},sha256={digest},{len(data)}")
    record = site / f"{snapshot.DIST_NAME}-{__version__}.dist-info" / "RECORD"
    record.parent.mkdir()
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return record


def _code_fingerprint(monkeypatch: pytest.MonkeyPatch, package: Path) -> tuple[bool, str]:
    monkeypatch.setattr(snapshot, "PACKAGE_ROOT", package)
    snapshot.code_fingerprint.cache_clear()
    try:
        return snapshot._installed_hashes() is not None, snapshot.code_fingerprint()
    finally:
        snapshot.code_fingerprint.cache_clear()


def test_an_installed_package_is_fingerprinted_by_its_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = _install(tmp_path / "site")
    package = tmp_path / "site" / "scaffold"
    by_record, installed = _code_fingerprint(monkeypatch, package)
    assert by_record
    # Another build of the same version: a recorded hash differs.
    text = record.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("scaffold/lint/rules/file_naming.py,"))
    other = line.replace("sha256=", "sha256=0")
    record.write_text(text.replace(line, other), encoding="utf-8")
    assert _code_fingerprint(monkeypatch, package)[1] != installed
    record.write_text(text, encoding="utf-8")
    assert _code_fingerprint(monkeypatch, package) == (True, installed)
    # A module edited in place, unlike what the installer recorded: its content is hashed.
    rule = package / "lint" / "rules" / "file_naming.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    by_record, edited = _code_fingerprint(monkeypatch, package)
    assert not by_record
    assert edited != installed


def test_a_record_of_another_install_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = _install(tmp_path / "site")
    kept = [x for x in record.read_text(encoding="utf-8").splitlines() if "snapshot.py" not in x]
    record.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert _code_fingerprint(monkeypatch, tmp_path / "site" / "scaffold")[0] is False
