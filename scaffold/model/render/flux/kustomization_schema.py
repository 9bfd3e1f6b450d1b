"""kustomize's `types.Kustomization` (api v0.21.1, kubernetes-sigs/kustomize, Apache-2.0) as data.

Each struct lists its JSON fields in declaration order, as the Go source declares them.
"""

from __future__ import annotations

# (json name, type, omitempty). A type is a scalar ("string", "bool", "int", "*string"),
# "map" (map[string]string), "any" (map[string]interface{}), "[]T", "*T", "T" (a struct
# value), or "inline" (an embedded struct whose fields are promoted).
Field = tuple[str, str, bool]
_S, _B, _L, _M = "string", "bool", "[]string", "map"
STRUCTS: dict[str, tuple[Field, ...]] = {
    "Kustomization": (
        ("TypeMeta", "inline", True), ("metadata", "*ObjectMeta", True),
        ("openapi", _M, True), ("namePrefix", _S, True), ("nameSuffix", _S, True),
        ("namespace", _S, True), ("commonLabels", _M, True), ("labels", "[]Label", True),
        ("commonAnnotations", _M, True), ("patchesStrategicMerge", _L, True),
        ("patchesJson6902", "[]Patch", True), ("patches", "[]Patch", True),
        ("images", "[]Image", True), ("imageTags", "[]Image", True),
        ("replacements", "[]ReplacementField", True), ("replicas", "[]Replica", True),
        ("vars", "[]Var", True), ("sortOptions", "*SortOptions", True),
        ("resources", _L, True), ("components", _L, True), ("crds", _L, True),
        ("bases", _L, True), ("configMapGenerator", "[]ConfigMapArgs", True),
        ("secretGenerator", "[]SecretArgs", True), ("helmGlobals", "*HelmGlobals", True),
        ("helmCharts", "[]HelmChart", True),
        ("helmChartInflationGenerator", "[]HelmChartArgs", True),
        ("generatorOptions", "*GeneratorOptions", True), ("configurations", _L, True),
        ("generators", _L, True), ("transformers", _L, True), ("validators", _L, True),
        ("buildMetadata", _L, True),
    ),
    "TypeMeta": (("kind", _S, True), ("apiVersion", _S, True)),
    "ObjectMeta": (
        ("name", _S, True), ("namespace", _S, True), ("labels", _M, True),
        ("annotations", _M, True),
    ),
    "Gvk": (("group", _S, True), ("version", _S, True), ("kind", _S, True)),
    "ResId": (("Gvk", "inline", True), ("name", _S, True), ("namespace", _S, True)),
    "Label": (
        ("pairs", _M, True), ("includeSelectors", _B, True), ("includeTemplates", _B, True),
        ("fields", "[]FieldSpec", True),
    ),
    "FieldSpec": (("Gvk", "inline", True), ("path", _S, True), ("create", _B, True)),
    "Patch": (
        ("path", _S, True), ("patch", _S, True), ("target", "*Selector", True),
        ("options", "*PatchArgs", True),
    ),
    "PatchArgs": (("allowNameChange", _B, True), ("allowKindChange", _B, True)),
    "Selector": (
        ("ResId", "inline", True), ("annotationSelector", _S, True),
        ("labelSelector", _S, True),
    ),
    "Image": (
        ("name", _S, True), ("newName", _S, True), ("tagSuffix", _S, True),
        ("newTag", _S, True), ("digest", _S, True),
    ),
    "ReplacementField": (("Replacement", "inline", True), ("path", _S, True)),
    "Replacement": (
        ("source", "*SourceSelector", True), ("targets", "[]*TargetSelector", True),
        ("sourceValue", "*string", True),
    ),
    "SourceSelector": (
        ("ResId", "inline", True), ("fieldPath", _S, True), ("options", "*FieldOptions", True),
    ),
    "TargetSelector": (
        ("select", "*Selector", False), ("reject", "[]*Selector", True),
        ("fieldPaths", _L, True), ("options", "*FieldOptions", True),
    ),
    "FieldOptions": (
        ("delimiter", _S, True), ("index", "int", True), ("encoding", _S, True),
        ("create", _B, True),
    ),
    "Replica": (("name", _S, True), ("count", "int", False)),
    "Var": (("name", _S, False), ("objref", "Target", False), ("fieldref", "FieldSelector", True)),
    "Target": (
        ("apiVersion", _S, True), ("Gvk", "inline", True), ("name", _S, False),
        ("namespace", _S, True),
    ),
    "FieldSelector": (("fieldPath", _S, True),),
    "SortOptions": (("order", _S, True), ("legacySortOptions", "*LegacySortOptions", True)),
    "LegacySortOptions": (("orderFirst", _L, False), ("orderLast", _L, False)),
    "ConfigMapArgs": (("GeneratorArgs", "inline", True),),
    "SecretArgs": (("GeneratorArgs", "inline", True), ("type", _S, True)),
    "GeneratorArgs": (
        ("namespace", _S, True), ("name", _S, True), ("behavior", _S, True),
        ("KvPairSources", "inline", True), ("options", "*GeneratorOptions", True),
    ),
    "KvPairSources": (
        ("literals", _L, True), ("files", _L, True), ("envs", _L, True), ("env", _S, True),
    ),
    "GeneratorOptions": (
        ("labels", _M, True), ("annotations", _M, True),
        ("disableNameSuffixHash", _B, True), ("immutable", _B, True),
    ),
    "HelmGlobals": (("chartHome", _S, True), ("configHome", _S, True)),
    "HelmChart": tuple(
        (name, kind, True)
        for name, kind in (
            ("name", _S), ("version", _S), ("repo", _S), ("releaseName", _S),
            ("namespace", _S), ("additionalValuesFiles", _L), ("valuesFile", _S),
            ("valuesInline", "any"), ("valuesMerge", _S), ("includeCRDs", _B),
            ("skipHooks", _B), ("apiVersions", _L), ("kubeVersion", _S),
            ("nameTemplate", _S), ("skipTests", _B), ("debug", _B), ("devel", _B),
        )
    ),
    "HelmChartArgs": tuple(
        (name, kind, True)
        for name, kind in (
            ("chartName", _S), ("chartVersion", _S), ("chartRepoUrl", _S), ("chartHome", _S),
            ("chartRepoName", _S), ("helmBin", _S), ("helmHome", _S), ("values", _S),
            ("valuesLocal", "any"), ("valuesMerge", _S), ("releaseName", _S),
            ("releaseNamespace", _S), ("extraArgs", _L),
        )
    ),
}  # fmt: skip
