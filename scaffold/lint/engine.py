"""The lint pipeline: discover files, read each once, extract facts, run rules, stamp levels.

`run_lint` is the public API other commands use (bootstrap's preflight, tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scaffold.lint import snapshot
from scaffold.lint.config import LintConfig, load_config
from scaffold.lint.context.kustomize import without_chart_templates
from scaffold.lint.context.repo import RepoContext
from scaffold.lint.context.sync_paths import declared_sync_paths, sync_paths_from_facts
from scaffold.lint.facts.collect import CollectOptions, collect_facts, content_keys
from scaffold.lint.facts.documents import FileFacts
from scaffold.lint.facts.loader import no_cyclic_gc
from scaffold.lint.facts.parse import ParseOptions, is_yaml
from scaffold.lint.facts.pool import default_jobs
from scaffold.lint.facts.suppress import is_suppressed
from scaffold.lint.files.discovery import discover, flux_source_ignore
from scaffold.lint.files.gitignore import IgnoreRules
from scaffold.lint.model import ERROR, OFF, WARNING, Finding, Progress, RawFinding
from scaffold.lint.registry import RULES, Rule, require_rule
from scaffold.lint.snapshot import RunInputs

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
    ids = [i.strip() for raw in ids for i in raw.split(",") if i.strip()]
    for rule_id in ids:
        require_rule(rule_id, flag)
    return ids


def run_lint(root: Path, options: LintOptions | None = None) -> LintReport:
    """Lint the repository at `root` and return the sorted, stamped findings."""
    options = options or LintOptions()
    root = root.resolve()
    config = options.config or load_config(root)
    select = check_rule_ids(options.select, "--select")
    ignored = check_rule_ids(options.ignore, "--ignore")
    # Facts and findings form no reference cycles worth collecting mid-run; pausing the
    # collector saves it rescanning every loaded fact again and again.
    with no_cyclic_gc():
        return _run(root, options, config, select, ignored)


def build_context(
    root: Path,
    options: LintOptions,
    config: LintConfig,
    select: Sequence[str] = (),
    ignored: Sequence[str] = (),
) -> RepoContext:
    """The model the rules see: every file's facts (cached) and the repository around them."""
    return _context(_gather(root, options, config), options, config, select, ignored)


def _gather(root: Path, options: LintOptions, config: LintConfig) -> RunInputs:
    """What the run reads before any fact: the files, their content keys, the ignore rules."""
    discovery = discover(root)
    files = without_chart_templates(_without_excluded(discovery.files, config.exclude))
    keys = content_keys(discovery, [p for p in files if is_yaml(p)]) if options.cache else {}
    return RunInputs(
        discovery=discovery,
        files=files,
        source_ignore=flux_source_ignore(root),
        keys=keys,
        declared_sync_paths=declared_sync_paths(root, options.sync_paths, config.sync_paths),
    )


def _context(
    inputs: RunInputs,
    options: LintOptions,
    config: LintConfig,
    select: Sequence[str],
    ignored: Sequence[str],
) -> RepoContext:
    discovery = inputs.discovery
    parse_options = ParseOptions(
        secret_keys=tuple(config.options.get("inline-secret-value", {}).get("extra_keys", [])),
        max_file_size=config.options["unchecked-file"]["max_file_size"],
        flux_version=config.flux_version,
        check_schemas=_will_run(SCHEMA_RULE, config, select, ignored),
    )
    facts = collect_facts(
        discovery,
        inputs.files,
        CollectOptions(
            parse=parse_options,
            rule_options=config.options,
            jobs=options.jobs or default_jobs(),
            use_cache=options.cache,
            progress=options.progress,
        ),
        inputs.keys if options.cache else None,
    )
    declared = inputs.declared_sync_paths
    return RepoContext(
        root=discovery.root,
        files=list(inputs.files),
        facts=facts,
        sync_paths=list(declared) if declared is not None else sync_paths_from_facts(facts),
        ignore=discovery.ignore,
        source_ignore=inputs.source_ignore,
        tracked=discovery.tracked,
        options=config.options,
        skipped=_skipped_kept(discovery.skipped, config.exclude),
        flux_version=config.flux_version,
    )


def _run(
    root: Path,
    options: LintOptions,
    config: LintConfig,
    select: Sequence[str],
    ignored: Sequence[str],
) -> LintReport:
    inputs = _gather(root, options, config)
    key = None
    if options.cache:
        key = snapshot.run_key(inputs, config, select, ignored, options.sync_paths)
        stored = (
            None if options.keep_facts else snapshot.load(snapshot.snapshot_path(root), key, root)
        )
        if stored is not None:
            return LintReport(
                root=root,
                findings=stored.findings,
                files=len(inputs.files),
                documents=stored.documents,
            )
    ctx = _context(inputs, options, config, select, ignored)
    files, facts = ctx.files, ctx.facts
    findings: list[Finding] = []
    for rule in RULES.values():
        if (select and rule.id not in select) or rule.id in ignored:
            continue
        findings.extend(_stamp(rule, raw, config) for raw in rule.check(ctx))
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
        snapshot.save(snapshot.snapshot_path(root), key, ctx.probes, kept, report.documents)
    return report


def _will_run(
    rule_id: str, config: LintConfig, select: Sequence[str], ignored: Sequence[str]
) -> bool:
    """Whether the run reports `rule_id`: so the per-file pass can skip work only it needs."""
    selected = not select or rule_id in select
    return selected and rule_id not in ignored and config.level(rule_id) != OFF


def _stamp(rule: Rule, raw: RawFinding, config: LintConfig) -> Finding:
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
