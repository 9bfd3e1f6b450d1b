"""The lint pipeline: discover files, read each once, extract facts, run rules, stamp levels.

`run_lint` is the public API other commands use (bootstrap's preflight, tests).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold.errors import ScaffoldError
from scaffold.lint import snapshot
from scaffold.lint.config_file import UNREADABLE, config_source
from scaffold.lint.context.sync_paths import declared_sync_paths, require_directories
from scaffold.lint.facts.loader import no_cyclic_gc
from scaffold.lint.files.discovery import content_keys, discover, flux_source_ignore
from scaffold.lint.files.gitignore import IgnoreRules
from scaffold.lint.files.names import is_yaml
from scaffold.lint.levels import ERROR, OFF, WARNING
from scaffold.lint.snapshot import RunInputs
from scaffold.repository.clusters import find_clusters

if TYPE_CHECKING:
    from scaffold.lint.config import LintConfig
    from scaffold.lint.context.repo import RepoContext
    from scaffold.lint.facts.documents import FileFacts
    from scaffold.lint.model import Finding, Progress, RawFinding
    from scaffold.lint.registry import Rule

# Its checks run in the per-file pass, which skips them when the rule does not run.
SCHEMA_RULE = "schema-violation"


@dataclass
class LintOptions:
    """What a caller may ask of a run, beyond the config file."""

    sync_paths: Sequence[str] = ()
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    config: LintConfig | None = None
    progress: Progress | None = None
    # Processes that parse files (None: one per core); small batches stay in one.
    jobs: int | None = None
    # Reuse the facts of files whose content did not change since the last run, and its
    # findings when nothing they depend on changed.
    cache: bool = True
    # The report must carry every file's facts (--verbose): never only the last findings.
    keep_facts: bool = False
    # Files linted with these bytes instead of the work tree's (`lint - --stdin-filename`);
    # a run with any neither reads nor writes a cache.
    contents: Mapping[str, bytes] = field(default_factory=dict)


@dataclass
class LintReport:
    """The outcome of a run: sorted findings and what was read."""

    root: Path
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    documents: int = 0
    # What was read, per file (for --verbose); never the files' values. Empty when the
    # findings are the last run's (nothing changed), unless the run was asked to keep them.
    facts: Mapping[str, FileFacts] = field(default_factory=dict, repr=False)

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(1 for f in self.findings if f.severity == WARNING)


def check_rule_ids(ids: Iterable[str], flag: str) -> list[str]:
    """Validate rule ids given on the command line."""
    from scaffold.lint.registry import require_rule

    ids = split_rule_ids(ids)
    for rule_id in ids:
        require_rule(rule_id, flag)
    return ids


def split_rule_ids(ids: Iterable[str]) -> list[str]:
    """Rule ids as given: comma-separated, or one per option."""
    return [i.strip() for raw in ids for i in raw.split(",") if i.strip()]


def run_lint(root: Path, options: LintOptions | None = None) -> LintReport:
    """Lint the repository at `root` and return the sorted, stamped findings."""
    options = options or LintOptions()
    root = root.resolve()
    # Facts and findings form no reference cycles worth collecting mid-run; pausing the
    # collector saves it rescanning every loaded fact again and again.
    with no_cyclic_gc():
        return _run(root, options)


def build_context(
    root: Path,
    options: LintOptions,
    config: LintConfig,
    select: Sequence[str] = (),
    ignored: Sequence[str] = (),
) -> RepoContext:
    """The model the rules see: every file's facts (cached) and the repository around them."""
    return _context(_gather(root, options), options, config, select, ignored)


def _gather(root: Path, options: LintOptions) -> RunInputs:
    """What the run reads before any fact or the configuration: the files, their content
    keys, the ignore rules, the clusters the repository's own files declare."""
    discovery = discover(root)
    if options.contents:
        discovery.files = sorted({*discovery.files, *options.contents})
    yaml_files = [p for p in discovery.files if is_yaml(p)]
    clusters = None
    if not options.sync_paths:
        with contextlib.suppress(ScaffoldError):  # reported when the run needs them
            clusters = tuple(sorted({c.sync_path for c in find_clusters(root)}))
    return RunInputs(
        discovery=discovery,
        source_ignore=flux_source_ignore(root),
        keys={} if not options.cache or options.contents else content_keys(discovery, yaml_files),
        clusters=clusters,
    )


