"""The lint pipeline: discover files, read each once, extract facts, run rules, stamp levels.

`run_lint` is the public API other commands use (bootstrap's preflight, tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold.lint import snapshot
from scaffold.lint.config_file import CONFIG_FILE, UNREADABLE, config_source
from scaffold.lint.levels import ERROR, OFF, WARNING
from scaffold.model.gc_pause import no_cyclic_gc
from scaffold.model.load import Gathered, ModelOptions, gather
from scaffold.model.source import Source, WorkTree

if TYPE_CHECKING:
    from scaffold.lint.config import LintConfig
    from scaffold.lint.findings import Finding
    from scaffold.lint.registry import Rule
    from scaffold.model.facts.documents import FileFacts
    from scaffold.model.findings import Progress, RawFinding
    from scaffold.model.repo import RepoContext

# Its checks run in the per-file pass, which skips them when the rule does not run.
SCHEMA_RULE = "schema-violation"
KUBERNETES_SCHEMA_RULE = "kubernetes-schema-violation"


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
    # What the model says about how it read the repository (merged sync paths), for stderr
    notes: list[str] = field(default_factory=list)
    # Manifest files no cluster applies (the applied-only rules say nothing of them)
    unapplied: int = 0
    # What rules say of what they checked, one line each (the text format's stderr)
    summaries: list[str] = field(default_factory=list)

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
    source: Source | None = None,
    *,
    documents: bool = False,
) -> RepoContext:
    """The model the rules see: every file's facts (cached) and the repository around them,
    read from `source` (default: the work tree at `root`); with the documents of the files
    parsed, for a caller that renders (`ModelOptions.documents`)."""
    inputs = gather(source or WorkTree(root), _model_options(options))
    return _context(inputs, options, config, select, ignored, documents)


def configured_model(
    root: Path,
    sync_paths: Sequence[str] = (),
    source: Source | None = None,
    *,
    documents: bool = False,
) -> RepoContext:
    """The model of the repository at `root` as lint reads it: its configuration (sync
    paths, exclusions, Flux release) and its cache. What `tree`, `list` and the writers
    that must not break what Flux applies read; `diff` reads two revisions (`source`) so,
    both with the work tree's configuration. `documents`: for a caller that renders."""
    from scaffold.lint.config import load_config

    with no_cyclic_gc():
        return build_context(
            root.resolve(),
            LintOptions(sync_paths=sync_paths),
            load_config(root),
            source=source,
            documents=documents,
        )


def _model_options(
    options: LintOptions,
    config: LintConfig | None = None,
    select: Sequence[str] = (),
    ignored: Sequence[str] = (),
) -> ModelOptions:
    if config is None:
        return ModelOptions(
            sync_paths=options.sync_paths, cache=options.cache, contents=options.contents
        )
    return ModelOptions(
        sync_paths=options.sync_paths,
        configured_sync_paths=config.sync_paths,
        exclude=config.exclude,
        secret_keys=tuple(config.options.get("inline-secret-value", {}).get("extra_keys", [])),
        max_file_size=config.options["unchecked-file"]["max_file_size"],
        flux_version=config.flux_version,
        check_schemas=_will_run(SCHEMA_RULE, config, select, ignored),
        kubernetes_version=config.kubernetes_version,
        check_kubernetes_schemas=_will_run(KUBERNETES_SCHEMA_RULE, config, select, ignored),
        consumer_options=config.options,
        jobs=options.jobs,
        cache=options.cache,
        progress=options.progress,
        contents=options.contents,
    )


def _context(
    inputs: Gathered,
    options: LintOptions,
    config: LintConfig,
    select: Sequence[str],
    ignored: Sequence[str],
    documents: bool = False,
) -> RepoContext:
    from dataclasses import replace

    from scaffold.model.load import load_model

    model_options = replace(_model_options(options, config, select, ignored), documents=documents)
    return load_model(inputs.source, model_options, inputs)


def _run(root: Path, options: LintOptions) -> LintReport:
    inputs = gather(WorkTree(root), _model_options(options))
    key = _snapshot_key(root, inputs, options)
    if key is not None and not options.keep_facts:
        # Nothing the findings depend on changed: neither the configuration nor a single
        # fact needs loading (the configuration was valid when they were stored).
        stored = snapshot.load(snapshot.snapshot_path(root), key, root)
        if stored is not None:
            return LintReport(
                root,
                stored.findings,
                stored.files,
                stored.documents,
                notes=list(stored.notes),
                unapplied=stored.unapplied,
                summaries=list(stored.summaries),
            )
    from scaffold.lint.checks import run_rules
    from scaffold.lint.config import load_config
    from scaffold.lint.findings import Finding
    from scaffold.lint.registry import RULES
    from scaffold.model.facts.pool import default_jobs

    config = options.config or load_config(root)
    select = check_rule_ids(options.select, "--select")
    ignored = check_rule_ids(options.ignore, "--ignore")
    ctx = _context(inputs, options, config, select, ignored)
    from scaffold.model.sync_paths import require_directories

    require_directories(
        options.sync_paths, config.sync_paths, ctx.is_dir, ctx.files, CONFIG_FILE
    )
    files, facts = ctx.files, ctx.facts
    chosen = [
        rule
        for rule in RULES.values()
        if not (select and rule.id not in select) and rule.id not in ignored
    ]
    findings: list[Finding] = []
    for rule, raws in run_rules(ctx, chosen, options.jobs or default_jobs()):
        unapplied = ctx.unapplied if rule.applied_only else frozenset()
        findings.extend(_stamp(rule, raw, config) for raw in raws if raw.path not in unapplied)
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
        notes=ctx.notes,
        unapplied=len(ctx.unapplied),
        summaries=[ctx.summaries[r.id] for r in chosen if r.id in ctx.summaries],
    )
    if key is not None:
        snapshot.save(
            snapshot.snapshot_path(root),
            key,
            ctx.probes,
            snapshot.Snapshot(
                kept,
                report.files,
                report.documents,
                tuple(report.notes),
                report.unapplied,
                tuple(report.summaries),
            ),
        )
    return report


def _snapshot_key(root: Path, inputs: Gathered, options: LintOptions) -> str | None:
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
    from scaffold import redact
    from scaffold.lint.findings import Finding

    severity = config.level(rule.id) or raw.level or rule.default_level
    return Finding(
        rule=rule.id,
        severity=severity,
        path=raw.path,
        line=raw.line,
        column=raw.column,
        message=redact.message(raw.message),  # one redaction for reports and the cache
        hint=redact.message(raw.hint),
        fixable=bool(raw.fixes),
        fixes=raw.fixes,
    )


def _is_reported(finding: Finding, facts: Mapping[str, FileFacts]) -> bool:
    from scaffold.model.facts.suppress import is_suppressed

    file_facts = facts.get(finding.path)
    if file_facts is None:
        return True
    doc = file_facts.document_at(finding.line)
    index = doc.index if doc is not None else None
    return not is_suppressed(finding.rule, finding.line, index, file_facts.suppressions)
