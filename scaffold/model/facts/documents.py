"""What one pass over one file learns: the per-document facts the rules need.

Plain frozen dataclasses of str/int/tuples: picklable, comparable, cacheable by
file content. Positions are 1-based (line, column).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scaffold.model.findings import RawFinding

Position = tuple[int, int]


@dataclass(frozen=True)
class Ref:
    """A reference to another object by kind, name and optional namespace."""

    kind: str
    name: str
    namespace: str | None
    position: Position
    optional: bool = False


@dataclass(frozen=True)
class SchemaViolation:
    """Where and how a Flux object breaks its CRD schema; the message never quotes a
    value under a credential-like key."""

    path: str
    line: int
    column: int
    message: str
    hint: str
    # A missing required field: what a kustomize patch, a partial object, may lack.
    required: bool = False


@dataclass(frozen=True)
class Document:
    """The facts of one YAML document of a file."""

    index: int
    position: Position
    end_line: int
    empty: bool = False
    api_version: str | None = None
    api_version_pos: Position | None = None
    # Flux objects: (apiVersion, kind, position) of each reference in the spec carrying one
    nested_api_versions: tuple[tuple[str, str, Position], ...] = ()
    kind: str | None = None
    name: str | None = None
    namespace: str | None = None
    chart_source_ref: Ref | None = None
    chart_ref: Ref | None = None
    has_chart: bool = False
    chart_version: str | None = None
    chart_pos: Position | None = None
    values_from: tuple[Ref, ...] = ()
    inline_secrets: tuple[tuple[str, Position], ...] = ()
    secret_data_pos: Position | None = None
    # A SOPS document: (key path, position) of what it keeps in plain text, and the
    # selector (`encrypted_regex: ...`) its sops block records
    sops_plaintext: tuple[tuple[str, Position], ...] = ()
    sops_selector: str | None = None
    sops_nothing_encrypted: bool = False
    # A Secret whose last-applied-configuration annotation repeats literal data
    last_applied_pos: Position | None = None
    sops: bool = False
    encrypted_data: bool = False
    # SealedSecret: the names of its sealed keys, and its sealing scope
    secret_keys: tuple[str, ...] = ()
    # ConfigMap, Secret, SealedSecret: the digests of the keys the object holds (never a
    # key nor a value: facts.digests); None where they cannot be known (a data section
    # that is no mapping)
    data_keys: tuple[str, ...] | None = None
    sealed_scope: str | None = None
    # What the object makes its cluster create (kind, name, namespace: None its own,
    # "*" any), by the table of scaffold.model.facts.producers.
    produced: tuple[tuple[str, str, str | None], ...] = ()
    spec_path: str | None = None
    spec_path_pos: Position | None = None
    resources: tuple[str, ...] = ()
    patches: tuple[str, ...] = ()
    generated: tuple[tuple[str, str], ...] = ()
    # kustomization.yaml: (ConfigMap name, file) of each YAML file a configMapGenerator reads
    generated_yaml_files: tuple[tuple[str, str], ...] = ()
    # A document without kind (a values file): credential keys holding literal values
    values_credentials: tuple[tuple[str, Position], ...] = ()
    chart_name: str | None = None
    # None: no bundled schema group; False: a Flux group that serves no such apiVersion
    # and kind in the configured release; True: validated against its schema.
    schema_served: bool | None = None
    schema_violations: tuple[SchemaViolation, ...] = ()
    # A built-in Kubernetes kind: "validated" against the bundled schema of the configured
    # release, "unserved" when that release serves no such apiVersion and kind; else None.
    kube_schema: str | None = None
    kube_violations: tuple[SchemaViolation, ...] = ()
    # A CustomResourceDefinition: (apiVersion, kind, reduced schema as JSON) per served version.
    crd_schemas: tuple[tuple[str, str, str], ...] = ()
    # Kinds this document's patches (kustomize or Flux Kustomization) target; "*" for any.
    patch_kinds: tuple[str, ...] = ()
    name_pos: Position | None = None
    # Where Flux postBuild is asked for `${VAR}` (names only) and whether it may substitute.
    variables: tuple[tuple[str, Position], ...] = ()
    substitution_disabled: bool = False
    # Flux Kustomization (and HelmRelease dependsOn)
    source_ref: Ref | None = None
    target_namespace: str | None = None
    name_prefix: str | None = None
    name_suffix: str | None = None
    depends_on: tuple[Ref, ...] = ()
    has_post_build: bool = False
    substitute: tuple[str, ...] = ()
    substitute_from: tuple[Ref, ...] = ()
    # What its spec.patches add to the postBuild of the Kustomizations it applies.
    child_substitute: tuple[str, ...] = ()
    child_substitute_from: bool = False
    components: tuple[str, ...] = ()
    # kustomization.yaml: `namespace:`, and (field, entry, position) of each listed file
    set_namespace: str | None = None
    entries: tuple[tuple[str, str, Position], ...] = ()
    helm_charts: bool = False
    replacements: bool = False
    # Sources: a Git, Helm or OCI repository's URL (without credentials), an ArtifactGenerator's
    # artifacts as (name, ((from, to), ...)) and its sources as (alias, kind, name).
    source_url: str | None = None
    artifacts: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    artifact_sources: tuple[tuple[str, str, str], ...] = ()
    # FluxInstance spec.sync (or the flux-instance chart's instance.sync values)
    sync_path: str | None = None
    sync_kind: str | None = None

    @property
    def group(self) -> str:
        """The API group of `apiVersion` ("" for the core group)."""
        version = self.api_version or ""
        return version.rsplit("/", 1)[0] if "/" in version else ""


@dataclass(frozen=True)
class Suppressions:
    """Inline `# gitops-scaffold:` directives of one file."""

    whole_file: bool = False
    # line -> rule ids disabled on that line and the next one
    lines: tuple[tuple[int, frozenset[str]], ...] = ()
    # document index -> rule ids disabled for the whole document
    documents: tuple[tuple[int, frozenset[str]], ...] = ()


@dataclass(frozen=True)
class FileFacts:
    """Everything lint needs from one file, computed from its bytes alone."""

    path: str
    yaml: bool
    documents: tuple[Document, ...] = ()
    findings: tuple[RawFinding, ...] = ()
    suppressions: Suppressions = field(default_factory=Suppressions)

    def document_at(self, line: int) -> Document | None:
        """The document holding `line`."""
        for doc in self.documents:
            if line <= doc.end_line:
                return doc
        return self.documents[-1] if self.documents else None
