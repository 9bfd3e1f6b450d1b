"""Answers given on the command line: parsing and injection checks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from scaffold.errors import UsageError
from scaffold.repository.clusters import URL_ANSWERS, Cluster
from scaffold.repository.urls import refuse_credentials

# Answers end up in YAML, Markdown and shell lines: refuse what could escape any of them.
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f]|\{\{|\{%|\{#|%\}|\}\}|#\}")
_KEY = re.compile(r"[a-z_][a-z0-9_]*")
# Answers a second cluster inherits from the first unless given again.
SHARED_ANSWERS = (
    "git_provider",
    "owner",
    "repository",
    "branch",
    "personal",
    "private",
    "hostname",
    "git_url",
)
REPOSITORY_NAME = re.compile(r"[A-Za-z0-9._-]+")
# The spellings of a yes/no answer; Copier would read anything else as yes or no too.
YES = ("true", "yes", "y", "on", "1")
NO = ("false", "no", "n", "off", "0")


def parse_data(items: Iterable[str]) -> dict[str, str]:
    """Turn `KEY=VALUE` strings into a dict, rejecting malformed or unsafe entries."""
    data: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not _KEY.fullmatch(key):
            shown = repr(item) if not sep and "@" not in item else "item"  # may hold a secret
            raise UsageError(
                f"--data {shown} is not KEY=VALUE",
                hint="write answers as --data owner=acme (keys: lowercase letters, digits, _)",
            )
        if key.startswith("_"):
            raise UsageError(f"--data {key}: keys starting with `_` are Copier's own settings")
        check_answer(key, value)
        data[key] = value
    return data


def parse_data_file(path: Path) -> dict[str, str]:
    """The answers in a YAML file of `key: value` lines, checked as `--data` answers are."""
    from scaffold import yamlfile

    hint = "write one `key: value` line per answer, such as `owner: acme`"
    loaded = yamlfile.load(path, error=UsageError, hint=hint, source=str(path))
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise UsageError(f"{path}: the answers must be a mapping of key: value", hint=hint)
    data: dict[str, str] = {}
    for key, value in loaded.items():
        if not isinstance(key, str) or not _KEY.fullmatch(key) or key.startswith("_"):
            raise UsageError(f"{path}: {str(key)[:40]!r} is not an answer key", hint=hint)
        if isinstance(value, bool):
            data[key] = "true" if value else "false"
        elif isinstance(value, (str, int, float)):
            data[key] = str(value)
        else:
            raise UsageError(f"{path}: the answer {key!r} is not a single value", hint=hint)
        check_answer(key, data[key])
    return data


def check_answer(key: str, value: str) -> None:
    """Raise UsageError when `value` holds control characters, template syntax or credentials."""
    if key in URL_ANSWERS:
        refuse_credentials(value, f"answer {key}")
    if _FORBIDDEN.search(value):
        raise UsageError(
            f"answer {key!r} holds a control character or template syntax",
            hint="answers are plain text: no newlines, NUL, `{{`, `{%` or `{#`",
        )


def check_answers(answers: dict[str, object]) -> None:
    """Refuse answers (typed at a prompt, given, or a template's default) with credentials."""
    for key in URL_ANSWERS:
        value = answers.get(key)
        if isinstance(value, str):
            refuse_credentials(value, f"answer {key}")


def cluster_answers(
    sync_path: str, given: dict[str, str], dest: Path, clusters: list[Cluster]
) -> tuple[dict[str, object], dict[str, object]]:
    """The answers for a new cluster, as (fixed answers, defaults a user may still change).

    Defaults come from the first cluster (owner, provider...) or DEST's name; the
    fixed answers are the given ones, the sync path, and for a further cluster
    `manage_root_files: false`, so root files keep one owner.
    """
    taken = {c.sync_path for c in clusters}
    if sync_path in taken:
        recorded = _answers_file_of(clusters, sync_path)
        raise UsageError(
            f"{dest} already has a cluster at {sync_path}",
            hint=f"update it with `gitops-scaffold update --defaults --sync-path {sync_path}`, "
            "or choose another --sync-path"
            if recorded
            else "choose another --sync-path",
        )
    defaults: dict[str, object] = {}
    data: dict[str, object] = dict(given)
    if clusters:
        first = clusters[0].answers
        defaults.update({k: first[k] for k in SHARED_ANSWERS if first.get(k) not in (None, "")})
        data["manage_root_files"] = False
    elif REPOSITORY_NAME.fullmatch(dest.name):
        defaults["repository"] = dest.name
    data["sync_path"] = sync_path
    for key, value in {**defaults, **data}.items():
        if isinstance(value, str):
            check_answer(key, value)
    return data, defaults


# Answers `new` fixes for good: changing them on update would move or orphan files.
FIXED_ANSWERS = ("sync_path", "manage_root_files")


def changed_answers(items: Iterable[str], template: str | None) -> dict[str, str]:
    """`--data` of `update`: checked as `new` checks it, yes/no spelled as Copier reads it."""
    data = parse_data(items)
    fixed = sorted(set(data) & set(FIXED_ANSWERS))
    if fixed:
        raise UsageError(
            f"--data {fixed[0]} cannot change after `new`",
            hint="lay the cluster out anew with `gitops-scaffold new . --sync-path PATH`",
        )
    if template is None:
        reject_unknown_keys(dict(data))
    checked = yes_no_answers(dict(data), template)
    return {
        key: ("true" if value else "false") if isinstance(value, bool) else str(value)
        for key, value in checked.items()
    }


def reject_unknown_keys(data: dict[str, object]) -> None:
    """Refuse answers the bundled template does not ask."""
    from scaffold.new import render as rendering  # lazy: imports copier

    known = {
        k
        for k, v in rendering.template_questions(rendering.bundled_template()).items()
        if not (isinstance(v, dict) and v.get("when") is False)
    }
    unknown = sorted(set(data) - known)
    if unknown:
        raise UsageError(
            f"unknown answer(s): {', '.join(unknown)}",
            hint=f"the template asks: {', '.join(sorted(known))}",
        )


def yes_no_answers(data: dict[str, object], template: str | None) -> dict[str, object]:
    """`data` with the answers to the template's yes/no questions as booleans.

    A value that is neither yes nor no is refused: Copier would read `maybe` as yes.
    Only a template on this machine (the bundled one, a local path) shows its questions.
    """
    questions = _local_questions(template)
    checked = dict(data)
    for key, value in data.items():
        question = questions.get(key)
        if not isinstance(question, dict) or question.get("type") != "bool":
            continue
        if isinstance(value, str):
            checked[key] = _yes_or_no(key, value)
    return checked


def _yes_or_no(key: str, value: str) -> bool:
    if value.strip().lower() in YES:
        return True
    if value.strip().lower() in NO:
        return False
    shown = repr(value) if len(value) <= 20 and "@" not in value else "(not shown)"
    raise UsageError(
        f"answer {key}={shown} is not yes or no",
        hint=f"answer true or false (yes/no, on/off, 1/0 work too), e.g. --data {key}=false",
    )


def _local_questions(template: str | None) -> dict[str, object]:
    from scaffold.new import render as rendering  # lazy: imports copier

    if template is None:
        return rendering.template_questions(rendering.bundled_template())
    if "://" not in template and (Path(template) / "copier.yml").is_file():
        return rendering.template_questions(Path(template))
    return {}


def absolute_if_local(template: str | None) -> str | None:
    """A local template path made absolute (a bare repository: a file URL); URLs unchanged."""
    from scaffold.new.provenance import git_source

    # Copier stores _src_path as given; a relative path would break later updates.
    if template is not None and "://" not in template and Path(template).exists():
        return git_source(str(Path(template).resolve()))
    return template


def _answers_file_of(clusters: list[Cluster], sync_path: str) -> str | None:
    """The name of the answers file recording the cluster at `sync_path`, if one does."""
    found = next((c.answers_file for c in clusters if c.sync_path == sync_path), None)
    return found.name if found is not None else None
