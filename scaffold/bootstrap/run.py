"""`bootstrap_repository`: preflight, `flux bootstrap`, converge, verify, in that order."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path

from scaffold import proc
from scaffold.bootstrap.command_line import check_target, flux_command, remote_url
from scaffold.bootstrap.converge import check_names, converge
from scaffold.bootstrap.options import BootstrapOptions, BootstrapPlan, resolve, resolve_cluster
from scaffold.bootstrap.preflight import checks, checks_before_writing, run_checks
from scaffold.bootstrap.verify import verify_flux_system
from scaffold.errors import ExternalToolError, ScaffoldError
from scaffold.flux import runner as flux
from scaffold.flux.cluster import FluxCluster
from scaffold.flux.output import check_reason
from scaffold.flux.providers import Provider, parse_provider
from scaffold.reporting import Reporter
from scaffold.repository.clusters import Cluster

# flux's log line once it has pushed a commit (pkg/bootstrap: `✔ committed ... manifests`).
PUSHED = re.compile(r"^✔ committed \w+ manifests to ")


def _dry_run(
    root: Path, target: BootstrapPlan, argv: list[str], skip_lint: bool, out: Reporter
) -> int:
    out.progress("preflight (dry run: nothing is changed)")
    failures = run_checks(checks(root, target, argv, skip_lint), out.progress, keep_going=True)
    out.progress("the bootstrap would run:")
    out.result(flux.shell_command(argv))
    if failures:
        out.progress(f"{len(failures)} check(s) failed; fix them before bootstrapping")
        return 1
    return 0


def _converge_and_verify(
    root: Path, target: BootstrapPlan, options: BootstrapOptions, out: Reporter
) -> list[str]:
    try:
        result = converge(
            root,
            remote_url(target),
            target.branch,
            remote=options.remote,
            push=options.push,
            report=out.progress,
        )
    except ScaffoldError as error:
        error.message = f"flux bootstrap succeeded, but {error.message}"
        if error.hint is None:
            error.hint = (
                "the cluster is bootstrapped; fetch and merge"
                f" the remote's {target.branch} branch into this one by hand"
            )
        raise
    for line in verify_flux_system(root, target):
        out.progress(f"[ok]   verify: {line}")
    return list(result.commands_left)


def _check_installation(cluster: FluxCluster, out: Reporter) -> None:
    done = flux.check(cluster)
    out.stream(done.stderr + done.stdout)
    if done.returncode != 0:
        reason = check_reason(done.stderr + done.stdout)
        raise ExternalToolError(
            done.args, done.returncode,
            message="`flux check` failed after the bootstrap" + (f": {reason}" if reason else ""),
            hint=flux.LOGS_HINT,
        )


def _stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _run_flux(argv: list[str], root: Path, out: Reporter) -> None:
    """Run `flux bootstrap`, remembering whether it pushed before failing."""
    pushed: list[bool] = []

    def sink(text: str) -> None:
        pushed.extend(True for line in text.splitlines() if PUSHED.match(line.strip()))
        out.stream(text)

    try:
        flux.bootstrap(argv, cwd=root, sink=sink)
    except ExternalToolError as error:
        if pushed:
            error.hint = (
                "flux pushed commits to the remote before it failed; fix the cause, then run"
                " the bootstrap again: it continues from them (`git fetch` shows them)"
            )
        raise


def preflight_before_writing(
    answers: Mapping[str, object], provider: str | Provider, options: BootstrapOptions,
    out: Reporter, *, answers_known: bool = True,
) -> None:  # fmt: skip
    """Raise what stops a bootstrap of the cluster `answers` describe, before it is written."""
    chosen = parse_provider(provider)
    cluster = Cluster(str(answers["sync_path"]), None, dict(answers))
    if answers_known:
        target = resolve_cluster(cluster, chosen, options, terminal=_stdin_is_terminal())
        check_target(target)
    else:
        target = BootstrapPlan(
            chosen, cluster.sync_path, "main", url=str(answers.get("git_url") or ""),
            flux_args=options.flux_args, terminal=_stdin_is_terminal(),
        )  # fmt: skip
    out.progress("preflight (before writing anything)")
    try:
        run_checks(checks_before_writing(target, answers_known=answers_known), out.progress,
                   keep_going=False)  # fmt: skip
    except ScaffoldError as error:
        error.hint = f"{error.hint}; nothing was written" if error.hint else "nothing was written"
        raise


def bootstrap_repository(
    root: Path, provider: str | Provider, options: BootstrapOptions, out: Reporter
) -> int:
    """Bootstrap Flux on the current cluster from the repository at `root`; return the exit code."""
    try:
        return _bootstrap(root, parse_provider(provider), options, out)
    except ScaffoldError as error:
        # git and flux errors are quoted into ours; none may carry a token onwards.
        secrets = flux.secrets_in_environment()
        error.message = proc.redact(error.message, secrets)
        error.hint = proc.redact(error.hint, secrets) if error.hint else error.hint
        raise


def _bootstrap(
    root: Path, provider: Provider, options: BootstrapOptions, out: Reporter
) -> int:
    target = resolve(root, provider, options, terminal=_stdin_is_terminal())
    check_target(target)
    check_names(target.branch, options.remote)
    argv = flux_command(target)
    if options.dry_run:
        return _dry_run(root, target, argv, options.skip_lint, out)
    out.progress("preflight")
    run_checks(checks(root, target, argv, options.skip_lint), out.progress, keep_going=False)
    out.progress(f"running: {flux.shell_command(argv)}")
    _run_flux(argv, root, out)
    commands_left = _converge_and_verify(root, target, options, out)
    _check_installation(target.cluster, out)
    if commands_left:
        out.progress("the local branch holds commits the remote lacks; to publish them run:")
        for command in commands_left:
            out.result(command)
    out.progress(f"bootstrap of {target.sync_path} finished")
    return 0
