"""The facts cache and parallel parsing change how fast lint is, never what it finds."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scaffold.lint.engine import LintOptions, LintReport, run_lint
from scaffold.lint.snapshot import snapshot_path
from scaffold.model.facts import pool
from scaffold.model.facts.cache import FactsCache, cache_dir, cache_path
from tests.conftest import git, write_tree
from tests.lint.conftest import CLEAN, HELM_RELEASE, RELEASE_PATH, SYNC

GENERATE = Path(__file__).resolve().parents[3] / "benchmarks" / "generate.py"
# Rules each planted fault kind of benchmarks/generate.py triggers.
FAULT_RULES = {
    "plaintext-secret": "plaintext-secret",
    "unresolved-source-ref": "unresolved-source-ref",
    "removed-api-version": "deprecated-api-version",
    "removed-source-api-version": "deprecated-api-version",
    "duplicate-key": "duplicate-key",
    "invalid-yaml": "invalid-yaml",
    "missing-values-secret": "unresolved-values-from",
    "committed-values-file": "plaintext-values-committed",
    "misnamed-release-file": "file-naming",
}


def everything(report: LintReport) -> list[tuple[object, ...]]:
    """Every finding with its fixes, which `Finding` equality leaves out."""
    return [(f, f.fixes) for f in report.findings]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    """A generated, committed repository big enough for the process pool, with planted faults."""
    out = tmp_path_factory.mktemp("fleet") / "repo"
    done = subprocess.run(
        [sys.executable, str(GENERATE), str(out), "--clusters", "2", "--components", "70",
         "--seed", "3", "--faults", "2"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return out, json.loads(done.stdout)["faults"]


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the process pools started."""
    started: list[int] = []
    real = pool._in_workers

    def counting(tasks, workers: int):
        started.append(workers)
        return real(tasks, workers)

    monkeypatch.setattr(pool, "_in_workers", counting)
    return started


def test_findings_identical_with_and_without_cache_and_jobs(fleet, pools) -> None:
    root, faults = fleet
    sequential = run_lint(root, LintOptions(jobs=1, cache=False))
    parallel = run_lint(root, LintOptions(jobs=2, cache=False))
    filling = run_lint(root, LintOptions(jobs=2))
    warm = run_lint(root, LintOptions(jobs=1))
    assert pools == [2, 2]  # the repository is big enough for two workers; warm parses nothing
    assert cache_path(root).is_file()
    expected = everything(sequential)
    assert everything(parallel) == expected
    assert everything(filling) == expected
    assert everything(warm) == expected
    assert (warm.files, warm.documents) == (sequential.files, sequential.documents)
    # Every planted fault is among the findings, so the comparison compares something.
    reported = {(f.rule, f.path) for f in sequential.findings}
    for fault in faults:
        assert (FAULT_RULES[fault["kind"]], fault["path"]) in reported, fault


def test_a_changed_and_a_new_file_are_parsed_again(fleet) -> None:
    root, _ = fleet
    run_lint(root, LintOptions(jobs=2))
    release = next(root.glob("clusters/*/helm/releases/*.yaml"))
    original = release.read_text(encoding="utf-8")
    extra = root / "clusters" / "extra.yaml"
    try:
        release.write_text(original.replace("kind: HelmRelease", "kind: HelmRelease\nkind: X"))
        extra.write_text("apiVersion: v1\nkind: Secret\nmetadata: {name: x}\nstringData: {a: b}\n")
        cached = run_lint(root, LintOptions(jobs=2))
        fresh = run_lint(root, LintOptions(jobs=1, cache=False))
    finally:
        release.write_text(original, encoding="utf-8")
        extra.unlink()
    rel = release.relative_to(root).as_posix()
    reported = {(f.rule, f.path) for f in cached.findings}
    assert ("duplicate-key", rel) in reported
    assert ("plaintext-secret", "clusters/extra.yaml") in reported
    assert everything(cached) == everything(fresh)
    # Back to the committed content: the cache answers with the committed facts again.
    again = run_lint(root, LintOptions(jobs=1))
    assert ("duplicate-key", rel) not in {(f.rule, f.path) for f in again.findings}


