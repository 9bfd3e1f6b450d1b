"""Where this installation came from, and so where a generated repository installs the tool from.

A release installed from a package index is installed from the index again (CI's
`pip install "gitops-scaffold==X.Y.Z"`, pre-commit `rev: vX.Y.Z`). Anything else (a
wheel built from a clone, `pip install .`, an editable checkout) is installed from
the Git source that holds its exact commit: `gitops-scaffold @ git+<source>@<commit>`
and `rev: <commit>`. A wheel knows its checkout from scaffold/_origin.json
(hatch_build.py); a checkout is asked live.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import scaffold
from scaffold import proc, settings
from scaffold.errors import ScaffoldError, UsageError
from scaffold.git import READ_ONLY
from scaffold.origin import ORIGIN_FILE, checkout_origin

BUNDLE = "_bundle"  # where a wheel carries the template (pyproject's force-include)


@dataclass(frozen=True)
class Provenance:
    """A Git source, the exact commit there, its release tag (or ""), and how pip got it."""

    source: str
    commit: str
    tag: str
    from_index: bool

    @property
    def release(self) -> bool:
        """Whether generated repositories install this very release from the package index."""
        return self.from_index and bool(self.tag)

    @property
    def revision(self) -> str:
        """The `_commit` answers record: the tag when there is one, as `git describe` says."""
        return self.tag or self.commit

    @property
    def install_rev(self) -> str:
        """The revision CI and pre-commit install: the release tag, else the exact commit."""
        return self.tag if self.release else self.commit

    def template_data(self) -> dict[str, object]:
        """The template's hidden answers that say where CI and pre-commit install from."""
        return {
            "scaffold_repo_url": self.source,
            "scaffold_rev": self.install_rev,
            "scaffold_from_index": self.release,
        }


def of_template(root: Path) -> Provenance:
    """The provenance of the bundled template at `root`: a wheel's `_bundle`, or a checkout."""
    if root.name == BUNDLE:
        package = root.parent
        origin = _recorded(package / ORIGIN_FILE)
        from_index = installed_from_index(package)
    else:
        origin, from_index = _live(root), False
    release_tag = f"v{scaffold.__version__}"
    if origin is None:  # a wheel built without Git (from an unpacked sdist): only its release
        return Provenance(git_source(settings.template_url()), release_tag, release_tag, True)
    tag = origin["tag"]
    if from_index and tag:
        source = settings.template_url()  # the project's own home, not the builder's remote
    else:
        source = os.environ.get(settings.TEMPLATE_URL_ENV) or origin["source"]
    return Provenance(git_source(source), origin["commit"], tag, from_index)


def installed_from_index(package: Path) -> bool:
    """Whether pip installed this package from an index (PEP 610: no direct_url.json)."""
    try:
        dist = metadata.distribution(settings.PACKAGE)
    except metadata.PackageNotFoundError:
        return False
    if Path(str(dist.locate_file("scaffold/__init__.py"))).resolve().parent != package:
        return False  # another copy is installed; this one runs from elsewhere
    # pip records direct_url.json for a path, a wheel file, a VCS URL or an editable install.
    return dist.read_text("direct_url.json") is None


def git_source(source: str) -> str:
    """`source` as Git, pip and Copier all accept it: a local bare repository as a file URL.

    Copier reads a local path as a work tree (and fails inside a bare repository), and
    takes a URL for a repository only when it ends in `.git`.
    """
    path = Path(source)
    if "://" in source or not path.is_absolute() or not path.is_dir():
        return source
    done = proc.run(["git", *READ_ONLY, "rev-parse", "--is-bare-repository"], cwd=path, check=False)
    if done.returncode != 0 or done.stdout.strip() != "true":
        return source
    if path.name.endswith(".git"):
        return path.resolve().as_uri()
    raise UsageError(
        f"{source} is a bare Git repository whose name does not end in .git, which Copier "
        "cannot read",
        hint=f"pass a clone of it (`git clone {source} DIR`, then DIR), or rename it NAME.git",
    )


def pip_url(source: str) -> str:
    """The `git+` URL pip installs `source` from (copier.yml's scaffold_requirement agrees).

    A local repository gets the host `localhost`: pip before 23.3 refuses `git+file:///`.
    """
    if source.startswith("git+"):
        return source
    if source.startswith("/"):
        return f"git+file://localhost{source}"
    if source.startswith("file:///"):
        return f"git+file://localhost/{source.removeprefix('file:///')}"
    if "://" in source:
        return f"git+{source}"
    host, _, path = source.partition(":")  # scp-like user@host:path
    return f"git+ssh://{host}/{path}"


def _recorded(path: Path) -> dict[str, str] | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScaffoldError(
            f"{path} is unreadable ({exc})", hint="reinstall gitops-scaffold"
        ) from None
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k), str) for k in ("source", "commit", "tag")
    ):
        raise ScaffoldError(f"{path} is not an origin record", hint="reinstall gitops-scaffold")
    return {k: data[k] for k in ("source", "commit", "tag")}


def _live(root: Path) -> dict[str, str] | None:
    if not (root / ".git").exists():
        return None

    def git(args: list[str]) -> str | None:
        done = proc.run(["git", *READ_ONLY, *args], cwd=root, check=False)
        return done.stdout.strip() if done.returncode == 0 else None

    return checkout_origin(root, scaffold.__version__, git)
