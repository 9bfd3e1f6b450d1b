"""`new` on bad input: one clear line, the right exit code, nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import git
from tests.new.test_template import BAD_SYNC_PATHS
from tests.template_repo import tree


@pytest.mark.parametrize("sync_path", [p for p in BAD_SYNC_PATHS if p != "clusters/dev/"])
def test_cli_rejects_bad_sync_paths(cli, tmp_path: Path, sync_path: str) -> None:
    result = cli("new", str(tmp_path / "f"), "--sync-path", sync_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: invalid sync path")
    assert not (tmp_path / "f").exists()


def test_cli_normalises_the_sync_path_as_flux_does(cli, tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "f"), "--sync-path", "./clusters/dev/")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "f/clusters/dev/helm/releases/.gitkeep").is_file()


@pytest.mark.parametrize(
    "item",
    [
        "owner={{ 7 * 7 }}",
        "owner={% raw %}",
        "owner=a\nb",
        "owner=a\x00b",
        "noequals",
        "_src_path=x",
    ],
)
def test_cli_rejects_injected_answers(cli, tmp_path: Path, item: str) -> None:
    result = cli("new", str(tmp_path / "f"), "--data", item)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) <= 2
    assert not (tmp_path / "f").exists()


def test_unknown_answer_is_named(cli, tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "f"), "--data", "ownr=acme")
    assert result.exit_code == 2
    assert "unknown answer(s): ownr" in result.stderr


def test_invalid_answer_value_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "f"), "--data", "git_provider=svn")
    assert result.exit_code == 2
    assert not (tmp_path / "f").exists()


def test_dest_that_is_a_file(cli, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("mine\n")
    result = cli("new", str(tmp_path / "f"))
    assert result.exit_code == 2
    assert "is not a directory" in result.stderr
    assert (tmp_path / "f").read_text() == "mine\n"


def test_missing_git_binary(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    result = cli("new", str(tmp_path / "f"))
    assert result.exit_code == 1
    assert "`git` was not found on PATH" in result.stderr
    assert not (tmp_path / "f").exists()


def test_unwritable_location(cli) -> None:
    result = cli("new", "/proc/gitops-scaffold-test/fleet")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions")
def test_unwritable_dest(cli, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = cli("new", str(locked / "f"))
    assert result.exit_code == 1
    assert "cannot write" in result.stderr


def test_unrelated_files_are_refused(cli, tmp_path: Path) -> None:
    dest = tmp_path / "f"
    dest.mkdir()
    (dest / "notes.txt").write_text("keep\n")
    result = cli("new", str(dest))
    assert result.exit_code == 2
    assert "notes.txt" in result.stderr
    assert sorted(p.name for p in dest.iterdir()) == ["notes.txt"]


def test_force_never_overwrites(cli, tmp_path: Path) -> None:
    dest = tmp_path / "f"
    dest.mkdir()
    (dest / "README.md").write_text("my readme\n")
    result = cli("new", str(dest), "--force")
    assert result.exit_code == 0, result.stderr
    assert (dest / "README.md").read_text() == "my readme\n"
    assert "kept your README.md" in result.stderr
    assert (dest / "clusters/dev/helm/releases/.gitkeep").is_file()
    assert "README.md" not in git(dest, "ls-files")


def test_failure_while_rendering_leaves_dest_as_it_was(cli, tmp_path: Path, monkeypatch) -> None:
    import copier

    real = copier.run_copy

    def half_then_fail(src, dst, **kwargs):
        real(src, dst, **kwargs)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(copier, "run_copy", half_then_fail)
    dest = tmp_path / "f"
    dest.mkdir()
    (dest / ".git").mkdir()
    before = tree(dest)
    result = cli("new", str(dest), "--no-commit")
    assert result.exit_code == 3
    assert tree(dest) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]


def test_failure_while_placing_rolls_back(cli, tmp_path: Path, monkeypatch) -> None:
    fleet = tmp_path / "fleet"
    assert cli("new", str(fleet)).exit_code == 0
    before = tree(fleet)
    calls = []
    real_link = os.link

    def link_then_fail(src, dst, *args, **kwargs):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", link_then_fail)
    monkeypatch.setattr("shutil.copyfileobj", lambda *a: (_ for _ in ()).throw(OSError(28, "full")))
    result = cli("new", str(fleet), "--sync-path", "clusters/staging")
    assert result.exit_code == 1
    assert "nothing was changed" in result.stderr
    assert tree(fleet) == before
    assert not (fleet / "clusters/staging").exists()


SLOW_NEW = """
import sys, time, pathlib, copier
real = copier.run_copy
marker = pathlib.Path(sys.argv[1])
def slow(src, dst, **kw):
    real(src, dst, **kw)
    marker.write_text("rendered")
    time.sleep(30)