@pytest.mark.parametrize(
    "content",
    [
        b"not a pickle at all",
        b"",
        pickle.dumps({"format": 1, "key": "other", "entries": {}}),
        pickle.dumps([1, 2, 3]),
        "truncated",
    ],
    ids=["garbage", "empty", "other-key", "wrong-shape", "truncated"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(tmp_path: Path, content: bytes | str) -> None:
    root = write_tree(tmp_path / "repo", {**CLEAN, RELEASE_PATH: HELM_RELEASE + "  x: 1\n  x: 2\n"})
    options = LintOptions(sync_paths=(SYNC,))
    expected = everything(run_lint(root, LintOptions(sync_paths=(SYNC,), cache=False)))
    path = cache_path(root)
    run_lint(root, options)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2] if content == "truncated" else content)  # type: ignore[arg-type]
    snapshot_path(root).unlink()  # so the run reads the facts (tested apart in test_snapshot)
    assert everything(run_lint(root, options)) == expected
    assert everything(run_lint(root, options)) == expected
    assert FactsCache.load(path, _key(path)).entries  # rewritten whole


def _key(path: Path) -> str:
    header = path.read_bytes().split(b"\n")[1]
    return str(json.loads(header)["key"])


def _payload(path: Path) -> tuple[bytes, list[Any]]:
    """The cache's signature and its lines (a header, then one entry per file), parsed."""
    mac, _, payload = path.read_bytes().partition(b"\n")
    return mac, [json.loads(line) for line in payload.split(b"\n")]


def _encoded(lines: list[Any]) -> bytes:
    return b"\n".join(json.dumps(line, separators=(",", ":")).encode() for line in lines)


class _Planted:
    """A pickle that would create a file when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_malicious_pickle_in_the_cache_runs_nothing(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", {**CLEAN, RELEASE_PATH: HELM_RELEASE + "  x: 1\n  x: 2\n"})
    options = LintOptions(sync_paths=(SYNC,))
    expected = everything(run_lint(root, LintOptions(sync_paths=(SYNC,), cache=False)))
    marker = tmp_path / "pwned"
    path = cache_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps({"format": 1, "key": "x", "entries": _Planted(marker)}))
    path.with_suffix(".pickle").write_bytes(pickle.dumps(_Planted(marker)))  # the old name
    assert everything(run_lint(root, options)) == expected
    assert not marker.exists()


def _tamper(root: Path, change) -> None:
    """Rewrite the cache's entries with `change`, keeping its old signature; and drop the
    last run's findings, so the next run reads the facts."""
    path = cache_path(root)
    mac, lines = _payload(path)
    change(lines)
    path.write_bytes(mac + b"\n" + _encoded(lines))
    snapshot_path(root).unlink(missing_ok=True)


