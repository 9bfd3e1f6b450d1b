"""The README's first steps run as written, in a shell, from where the install leaves you."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import git
from tests.new.test_readme_walkthroughs import README


def block(heading: str) -> list[str]:
    """The lines of the first sh block under the heading line `heading`."""
    section = README.read_text().split(f"\n{heading}\n", 1)[1]
    [text] = re.findall(r"```sh\n(.*?)```", section, flags=re.S)[:1]
    return [line.strip() for line in text.splitlines() if line.strip()]


def shell(lines: list[str], cwd: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # As a user who activated the environment (or ran `pipx install .`): the tool is on PATH.
    env = {**os.environ, "TMPDIR": str(tmp_path),
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}  # fmt: skip
    script = "set -e\n" + "\n".join(line.split("  #", 1)[0] for line in lines)
    return subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True,
                          text=True)  # fmt: skip


def test_creating_then_a_second_cluster_from_inside_the_tools_clone(
    make_git_repo, tmp_path: Path
) -> None:
    # The install command leaves you in the tool's clone: a Git repository, not a GitOps one.
    clone = make_git_repo({"pyproject.toml": "[project]\nname = 'gitops-scaffold'\n"}, "clone")
    lines = block("## Creating a repository") + block("### Several clusters in one repository")
    assert lines[0].startswith('cd "$(mktemp -d)"')
    done = shell(lines, clone, tmp_path)
    assert done.returncode == 0, done.stderr
    [fleet] = [p for p in tmp_path.glob("tmp.*/fleet")]
    assert git(fleet, "log", "--format=%s").splitlines() == [
        "Add the Flux layout for clusters/staging",
        "Add the Flux layout for clusters/dev",
    ]
    assert git(clone, "status", "--porcelain") == ""  # nothing laid out in the tool's clone


def test_the_readme_says_how_to_get_the_tool_on_path() -> None:
    text = README.read_text().split("## Creating a repository", 1)[0]
    assert ". .venv/bin/activate" in text and "pipx install ." in text
    assert re.search(r"```sh\npython3 -m venv \.venv && \.venv/bin/pip install \. ", text)


def test_new_says_how_to_get_the_tool_on_path(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "gitops-scaffold"
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([str(script), "new", str(tmp_path / "fleet")], env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    steps = done.stdout.split("Next steps:\n", 1)[1].splitlines()
    if sys.prefix != sys.base_prefix:
        assert steps[0].startswith(f"  . {Path(sys.prefix) / 'bin/activate'}   # puts gitops")
    else:
        assert steps[0].startswith(f"  export PATH={script.parent}:")
    env["PATH"] = f"{script.parent}:/usr/bin:/bin"
    on_path = subprocess.run([str(script), "new", str(tmp_path / "other")], env=env,
                             capture_output=True, text=True)  # fmt: skip
    assert on_path.stdout.split("Next steps:\n", 1)[1].startswith("  cd ")
