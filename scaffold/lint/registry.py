"""Every lint rule, one explicit line each, in the order `rules` lists them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, cast

from scaffold.errors import ScaffoldError, UsageError
from scaffold.lint.rule_ids import closest_rule
from scaffold.lint.rules import (
    dangling_depends_on,
    dangling_source_ref,
    dependency_cycle,
    deprecated_api_version,
    deprecated_patch_api_version,
    duplicate_key,
    duplicate_resource,
    file_naming,
    gitignore_sealed_ignored,
    gitignore_values_not_ignored,
    inline_secret_value,
    invalid_resource_name,
    invalid_yaml,
    kubernetes_schema_violation,
    misplaced_manifest,
    missing_flux_path,
    missing_helm_dir,
    missing_kustomization_entry,
    not_a_manifest,
    plaintext_secret,
    plaintext_values_committed,
    removed_kubernetes_api,
    schema_violation,
    sealed_secret_naming,
    sops_plaintext_value,
    sync_path_mismatch,
    unbuildable_kustomization,
    unchecked_file,
    undefined_substitution,
    unknown_rule_in_suppression,
    unpinned_chart_version,
    unresolved_source_ref,
    unresolved_values_from,
)
from scaffold.model.findings import RawFinding

if TYPE_CHECKING:
    from scaffold.model.repo import RepoContext

RULE_MODULES: tuple[ModuleType, ...] = (
    invalid_yaml,
    unchecked_file,
    duplicate_key,
    not_a_manifest,
    missing_helm_dir,
    gitignore_values_not_ignored,
    gitignore_sealed_ignored,
    plaintext_values_committed,
    plaintext_secret,
    sops_plaintext_value,
    inline_secret_value,
    sealed_secret_naming,
    misplaced_manifest,
    file_naming,
    unresolved_source_ref,
    unresolved_values_from,
    deprecated_api_version,
    schema_violation,
    kubernetes_schema_violation,
    removed_kubernetes_api,
    duplicate_resource,
    sync_path_mismatch,
    unpinned_chart_version,
    unknown_rule_in_suppression,
    missing_kustomization_entry,
    missing_flux_path,
    unbuildable_kustomization,
    dangling_source_ref,
    dangling_depends_on,
    dependency_cycle,
    undefined_substitution,
    invalid_resource_name,
    deprecated_patch_api_version,
)


class Rule:
    """A rule module seen through its declared attributes."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self.id: str = module.ID
        self.default_level: str = module.DEFAULT_LEVEL
        self.fixable: bool = module.FIXABLE
        self.options: dict[str, tuple[type, object]] = module.OPTIONS
        self.summary: str = module.SUMMARY
        # Speaks about what a cluster does with objects: silent on files no cluster applies.
        self.applied_only: bool = getattr(module, "APPLIED_ONLY", False)
        # The clusters whose rendering the rule reads (ctx.rendered), rendered for every
        # rule at once before any runs.
        self.rendered_clusters: Callable[[RepoContext], list[str]] | None = getattr(
            module, "rendered_clusters", None
        )
        self.doc: str = (module.__doc__ or "").strip()

    def check(self, ctx: RepoContext) -> Iterator[RawFinding]:
        """Run the rule over the repository."""
        checker = cast("Callable[[RepoContext], Iterator[RawFinding]]", self.module.check)
        return checker(ctx)


RULES: dict[str, Rule] = {m.ID: Rule(m) for m in RULE_MODULES}
unknown_rule_in_suppression.KNOWN_IDS = frozenset(RULES)


def get_rule(rule_id: str) -> Rule | None:
    """The rule with `rule_id`, or None."""
    return RULES.get(rule_id)


def require_rule(rule_id: str, where: str, error: type[ScaffoldError] = UsageError) -> Rule:
    """The rule with `rule_id`; else `error` naming `where` and the id it probably meant."""
    rule = RULES.get(rule_id)
    if rule is None:
        close = closest_rule(rule_id, RULES)
        hint = f"did you mean `{close}`? " if close else ""
        raise error(
            f"{where}: unknown rule `{rule_id}`",
            hint + "run `gitops-scaffold rules` to list the rule ids",
        )
    return rule