def test_a_tampered_cache_cannot_hide_a_finding(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", {**CLEAN, RELEASE_PATH: HELM_RELEASE + "  x: 1\n  x: 2\n"})
    options = LintOptions(sync_paths=(SYNC,))
    first = run_lint(root, options)
    assert "duplicate-key" in {f.rule for f in first.findings}

    import dataclasses

    from scaffold.model.facts.documents import FileFacts

    assert "findings" in {f.name for f in dataclasses.fields(FileFacts)}

    def drop_findings(lines: list[Any]) -> None:
        assert RELEASE_PATH in {entry[0] for entry in lines[1:]}
        for entry in lines[1:]:
            if entry[0] == RELEASE_PATH:
                assert entry[2]["findings"]
                entry[2]["findings"] = []

    path = cache_path(root)
    _tamper(root, drop_findings)
    assert everything(run_lint(root, options)) == everything(first)
    # Signed with a key of the attacker's own, it is still not ours.
    _, lines = _payload(path)
    drop_findings(lines)
    forged = _encoded(lines)
    import hashlib
    import hmac

    path.write_bytes(
        hmac.new(b"k" * 32, forged, hashlib.sha256).hexdigest().encode() + b"\n" + forged
    )
    snapshot_path(root).unlink(missing_ok=True)
    assert everything(run_lint(root, options)) == everything(first)


def test_the_signing_key_lives_outside_the_cache_directory(tmp_path: Path) -> None:
    from scaffold.model.facts.cache import signing_key

    key = signing_key()
    assert key is not None and len(key) == 32
    assert not any(key in p.read_bytes() for p in cache_dir().rglob("*") if p.is_file())


def test_changing_a_module_the_facts_depend_on_misses_the_cache(tmp_path, monkeypatch) -> None:
    """The credential word list lives outside lint/, yet facts depend on it."""
    from scaffold.model.facts import cache as cache_module
    from scaffold.model.facts.parse import ParseOptions

    modules = cache_module.fact_modules()
    names = {p.relative_to(cache_module.PACKAGE_ROOT).as_posix() for p in modules}
    assert {"repository/credentials.py", "model/facts/kinds.py", "model/findings.py"} <= names
    copy = tmp_path / "scaffold"
    import shutil

    shutil.copytree(cache_module.PACKAGE_ROOT, copy)
    monkeypatch.setattr(cache_module, "PACKAGE_ROOT", copy)
    before = cache_module.fingerprint(ParseOptions(), {})
    credentials = copy / "repository" / "credentials.py"
    credentials.write_text(credentials.read_text().replace('"passwd",', '"passwd", "pin",'))
    assert cache_module.fingerprint(ParseOptions(), {}) != before


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", CLEAN)
    cache_dir().parent.mkdir(parents=True, exist_ok=True)
    cache_dir().write_text("a file where the directory should be")
    report = run_lint(root, LintOptions(sync_paths=(SYNC,)))
    assert report.files == len(CLEAN)


def test_the_cache_never_holds_a_secret_value(tmp_path: Path) -> None:
    secret = "hunter2-zebra-quartz"
    release = HELM_RELEASE + f"    auth:\n      password: {secret}\n"
    plain = (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: apps}\n"
        f"stringData:\n  password: {secret}\n"
    )
    broken = f"a: b\n  password: {secret}\n"
    root = write_tree(
        tmp_path / "repo",
        {**CLEAN, RELEASE_PATH: release, f"{SYNC}/db.yaml": plain, f"{SYNC}/broken.yaml": broken},
    )
    report = run_lint(root, LintOptions(sync_paths=(SYNC,)))
    assert {"inline-secret-value", "plaintext-secret", "invalid-yaml"} <= {
        f.rule for f in report.findings
    }
    assert secret.encode() not in cache_path(root).read_bytes()


def test_rule_options_invalidate_the_cache(tmp_path: Path) -> None:
    release = HELM_RELEASE + "    sessionCookieKey: abc\n"
    root = write_tree(tmp_path / "repo", {**CLEAN, RELEASE_PATH: release})
    options = LintOptions(sync_paths=(SYNC,))
    assert not [f for f in run_lint(root, options).findings if f.rule == "inline-secret-value"]
    (root / ".gitops-scaffold.yaml").write_text(
        "rules:\n  inline-secret-value:\n    extra_keys: [sessionCookieKey]\n"
    )
    found = [f for f in run_lint(root, options).findings if f.rule == "inline-secret-value"]
    assert [(f.path, f.line) for f in found] == [(RELEASE_PATH, 17)]


