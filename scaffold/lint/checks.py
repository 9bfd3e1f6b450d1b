"""Running the rules over a repository's context: in this process, or on two cores.

On a large repository the rules take a second or more after every file is parsed,
on one core while the other idles. With several cores, the model every rule shares
(kustomize builds, the Flux graph, the object indexes) is built once, then a forked
process runs every other rule on its copy-on-write view of the context while this
one runs the rest. Each rule's findings come back in the registry's order, so the
report is the same whichever process ran which rule; the work-tree questions the
child's rules asked, and the summaries they gave, come back too, for the run's snapshot.
The clusters a rule reads the rendering of are rendered first, once for all such rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from scaffold.lint.registry import Rule
    from scaffold.model.findings import RawFinding
    from scaffold.model.repo import RepoContext

# Below this many files, or this many rules, the rules finish before a fork would pay.
PARALLEL_MIN_FILES = 2_000
PARALLEL_MIN_RULES = 6

# The context the forked process reads: set just before the fork, cleared after.
_SHARED: RepoContext | None = None


def run_rules(
    ctx: RepoContext, rules: Sequence[Rule], jobs: int
) -> list[tuple[Rule, list[RawFinding]]]:
    """Each rule with its raw findings, in the order of `rules`."""
    _render_once(ctx, rules)
    small = jobs < 2 or len(rules) < PARALLEL_MIN_RULES or len(ctx.files) < PARALLEL_MIN_FILES
    pool_context = None if small else _fork_context()
    if pool_context is None:
        return [(rule, list(rule.check(ctx))) for rule in rules]
    from concurrent.futures import ProcessPoolExecutor  # only large runs pay for it
    from concurrent.futures.process import BrokenProcessPool

    from scaffold.model.facts.pool import ignore_sigint, stop_now

    _build_shared_model(ctx)
    mine, theirs = list(rules[0::2]), list(rules[1::2])
    global _SHARED
    _SHARED = ctx
    try:
        # An executor, not a Pool: a Pool waits forever for a task whose process died
        # (killed for memory, say); an executor says the process is gone.
        executor = ProcessPoolExecutor(1, mp_context=pool_context, initializer=ignore_sigint)
        try:
            pending = executor.submit(_check_in_child, [rule.id for rule in theirs])
            found = {rule.id: list(rule.check(ctx)) for rule in mine}
            try:
                child_found, probes, summaries = pending.result()
            except BrokenProcessPool:  # the process died: its rules run here instead
                child_found = {rule.id: list(rule.check(ctx)) for rule in theirs}
                probes, summaries = {}, {}
        except BaseException:  # interrupted or failed: the child's rules are not waited for
            stop_now(executor)
            raise
        executor.shutdown()
    finally:
        _SHARED = None
    found.update(child_found)
    for question, answer in probes.items():
        ctx.probes.setdefault(question, answer)
    ctx.summaries.update(summaries)
    return [(rule, found[rule.id]) for rule in rules]


def _render_once(ctx: RepoContext, rules: Sequence[Rule]) -> None:
    """Render, in one pass, every cluster any of the rules reads the rendering of: each rule
    then finds its clusters rendered (ctx.rendered), in this process or a forked one."""
    wanted = [c for rule in rules if rule.rendered_clusters for c in rule.rendered_clusters(ctx)]
    if wanted:
        ctx.rendered(wanted)


def _build_shared_model(ctx: RepoContext) -> None:
    """What most rules read, built before the fork so that neither process builds it twice."""
    ctx.layout  # noqa: B018  (cached properties, computed for their side effect)
    ctx.graph  # noqa: B018
    ctx.references  # noqa: B018
    ctx.builds.build_everything()
    for flux_only, kustomizations in ((True, False), (False, False), (True, True)):
        ctx.documents(flux_only=flux_only, kustomizations=kustomizations)


def _check_in_child(
    rule_ids: list[str],
) -> tuple[dict[str, list[RawFinding]], dict[str, bool], dict[str, str]]:
    from scaffold.lint.registry import RULES

    ctx = _SHARED
    assert ctx is not None, "the context is set before the fork"
    known = dict(ctx.probes)
    found = {rule_id: list(RULES[rule_id].check(ctx)) for rule_id in rule_ids}
    asked = {q: a for q, a in ctx.probes.items() if q not in known}
    return found, asked, {r: ctx.summaries[r] for r in rule_ids if r in ctx.summaries}


def _fork_context() -> BaseContext | None:
    """A process context that forks (shares the built context), or None where none does."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")
