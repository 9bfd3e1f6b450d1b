"""The progress line counts the files the summary counts."""

from __future__ import annotations

from scaffold.lint.engine import LintOptions, run_lint
from scaffold.model.facts import pool

RELEASE = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{n}\n"


def _run(root, **options):
    seen: list[tuple[int, int]] = []
    report = run_lint(root, LintOptions(progress=lambda d, t: seen.append((d, t)), **options))
    return report, seen


def test_progress_ends_at_the_summary_count(make_git_repo) -> None:
    files = {f"apps/c{n}.yaml": RELEASE.format(n=n) for n in range(30)}
    files |= {f"apps/copy{n}.yaml": RELEASE.format(n=0) for n in range(20)}  # same bytes
    files |= {f"docs/page{n}.md": "# page\n" for n in range(25)}  # not YAML
    root = make_git_repo(files)
    report, seen = _run(root, cache=False)
    assert seen, "no progress reported"
    assert {total for _, total in seen} == {report.files}
    assert seen[-1] == (report.files, report.files)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_progress_counts_the_cached_files_too(make_git_repo, monkeypatch) -> None:
    files = {f"apps/c{n}.yaml": RELEASE.format(n=n) for n in range(30)}
    root = make_git_repo(files)
    run_lint(root, LintOptions())
    (root / "apps/c0.yaml").write_text(RELEASE.format(n="changed"))
    report, seen = _run(root)
    assert seen[-1] == (report.files, report.files)


def test_progress_in_workers_ends_at_the_summary_count(make_git_repo, monkeypatch) -> None:
    monkeypatch.setattr(pool, "PARALLEL_MIN_FILES", 8)
    files = {f"apps/c{n}.yaml": RELEASE.format(n=n) for n in range(40)}
    files |= {f"docs/page{n}.md": "# page\n" for n in range(10)}
    root = make_git_repo(files)
    report, seen = _run(root, cache=False, jobs=2)
    assert seen[-1] == (report.files, report.files)