def test_concurrent_runs_leave_a_valid_cache(tmp_path: Path, console_script: Path) -> None:
    root = write_tree(tmp_path / "repo", CLEAN)
    git(root, "init", "--quiet")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "initial")
    runs = [
        subprocess.Popen([str(console_script), "lint", "--format", "json"], cwd=root,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        for _ in range(4)
    ]  # fmt: skip
    outputs = {run.communicate()[0] for run in runs}
    assert [run.returncode for run in runs] == [0] * 4
    assert len(outputs) == 1
    path = cache_path(root)
    assert len(FactsCache.load(path, _key(path)).entries) == 3
    assert not list(path.parent.glob("*.tmp"))


def test_cli_no_cache_writes_nothing_and_jobs_must_be_positive(tmp_path: Path, cli) -> None:
    root = write_tree(tmp_path / "repo", CLEAN)
    result = cli("lint", str(root), "--no-cache", "--jobs", "2", "--sync-path", SYNC)
    assert result.exit_code == 0, result.stderr
    assert not cache_path(root).exists()
    assert cli("lint", str(root), "--sync-path", SYNC).exit_code == 0
    assert cache_path(root).is_file()
    bad = cli("lint", str(root), "--jobs", "0")
    assert bad.exit_code == 2


def test_small_batches_stay_in_one_process() -> None:
    assert pool.worker_count(1, 8) == 1
    assert pool.worker_count(pool.PARALLEL_MIN_FILES - 1, 8) == 1
    assert pool.worker_count(pool.PARALLEL_MIN_FILES, 2) == 2
    assert pool.worker_count(15_000, 2) == 2
    assert pool.worker_count(15_000, 1) == 1


def test_a_save_after_one_change_encodes_only_that_file(tmp_path: Path, monkeypatch) -> None:
    from scaffold.model.facts import cache as cache_module
    from scaffold.model.facts import codec

    root = write_tree(tmp_path / "repo", CLEAN)
    options = LintOptions(sync_paths=(SYNC,))
    expected = everything(run_lint(root, options))  # fills the cache
    path = cache_path(root)
    loaded = FactsCache.load(path, _key(path))
    assert len(loaded.entries) >= 3
    calls: list[object] = []
    real = codec.encode
    monkeypatch.setattr(cache_module.codec, "encode", lambda v: calls.append(v) or real(v))
    digest, facts = loaded.entries[RELEASE_PATH]
    loaded.put(RELEASE_PATH, "0" * len(digest), facts)
    loaded.save()
    from scaffold.model.facts.documents import FileFacts

    # The other entries are written back as they were read.
    assert [c.path for c in calls if isinstance(c, FileFacts)] == [RELEASE_PATH]
    monkeypatch.setattr(cache_module.codec, "encode", real)
    again = FactsCache.load(path, _key(path))
    assert again.entries[RELEASE_PATH][0] == "0" * len(digest)
    facts_of = {p: e[1] for p, e in loaded.entries.items()}
    assert {p: e[1] for p, e in again.entries.items()} == facts_of
    assert everything(run_lint(root, options)) == expected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worked out here on Linux only")
@pytest.mark.parametrize(
    "value", [None, "", "   ", "/srv/xdg"], ids=["unset", "empty", "blank", "set"]
)
def test_the_user_directories_are_where_platformdirs_puts_them(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    import platformdirs

    from scaffold.model.facts.cache import APP_NAME, CACHE, DATA, user_dir

    for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME"):
        if value is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, value)
    assert user_dir(CACHE) == Path(platformdirs.user_cache_dir(APP_NAME))
    assert user_dir(DATA) == Path(platformdirs.user_data_dir(APP_NAME))


_PARENT = os.getpid()


def _dies_in_a_worker(task):
    if os.getpid() != _PARENT:
        os._exit(9)  # as a worker killed for memory would end
    return _REAL_CHUNK(task)


_REAL_CHUNK = pool._parse_chunk


def test_a_parse_worker_that_dies_is_not_waited_for(fleet, monkeypatch) -> None:
    root, _ = fleet
    expected = run_lint(root, LintOptions(jobs=1, cache=False))
    monkeypatch.setattr(pool, "_parse_chunk", _dies_in_a_worker)
    survived = run_lint(root, LintOptions(jobs=2, cache=False))
    assert everything(survived) == everything(expected)


def test_a_wrapped_import_is_followed_into_the_fingerprint(tmp_path, monkeypatch) -> None:
    """`from x import (\\n  a,\\n  b,\\n)` names modules as much as a one-line import does."""
    from scaffold.model.facts import cache as cache_module

    copy = tmp_path / "scaffold"
    import shutil

    shutil.copytree(cache_module.PACKAGE_ROOT, copy)
    monkeypatch.setattr(cache_module, "PACKAGE_ROOT", copy)
    (copy / "model" / "facts" / "wrapped_only.py").write_text('"""Reached only wrapped."""\n')
    parse = copy / "model" / "facts" / "parse.py"
    parse.write_text(
        parse.read_text().replace(
            "\nimport yaml\n",
            "\nimport yaml\n\nfrom scaffold.model.facts import (  # a comment, words, here\n"
            "    wrapped_only,  # noqa: F401\n)\n",
            1,
        )
    )
    names = {p.relative_to(copy).as_posix() for p in cache_module.fact_modules()}
    assert "model/facts/wrapped_only.py" in names
    assert "model/facts/nodes.py" in names  # kinds.py imports it wrapped


@pytest.mark.parametrize(
    "flags",
    [("--assume-unchanged",), ("--skip-worktree",), ()],
    ids=["assume-unchanged", "skip-worktree", "core.ignoreStat"],
)
def test_an_index_flag_that_hides_a_change_does_not_keep_stale_findings(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    """Git reports no change for a file the index marks assume-unchanged or skip-worktree
    (or, under core.ignoreStat, for every file added since): the file's bytes decide."""
    root = write_tree(tmp_path / "repo", {**CLEAN, RELEASE_PATH: HELM_RELEASE})
    git(root, "init", "--quiet", "--initial-branch=main")
    if not flags:
        git(root, "config", "core.ignoreStat", "true")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "clean")
    options = LintOptions(sync_paths=(SYNC,))
    assert "duplicate-key" not in {f.rule for f in run_lint(root, options).findings}
    if flags:
        git(root, "update-index", *flags, RELEASE_PATH)
    (root / RELEASE_PATH).write_text(HELM_RELEASE + "  x: 1\n  x: 2\n", encoding="utf-8")
    assert git(root, "diff-files", "--name-only") == ""  # Git itself sees no change

    warm = run_lint(root, options)
    fresh = run_lint(root, LintOptions(sync_paths=(SYNC,), cache=False))

    assert ("duplicate-key", RELEASE_PATH) in {(f.rule, f.path) for f in fresh.findings}
    assert everything(warm) == everything(fresh)


def test_a_same_size_edit_that_keeps_its_mtime_is_seen(tmp_path: Path) -> None:
    """`cp -p`, `rsync -t` keep a file's mtime; with core.trustctime off and
    core.checkStat minimal Git would call a same-size edit unchanged. The ctime says."""
    root = write_tree(tmp_path / "repo", {**CLEAN, RELEASE_PATH: HELM_RELEASE})
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "core.trustctime", "false")
    git(root, "config", "core.checkStat", "minimal")
    release = root / RELEASE_PATH
    old = release.stat()
    os.utime(release, ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))  # not racily clean
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "clean")
    options = LintOptions(sync_paths=(SYNC,))
    assert "schema-violation" not in {f.rule for f in run_lint(root, options).findings}
    before = release.stat()
    import time

    time.sleep(1.1)  # the ctime Git compares may have whole seconds only
    edited = HELM_RELEASE.replace("  interval: 10m", "  intervax: 10m")
    release.write_text(edited, encoding="utf-8")
    os.utime(release, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert git(root, "diff-files", "--name-only") == ""  # Git itself sees no change

    warm = run_lint(root, options)

    assert ("schema-violation", RELEASE_PATH) in {(f.rule, f.path) for f in warm.findings}
    assert everything(warm) == everything(run_lint(root, LintOptions(sync_paths=(SYNC,),
                                                                     cache=False)))  # fmt: skip