copier.run_copy = slow
sys.argv = ["gitops-scaffold", "new", sys.argv[2], "--sync-path", sys.argv[3]]
from scaffold.cli import main
main()
"""


@pytest.mark.parametrize("existing", [False, True])
def test_sigint_while_rendering_leaves_dest_as_it_was(cli, tmp_path: Path, existing: bool) -> None:
    dest = tmp_path / "fleet"
    if existing:
        assert cli("new", str(dest)).exit_code == 0
    before = tree(dest) if existing else None
    marker = tmp_path / "marker"
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_NEW, str(marker), str(dest), "clusters/staging"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert marker.exists(), child.communicate()
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=30)
    assert child.returncode == 130, stderr
    if existing:
        assert tree(dest) == before
    else:
        assert not dest.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == sorted(
        ["marker", "fleet"] if existing else ["marker"]
    )


BROKEN_TEMPLATES = {
    "syntax": ("a.txt.jinja", "{{ foo \n", "a.txt.jinja:1: unexpected end of template"),
    "sandbox": ("a.txt.jinja", "{{ ''.__class__.__mro__ }}\n", "is unsafe"),
    "range": ("a.txt.jinja", "{% for i in range(10**9) %}x{% endfor %}\n", "Range too big"),
    "deep": ("copier.yml", "x: " + "[" * 3000 + "]" * 3000 + "\n", "copier.yml:3:"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN_TEMPLATES))
def test_a_broken_template_is_one_clear_line(cli, tmp_path: Path, kind: str) -> None:
    name, content, expected = BROKEN_TEMPLATES[kind]
    template = tmp_path / "template"
    (template / "templates").mkdir(parents=True)
    (template / "copier.yml").write_text(
        "_subdirectory: templates\nsync_path: {type: str, default: clusters/dev}\n"
    )
    (template / "templates/ok.txt").write_text("ok\n")
    path = template / ("templates/" + name if name.endswith(".jinja") else name)
    path.write_text(path.read_text() + content if path.exists() else content)
    dest = tmp_path / "out"
    result = cli("new", str(dest), "--template", str(template), "--no-commit")
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and expected in result.stderr.splitlines()[0]
    assert not dest.exists()


def failing_git(tmp_path: Path, monkeypatch, action: str) -> None:
    """A `git` on PATH that runs the real one but fails (or is interrupted) on `commit`."""
    real = subprocess.run(["which", "git"], capture_output=True, text=True).stdout.strip()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    wrapper = bin_dir / "git"
    wrapper.write_text(
        '#!/bin/sh\nfor a in "$@"; do\n  if [ "$a" = commit ]; then\n'
        f'    {action}\n  fi\ndone\nexec {real} "$@"\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.parametrize("situation", ["new", "existing-repo", "existing-cluster"])
def test_a_failed_commit_leaves_dest_as_it_was_and_a_rerun_works(
    cli, tmp_path: Path, monkeypatch, situation: str
) -> None:
    dest = tmp_path / "fleet"
    if situation == "existing-repo":
        dest.mkdir()
        git(dest, "init", "--quiet")
    elif situation == "existing-cluster":
        assert cli("new", str(dest)).exit_code == 0
    before = tree(dest) if dest.exists() else None
    status = git(dest, "status", "--porcelain") if dest.exists() else None
    path = os.environ["PATH"]
    failing_git(tmp_path, monkeypatch, "echo 'fatal: disk full' >&2; exit 128")
    sync_path = "clusters/staging" if situation == "existing-cluster" else "clusters/dev"
    result = cli("new", str(dest), "--sync-path", sync_path)
    assert result.exit_code == 1 and "disk full" in result.stderr
    if before is None:
        assert not dest.exists()
    else:
        assert tree(dest) == before
        assert git(dest, "status", "--porcelain") == status
    monkeypatch.setenv("PATH", path)
    again = cli("new", str(dest), "--sync-path", sync_path)
    assert again.exit_code == 0, again.stderr
    assert git(dest, "status", "--porcelain") == ""


def test_an_interrupted_commit_leaves_dest_as_it_was(tmp_path: Path, monkeypatch) -> None:
    dest = tmp_path / "fleet"
    failing_git(tmp_path, monkeypatch, "kill -INT $PPID; sleep 5; exit 130")
    script = Path(sys.executable).parent / "gitops-scaffold"
    done = subprocess.run([str(script), "new", str(dest)], capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 130, done.stderr
    assert not dest.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gitops-scaffold-")] == []


def test_dest_reached_through_a_symlink(cli, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    result = cli("new", str(tmp_path / "link/fleet"))
    assert result.exit_code == 0, result.stderr
    assert git(tmp_path / "real/fleet", "status", "--porcelain") == ""
    assert git(tmp_path / "real/fleet", "log", "--oneline").count("\n") == 1


def test_staging_left_by_a_killed_run_is_cleaned(cli, tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    stale = tmp_path / f".gitops-scaffold-{dead}-abc123"
    (stale / "out").mkdir(parents=True)
    live = tmp_path / f".gitops-scaffold-{os.getpid()}-def456"
    live.mkdir()
    assert cli("new", str(tmp_path / "fleet")).exit_code == 0
    assert not stale.exists() and live.exists()


@pytest.mark.parametrize("item", ["personal=maybe", "pre_commit=flase", "private=2", "personal="])
def test_a_yes_no_answer_that_is_not_a_boolean_is_refused(cli, tmp_path: Path, item: str) -> None:
    key, _, value = item.partition("=")
    result = cli("new", str(tmp_path / "f"), "--data", item)
    assert result.exit_code == 2
    assert f"answer {key}={value!r} is not yes or no" in result.stderr
    assert "true or false" in result.stderr
    assert not (tmp_path / "f").exists()


def test_a_yes_no_answer_from_a_data_file_is_checked_too(cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("pre_commit: maybe\n")
    result = cli("new", str(tmp_path / "f"), "--data-file", str(answers))
    assert result.exit_code == 2
    assert "answer pre_commit='maybe' is not yes or no" in result.stderr


@pytest.mark.parametrize("value", ["false", "No", "off", "n", "0"])
def test_the_spellings_of_no_all_mean_no(cli, tmp_path: Path, value: str) -> None:
    result = cli("new", str(tmp_path / "f"), "--data", f"pre_commit={value}")
    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "f" / ".pre-commit-config.yaml").exists()


def test_a_yes_answer_is_recorded_as_a_boolean(cli, tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "f"), "--data", "personal=Yes", "--data", "owner=me")
    assert result.exit_code == 0, result.stderr
    assert "--personal" in result.stdout
    answers = yaml.safe_load((tmp_path / "f" / ".copier-answers.yml").read_text())
    assert answers["personal"] is True


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_a_parent_that_takes_no_files_is_one_line_also_as_json(cli) -> None:
    # /proc takes no new entries, not even for root: a staging directory cannot be made.
    import json

    result = cli("new", "/proc/fleet", "-o", "json")
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert error["message"] == (
        "cannot create files in /proc: No such file or directory; nothing was changed"
    )
    assert "Traceback" not in result.stderr


def test_a_template_that_reads_as_a_git_option_is_refused(cli, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    result = cli("new", str(tmp_path / "f"), "--template", f"--upload-pack=touch {marker}")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"error: --template '--upload-pack=touch {marker}': a source cannot start with `-`"
    )
    assert not marker.exists()
    assert not (tmp_path / "f").exists()
