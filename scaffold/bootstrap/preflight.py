"""The checks run before `flux bootstrap`, in the order users meet the problems.

Each check returns what it found, or raises a ScaffoldError saying what to do.
All of them only read: a dry run runs them all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold import git
from scaffold.bootstrap.command_line import token_variable, url_scheme, uses_token_auth
from scaffold.bootstrap.flux_args import has_flag, switch
from scaffold.bootstrap.options import BootstrapPlan
from scaffold.errors import EnvironmentProblem, ExternalToolError, ScaffoldError, UsageError
from scaffold.flux import runner as flux
from scaffold.flux.cluster import FluxCluster
from scaffold.flux.output import check_reason, upgrade_notice
from scaffold.flux.providers import Provider

# How many lint findings to name in the failure message.
SHOWN_FINDINGS = 3
# The schemes `flux bootstrap git` accepts (bootstrap_git.go getAuthOpts).
GIT_URL_SCHEMES = ("ssh", "https", "http")


@dataclass(frozen=True)
class Check:
    """One named preflight step."""

    name: str
    run: Callable[[], str]


class Skipped(Exception):
    """A check that cannot run, or need not; its text says why."""


def check_flux(argv: Sequence[str] | None) -> str:
    """The flux binary is on PATH (`argv`: the command it would run, for the hint)."""
    return f"found {flux.require(argv)}"


def check_token(target: BootstrapPlan) -> str:
    """The provider's token variable is set, when flux needs one."""
    variable = token_variable(target)
    if variable is None:
        return "no token needed (an SSH deploy key, no --token-auth)"
    if not os.environ.get(variable):
        raise EnvironmentProblem(
            f"{variable} is not set; flux bootstrap {target.provider.value} reads its token there",
            hint=f"export {variable}=<token> (a token with write access to the repository)",
        )
    return f"{variable} is set"


def check_transport(target: BootstrapPlan) -> str:
    """flux can reach the repository with this URL, and will not stop to ask about a deploy key."""
    if target.provider is Provider.git:
        check_git_url(target.url, target.flux_args)
    if uses_token_auth(target):
        return "token auth: the cluster pulls over HTTPS with the token (--token-auth)"
    if target.provider is not Provider.git:
        return f"flux registers an SSH deploy key through the {target.provider.value} API"
    if target.terminal or switch(target.flux_args, "--silent"):
        return "SSH deploy key: flux shows the public key and asks you to authorise it"
    if has_flag(target.flux_args, "--private-key-file"):
        return "SSH with the given --private-key-file (--silent: no terminal to confirm it)"
    raise UsageError(
        "flux bootstrap git would generate a deploy key and ask to confirm it,"
        " but stdin is not a terminal",
        hint="use an https:// URL with GIT_PASSWORD, or pass"
        " `-- --private-key-file=KEY` with a key the repository already accepts",
    )


def check_git_url(url: str, flux_args: Sequence[str]) -> None:
    """Refuse URLs `flux bootstrap git` rejects, before anything runs."""
    scheme = url_scheme(url)
    if scheme == "http" and not switch(flux_args, "--allow-insecure-http"):
        raise UsageError(
            f"flux refuses the plain-http URL {url}",
            hint="use https://, or pass `-- --allow-insecure-http` if you accept it",
        )
    if scheme not in GIT_URL_SCHEMES:
        raise UsageError(
            f"flux bootstrap git supports only ssh://, https:// and http:// URLs, not {url}",
            hint="write an scp-like address as ssh://git@host/path/repo.git",
        )


def check_cluster(cluster: FluxCluster) -> str:
    """`flux check --pre` passes against the chosen cluster (default: the current context)."""
    if flux.locate() is None:
        raise Skipped("flux not found")
    done = flux.check(cluster, pre=True)
    output = done.stderr + done.stdout
    if done.returncode != 0:
        reason = check_reason(output)
        raise ExternalToolError(
            done.args,
            done.returncode,
            message="`flux check --pre` failed" + (f": {reason}" if reason else ""),
            hint="check the kube context (`kubectl config current-context`) and cluster version",
        )
    notice = upgrade_notice(output)
    return "flux check --pre passed" + (f" (warning: {notice})" if notice else "")


def check_lint(root: Path, skip: bool) -> str:
    """The repository passes `gitops-scaffold lint` with no errors."""
    if skip:
        raise Skipped("--skip-lint")
    try:
        from scaffold.lint.engine import run_lint  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError as exc:
        raise EnvironmentProblem(
            "the linter is not available in this installation", hint="pass --skip-lint"
        ) from exc
    report = run_lint(root)
    if report.errors:
        errors = [f for f in report.findings if f.severity == "error"][:SHOWN_FINDINGS]
        shown = "; ".join(f"{f.path}:{f.line}: {f.rule}: {f.message}" for f in errors)
        raise ScaffoldError(
            f"lint found {report.errors} error(s): {shown}",
            hint="run `gitops-scaffold lint` and fix them, or pass --skip-lint",
        )
    return "no lint errors"


def check_clean(root: Path) -> str:
    """The working tree is a git repository with a commit and nothing uncommitted."""
    git.require_git()
    head = git.read_only(["rev-parse", "--verify", "--quiet", "HEAD"], root, check=False)
    if head.returncode != 0:
        raise ScaffoldError(
            f"{root} is not a git repository with at least one commit",
            hint="run `git init`, `git add -A` and `git commit` first",
        )
    # --no-optional-locks: a dry run must not even refresh the index.
    status = git.read_only(["--no-optional-locks", "status", "--porcelain"], root)
    dirty = status.stdout.splitlines()
    if dirty:
        raise ScaffoldError(
            f"the working tree has {len(dirty)} uncommitted change(s), e.g. {dirty[0][3:]}",
            hint="commit or stash them; bootstrap merges flux's commits into this branch",
        )
    return "working tree clean"


def checks(root: Path, target: BootstrapPlan, argv: Sequence[str], skip_lint: bool) -> list[Check]:
    """The preflight checks, in order."""
    return [
        Check("flux CLI", lambda: check_flux(argv)),
        Check("transport", lambda: check_transport(target)),
        Check("token", lambda: check_token(target)),
        Check("cluster", lambda: check_cluster(target.cluster)),
        Check("lint", lambda: check_lint(root, skip_lint)),
        Check("git", lambda: check_clean(root)),
    ]


def checks_before_writing(target: BootstrapPlan, *, answers_known: bool) -> list[Check]:
    """The checks that need no repository, which `new --bootstrap` runs before writing one.

    Before an interactive render the answers are not known yet: the transport and a
    `git` URL's token wait for the full preflight.
    """
    steps = [Check("flux CLI", lambda: check_flux(None))]
    if answers_known:
        steps.append(Check("transport", lambda: check_transport(target)))
    if answers_known or target.provider is not Provider.git:
        steps.append(Check("token", lambda: check_token(target)))
    steps.append(Check("cluster", lambda: check_cluster(target.cluster)))
    return steps


def run_checks(
    steps: Sequence[Check], report: Callable[[str], None], *, keep_going: bool
) -> list[ScaffoldError]:
    """Run `steps`, reporting each; stop at the first failure unless `keep_going`."""
    failures: list[ScaffoldError] = []
    for step in steps:
        try:
            found = step.run()
        except Skipped as why:
            report(f"[skip] {step.name}: {why}")
            continue
        except ScaffoldError as error:
            report(f"[fail] {step.name}: {error.message}")
            if not keep_going:
                raise
            failures.append(error)
            continue
        report(f"[ok]   {step.name}: {found}")
    return failures
