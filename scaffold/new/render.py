"""Rendering the Copier template: the only module that imports copier.

The installed package carries the template (copier.yml + templates/), so `new`
works offline. Renders of that bundle record where this copy came from
(provenance.py): the Git source and the revision there, exactly as Copier writes
them when it copies that revision, so a later `copier update` finds it.
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
from scaffold import yamlfile
from scaffold.errors import ScaffoldError, UsageError
from scaffold.new import provenance

TEMPLATE_FILES = ("copier.yml", "templates")
BUNDLE = provenance.BUNDLE


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
    origin = provenance.of_template(bundled_template()) if template is None else None
    with tempfile.TemporaryDirectory(prefix="gitops-scaffold-template-") as staging:
        src = template if template is not None else _stage_bundle(Path(staging))
        try:
            copier.run_copy(
                src,
                dest,
                data={**(origin.template_data() if origin else {}), **data},
                user_defaults=dict(defaults or {}),
                answers_file=answers_file,
                vcs_ref=vcs_ref,
                defaults=not interactive,
                overwrite=True,
                quiet=True,
                unsafe=False,
                cleanup_on_error=False,
            )
        except KeyboardInterrupt:
            # Ctrl-C at a question: Copier wraps it in an error holding every answer so far.
            raise KeyboardInterrupt from None
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
    if origin is not None:
        _point_answers_at(dest / answers_file, origin)


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


def _point_answers_at(path: Path, origin: provenance.Provenance) -> None:
    text = path.read_text(encoding="utf-8")
    source = yaml.safe_dump({"_src_path": origin.source}, default_flow_style=False)
    commit = yaml.safe_dump({"_commit": origin.revision}, default_flow_style=False)
    text = re.sub(r"^_commit: .*\n", "", text, flags=re.MULTILINE)
    text, count = re.subn(r"^_src_path: .*\n", lambda _: commit + source, text, flags=re.MULTILINE)
    if count != 1:
        raise ScaffoldError(f"{path.name}: the rendered answers file has no _src_path")
    path.write_text(text, encoding="utf-8")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
