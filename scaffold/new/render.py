"""Rendering the Copier template: the only module that imports copier.

The installed package carries the template (copier.yml + templates/), so `new`
works offline. Renders of that bundle record the template's Git source and
release tag in the answers file, exactly as Copier writes them when it copies
that tag, so a later plain `copier update` pulls newer releases from Git.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

import scaffold
from scaffold import proc, settings, yamlfile
from scaffold.errors import ScaffoldError, UsageError

TEMPLATE_FILES = ("copier.yml", "templates")
BUNDLE = "_bundle"  # where a wheel carries the template (pyproject's force-include)


def bundled_template() -> Path:
    """The directory holding the bundled copier.yml and templates/."""
    package = Path(scaffold.__file__).resolve().parent
    for candidate in (package / BUNDLE, package.parent):
        if (candidate / "copier.yml").is_file() and (candidate / "templates").is_dir():
            return candidate
    raise ScaffoldError(
        "the bundled template is missing from this installation",
        hint="reinstall gitops-scaffold, or pass --template with a template source",
    )


def release_tag() -> str:
    """The Git tag of the template release matching this package version."""
    return f"v{scaffold.__version__}"


def template_revision() -> str:
    """The revision a render of the bundled template records as `_commit`.

    An installed package carries the template of its release: that release's tag.
    Run from a Git checkout, the template is whatever that checkout holds: its
    `git describe`, as Copier records it, never a tag the checkout is not at.
    """
    root = bundled_template()
    if root.name == BUNDLE or not (root / ".git").exists():
        return release_tag()
    done = proc.run(["git", "describe", "--tags", "--always"], cwd=root, check=False)
    revision = done.stdout.strip()
    if done.returncode != 0 or not revision:
        raise ScaffoldError(
            f"cannot tell which revision of the template {root} holds",
            hint="run from a checkout git can describe, or from an installed release",
        )
    return revision


def template_questions(template_root: Path) -> dict[str, Any]:
    """The questions of a template's copier.yml (settings starting with `_` left out)."""
    data = yamlfile.load(template_root / "copier.yml", error=ScaffoldError) or {}
    return {k: v for k, v in data.items() if not k.startswith("_")}


def render(
    dest: Path,
    *,
    data: Mapping[str, Any],
    answers_file: str,
    defaults: Mapping[str, Any] | None = None,
    template: str | None = None,
    vcs_ref: str | None = None,
    interactive: bool = False,
) -> None:
    """Render the template into the empty directory `dest`.

    `data` answers questions outright; `defaults` only change their defaults
    (asked again with --interactive). With `template` None the bundled template
    is used and the answers file is rewritten to point at the template's Git
    source and release tag.
    """
    import copier  # lazy: copier costs ~0.4 s to import
    import jinja2

    if template is not None and (Path(template) / "copier.yml").is_file():
        # Copier's own loader recurses: bound the local template's file with ours first.
        yamlfile.load(Path(template) / "copier.yml", error=ScaffoldError)
    with tempfile.TemporaryDirectory(prefix="gitops-scaffold-template-") as staging:
        src = template if template is not None else _stage_bundle(Path(staging))
        try:
            copier.run_copy(
                src,
                dest,
                data={**_source_answers(template), **data},
                user_defaults=dict(defaults or {}),
                answers_file=answers_file,
                vcs_ref=vcs_ref,
                defaults=not interactive,
                overwrite=True,
                quiet=True,
                unsafe=False,
                cleanup_on_error=False,
            )
        except ValueError as exc:
            raise UsageError(_first_line(exc), hint="fix the answer and run again") from exc
        except copier.errors.InteractiveSessionError as exc:
            raise UsageError(
                "--interactive needs a terminal to ask the questions on",
                hint="drop --interactive and give the answers with --data KEY=VALUE "
                "or --data-file FILE",
            ) from exc
        except copier.errors.CopierError as exc:
            raise ScaffoldError(
                f"copier could not render the template: {_first_line(exc)}"
            ) from exc
        except jinja2.TemplateError as exc:
            raise ScaffoldError(
                f"the template is broken: {_template_error(exc)}",
                hint="fix the template (Jinja syntax; the sandbox forbids attributes such as "
                "__class__), or render the bundled one by leaving out --template",
            ) from None
        except (OverflowError, RecursionError, MemoryError) as exc:
            raise ScaffoldError(
                f"the template is broken: it asks too much ({type(exc).__name__}: "
                f"{_first_line(exc)})",
                hint="fix the template, or render the bundled one by leaving out --template",
            ) from None
    if template is None:
        _point_answers_at_release(dest / answers_file)


def _source_answers(template: str | None) -> dict[str, Any]:
    # A bundle render records the template's Git source: the pre-commit hook comes from there.
    return {} if template is not None else {"scaffold_repo_url": settings.template_url()}


def _template_error(exc: Exception) -> str:
    """`file:line: message` of a Jinja error, as far as Jinja knows them."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    where = f"{name}:{line}: " if name and line else f"{name}: " if name else ""
    return where + _first_line(exc)


def read_answers(path: Path) -> dict[str, Any]:
    """The answers a render recorded (empty when the template writes no answers file)."""
    if not path.is_file():
        return {}
    data = yamlfile.load(path, error=ScaffoldError)
    return data if isinstance(data, dict) else {}


def _stage_bundle(staging: Path) -> str:
    # A plain copy, so the render never depends on the state of a source checkout.
    root = bundled_template()
    shutil.copy2(root / "copier.yml", staging / "copier.yml")
    shutil.copytree(root / "templates", staging / "templates")
    return str(staging)


def _point_answers_at_release(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    source = yaml.safe_dump({"_src_path": settings.template_url()}, default_flow_style=False)
    commit = yaml.safe_dump({"_commit": template_revision()}, default_flow_style=False)
    text = re.sub(r"^_commit: .*\n", "", text, flags=re.MULTILINE)
    text, count = re.subn(r"^_src_path: .*\n", lambda _: commit + source, text, flags=re.MULTILINE)
    if count != 1:
        raise ScaffoldError(f"{path.name}: the rendered answers file has no _src_path")
    path.write_text(text, encoding="utf-8")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
