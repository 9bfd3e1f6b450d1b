"""What `copier update` said when it failed, as one line naming the cause."""

from __future__ import annotations

import re

from scaffold import proc

# (pattern in copier's output, what to tell the user); {src} and {commit} filled in.
FAILURES = (
    (re.compile(r"repository is dirty", re.I),
     "the repository has uncommitted changes: commit or stash them, then update again"),
    (re.compile(r"unknown revision|did not match any|not a valid (object|ref)|bad revision", re.I),
     "the template source {src} has no revision {commit}: pass --vcs-ref, or a --template "
     "that holds it"),
    (re.compile(r"not found|could not read|does not appear to be a git|unable to access|"
                r"could not resolve|must be a directory|no such file|does not exist", re.I),
     "cannot reach the template source {src}: check the URL or path and your access"),
    (re.compile(r"unsafe feature|--trust", re.I),
     "the template {src} runs migrations or tasks: read them in its copier.yml, then pass "
     "--trust"),
)  # fmt: skip


def explain(done: proc.Completed, answers: dict[str, object]) -> str:
    """One line for a failed `copier update`: its cause, with the source and revision."""
    # The cause is at the end (a traceback's last lines, or copier's own message).
    lines = [line.strip() for line in f"{done.stdout}\n{done.stderr}".splitlines() if line.strip()]
    tail = "\n".join(lines[-4:])
    src, commit = answers.get("_src_path", "?"), answers.get("_commit", "?")
    for pattern, message in FAILURES:
        if pattern.search(tail):
            return message.format(src=src, commit=commit)
    last = lines[-1] if lines else f"exit code {done.returncode}"
    return f"copier update failed: {last}"