def _context(
    inputs: RunInputs,
    options: LintOptions,
    config: LintConfig,
    select: Sequence[str],
    ignored: Sequence[str],
) -> RepoContext:
    # The facts pipeline and the model load here, when a run reads facts: a run that
    # reuses the last findings, or lints an empty repository, never pays for them.
    from scaffold.lint.context.kustomize import without_chart_templates
    from scaffold.lint.context.repo import RepoContext
    from scaffold.lint.context.sync_paths import sync_paths_from_facts
    from scaffold.lint.facts.collect import CollectOptions, collect_facts
    from scaffold.lint.facts.parse import ParseOptions
    from scaffold.lint.facts.pool import default_jobs

    discovery = inputs.discovery
    files = without_chart_templates(_without_excluded(discovery.files, config.exclude))
    parse_options = ParseOptions(
        secret_keys=tuple(config.options.get("inline-secret-value", {}).get("extra_keys", [])),
        max_file_size=config.options["unchecked-file"]["max_file_size"],
        flux_version=config.flux_version,
        check_schemas=_will_run(SCHEMA_RULE, config, select, ignored),
    )
    facts = collect_facts(
        discovery,
        files,
        CollectOptions(
            parse=parse_options,
            rule_options=config.options,
            jobs=options.jobs or default_jobs(),
            use_cache=options.cache and not options.contents,
            progress=options.progress,
            contents=options.contents,
        ),
        inputs.keys if options.cache else None,
    )
    declared = declared_sync_paths(
        discovery.root, options.sync_paths, config.sync_paths, inputs.clusters
    )
    return RepoContext(
        root=discovery.root,
        files=files,
        facts=facts,
        sync_paths=list(declared) if declared is not None else sync_paths_from_facts(facts),
        ignore=discovery.ignore,
        source_ignore=inputs.source_ignore,
        tracked=discovery.tracked,
        options=config.options,
        skipped=_skipped_kept(discovery.skipped, config.exclude),
        flux_version=config.flux_version,
    )


def _run(root: Path, options: LintOptions) -> LintReport:
    inputs = _gather(root, options)
    key = _snapshot_key(root, inputs, options)
    if key is not None and not options.keep_facts:
        # Nothing the findings depend on changed: neither the configuration nor a single
        # fact needs loading (the configuration was valid when they were stored).
        stored = snapshot.load(snapshot.snapshot_path(root), key, root)
        if stored is not None:
            return LintReport(root, stored.findings, stored.files, stored.documents)
    from scaffold.lint.checks import run_rules
    from scaffold.lint.config import load_config
    from scaffold.lint.facts.pool import default_jobs
    from scaffold.lint.model import Finding
    from scaffold.lint.registry import RULES

    config = options.config or load_config(root)
    select = check_rule_ids(options.select, "--select")
    ignored = check_rule_ids(options.ignore, "--ignore")
    ctx = _context(inputs, options, config, select, ignored)
    require_directories(options.sync_paths, config.sync_paths, ctx.is_dir, ctx.files)
    files, facts = ctx.files, ctx.facts
    chosen = [
        rule
        for rule in RULES.values()
        if not (select and rule.id not in select) and rule.id not in ignored
    ]
    findings: list[Finding] = []
    for rule, raws in run_rules(ctx, chosen, options.jobs or default_jobs()):
        findings.extend(_stamp(rule, raw, config) for raw in raws)
    kept = sorted(
        (f for f in findings if f.severity != OFF and _is_reported(f, facts)),
        key=Finding.sort_key,
    )
    report = LintReport(
        root=root,
        findings=kept,
        files=len(files),
        documents=sum(len(f.documents) for f in facts.values()),
        facts=facts,
    )
    if key is not None:
        snapshot.save(
            snapshot.snapshot_path(root),
            key,
            ctx.probes,
            snapshot.Snapshot(kept, report.files, report.documents),
        )
    return report


def _snapshot_key(root: Path, inputs: RunInputs, options: LintOptions) -> str | None:
    """The key of this run's findings, or None when it may neither reuse nor keep them."""
    if not options.cache or options.config is not None or options.contents:
        return None
    if not options.sync_paths and inputs.clusters is None:
        return None  # the clusters could not be read: the run will say why
    config = config_source(root)
    if config is UNREADABLE:
        return None  # the run reports why the configuration cannot be read
    return snapshot.run_key(
        inputs,
        config,
        split_rule_ids(options.select),
        split_rule_ids(options.ignore),
        options.sync_paths,
    )


def _will_run(
    rule_id: str, config: LintConfig, select: Sequence[str], ignored: Sequence[str]
) -> bool:
    """Whether the run reports `rule_id`: so the per-file pass can skip work only it needs."""
    selected = not select or rule_id in select
    return selected and rule_id not in ignored and config.level(rule_id) != OFF


def _stamp(rule: Rule, raw: RawFinding, config: LintConfig) -> Finding:
    from scaffold.lint.model import Finding

    severity = config.level(rule.id) or raw.level or rule.default_level
    return Finding(
        rule=rule.id,
        severity=severity,
        path=raw.path,
        line=raw.line,
        column=raw.column,
        message=raw.message,
        hint=raw.hint,
        fixable=bool(raw.fixes),
        fixes=raw.fixes,
    )


def _is_reported(finding: Finding, facts: Mapping[str, FileFacts]) -> bool:
    from scaffold.lint.facts.suppress import is_suppressed

    file_facts = facts.get(finding.path)
    if file_facts is None:
        return True
    doc = file_facts.document_at(finding.line)
    index = doc.index if doc is not None else None
    return not is_suppressed(finding.rule, finding.line, index, file_facts.suppressions)


def _without_excluded(files: list[str], patterns: Sequence[str]) -> list[str]:
    if not patterns:
        return files
    rules = IgnoreRules()
    rules.add("", patterns)
    return [p for p in files if not rules.is_ignored(p)]


def _skipped_kept(
    skipped: list[tuple[str, str, str]], patterns: Sequence[str]
) -> list[tuple[str, str, str]]:
    kept = set(_without_excluded([path for path, _, _ in skipped], patterns))
    return [entry for entry in skipped if entry[0] in kept]
