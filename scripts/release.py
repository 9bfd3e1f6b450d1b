"""Release gitops-scaffold: one step that makes package version, tag and template revision agree.

    python scripts/release.py 1.2.0           # set the version, commit, check, tag v1.2.0
    python scripts/release.py 1.2.0 --check   # only check that HEAD is release 1.2.0

A release is the commit tagged `vX.Y.Z` where scaffold/__init__.py says X.Y.Z and
copier.yml's `scaffold_version` says X.Y.Z: the wheel built from that tag carries
exactly the template Copier finds at that tag, and the pre-commit hook, the CI
install line and `copier update` all name the same release. The checks:

- the work tree is clean (a tag must name what is committed);
- both version strings are X.Y.Z;
- X.Y.Z is newer than every earlier release tag, and `vX.Y.Z` is not taken
  (with --check: it points at HEAD);
- every question of the previous release that is gone is named by a `_migrations`
  entry of copier.yml, so `copier update --trust` carries the old answer over.

Then push the branch and the tag, and publish the wheel built from the tag.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
VERSION = re.compile(r"\d+\.\d+\.\d+")
VERSION_FILES = {
    "scaffold/__init__.py": re.compile(r'^(__version__ = ")([^"]*)(")$', re.M),
    "copier.yml": re.compile(r'^(scaffold_version:\n(?:  .*\n)*?  default: ")([^"]*)(")$', re.M),
}


def git(root: Path, *args: str, check: bool = True) -> str:
    """Run git in `root`; its stdout."""
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def parse(version: str) -> tuple[int, ...]:
    """X.Y.Z as a comparable tuple."""
    return tuple(int(part) for part in version.split("."))


def versions_in_files(root: Path) -> dict[str, str | None]:
    """The version each version file states (None when it states none)."""
    found: dict[str, str | None] = {}
    for rel, pattern in VERSION_FILES.items():
        match = pattern.search((root / rel).read_text(encoding="utf-8"))
        found[rel] = match[2] if match else None
    return found


def set_version(root: Path, version: str) -> list[str]:
    """Write `version` into the version files; the files changed."""
    changed = []
    for rel, pattern in VERSION_FILES.items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        new = pattern.sub(lambda m: f"{m[1]}{version}{m[3]}", text, count=1)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(rel)
    return changed


def release_tags(root: Path) -> list[str]:
    """Every `vX.Y.Z` tag, oldest release first."""
    tags = [t for t in git(root, "tag", "--list", "v*").split() if VERSION.fullmatch(t[1:])]
    return sorted(tags, key=lambda t: parse(t[1:]))


def questions(text: str) -> set[str]:
    """The questions a copier.yml asks (settings starting with `_` left out)."""
    data = yaml.safe_load(text) or {}
    return {k for k in data if not k.startswith("_")}


def unmigrated_questions(root: Path, previous: str) -> list[str]:
    """Questions of release `previous` that copier.yml dropped without a `_migrations` entry."""
    current = (root / "copier.yml").read_text(encoding="utf-8")
    gone = questions(git(root, "show", f"{previous}:copier.yml")) - questions(current)
    migrations = yaml.safe_dump((yaml.safe_load(current) or {}).get("_migrations") or [])
    return sorted(q for q in gone if not re.search(rf"\b{re.escape(q)}\b", migrations))


def problems(root: Path, version: str, *, tagged: bool) -> list[str]:
    """Why HEAD of `root` cannot be (tagged: is not) release `version`."""
    found = []
    if git(root, "status", "--porcelain"):
        found.append("the work tree has uncommitted changes")
    for rel, stated in versions_in_files(root).items():
        if stated != version:
            found.append(f"{rel} says {stated!r}, not {version!r}")
    tag = f"v{version}"
    earlier = [t for t in release_tags(root) if t != tag]
    if tagged:
        if git(root, "rev-parse", "--verify", "--quiet", f"{tag}^{{commit}}", check=False) != (
            git(root, "rev-parse", "HEAD")
        ):
            found.append(f"{tag} does not point at HEAD")
    elif tag in release_tags(root):
        found.append(f"{tag} exists already")
    newer = [t for t in earlier if parse(t[1:]) >= parse(version)]
    if newer:
        found.append(f"{version} is not newer than {newer[-1]}")
    previous = [t for t in earlier if parse(t[1:]) < parse(version)]
    if previous:
        gone = unmigrated_questions(root, previous[-1])
        if gone:
            found.append(
                f"questions of {previous[-1]} are gone without a _migrations entry: "
                + ", ".join(gone)
            )
    return found


def release(root: Path, version: str) -> str:
    """Set the version, commit it, check, tag; the tag made."""
    if git(root, "status", "--porcelain"):
        raise SystemExit("release: commit or stash your changes first")
    changed = set_version(root, version)
    if changed:
        git(root, "commit", "--quiet", "-m", f"Release {version}", "--", *changed)
    found = problems(root, version, tagged=False)
    if found:
        raise SystemExit("release: " + "; ".join(found))
    tag = f"v{version}"
    git(root, "tag", "--annotate", "--message", f"gitops-scaffold {version}", tag)
    return tag


def main(argv: list[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", help="X.Y.Z")
    parser.add_argument("--check", action="store_true", help="only check HEAD is the release")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not VERSION.fullmatch(args.version):
        parser.error(f"{args.version!r} is not X.Y.Z")
    if args.check:
        found = problems(args.root, args.version, tagged=True)
        for line in found:
            print(f"release {args.version}: {line}", file=sys.stderr)
        return 1 if found else 0
    tag = release(args.root, args.version)
    print(f"tagged {tag}; now `git push origin HEAD {tag}` and publish the wheel built from it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
