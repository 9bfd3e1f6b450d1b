"""Property tests: random YAML and random Flux-like manifests through the whole lint pipeline.

For every generated repository: no uncaught exception, JSON and SARIF always
valid, and every finding points at a path that exists and a line within it.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from scaffold.formats import LINT_FORMATS, OutputFormat
from scaffold.lint.engine import LintOptions, run_lint
from scaffold.lint.registry import RULES
from scaffold.lint.report import render
from tests.conftest import write_tree
from tests.lint.conftest import CLEAN, SYNC

KINDS = [
    "HelmRelease", "HelmRepository", "GitRepository", "OCIRepository", "Kustomization",
    "Secret", "SealedSecret", "ConfigMap", "Namespace", "HelmChart", "Bucket", "Weird",
]  # fmt: skip
API_VERSIONS = [
    "helm.toolkit.fluxcd.io/v2", "helm.toolkit.fluxcd.io/v2beta1", "helm.toolkit.fluxcd.io/v2beta2",
    "source.toolkit.fluxcd.io/v1", "source.toolkit.fluxcd.io/v1beta2",
    "kustomize.toolkit.fluxcd.io/v1", "kustomize.toolkit.fluxcd.io/v1beta1",
    "bitnami.com/v1alpha1", "v1", "kustomize.config.k8s.io/v1beta1", "",
]  # fmt: skip
DIRS = [f"{SYNC}/helm/releases", f"{SYNC}/helm/repositories", f"{SYNC}/helm/secrets", SYNC,
        f"{SYNC}/apps", "", "other", "clusters/prod/helm/releases"]  # fmt: skip

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
dns_names = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True) | names
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | names
keys = st.text(max_size=8) | st.sampled_from(["password", "token", "apiKey"])
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=20,
)


@st.composite
def references(draw) -> dict:
    ref = {"kind": draw(st.sampled_from(KINDS)), "name": draw(dns_names)}
    if draw(st.booleans()):
        ref["namespace"] = draw(dns_names)
    return ref


@st.composite
def manifests(draw) -> dict:
    doc: dict = {
        "apiVersion": draw(st.sampled_from(API_VERSIONS)),
        "kind": draw(st.sampled_from(KINDS)),
        "metadata": {"name": draw(dns_names), "namespace": draw(dns_names)},
    }
    spec = {
        "interval": "10m",
        "chart": {"spec": {"chart": draw(dns_names), "version": draw(names),
                           "sourceRef": draw(references())}},
        "chartRef": draw(references()),
        "valuesFrom": draw(st.lists(references(), max_size=2)),
        "values": draw(values),
        "encryptedData": draw(st.dictionaries(dns_names, names, max_size=2)),
        "template": {"metadata": {"name": draw(dns_names)}},
        "path": draw(names),
        "url": draw(names),
    }  # fmt: skip
    keep = draw(st.sets(st.sampled_from(sorted(spec))))
    doc["spec"] = {k: v for k, v in spec.items() if k in keep}
    for field in ("data", "stringData", "resources", "patches"):
        if draw(st.integers(0, 5)) == 0:
            doc[field] = draw(values)
    return doc


@st.composite
def yaml_files(draw) -> bytes:
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return draw(st.binary(max_size=200))
    if choice == 1:
        return draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
    docs = draw(st.lists(manifests() if choice > 2 else values, min_size=1, max_size=3))
    text = yaml.safe_dump_all(docs, allow_unicode=True, sort_keys=False)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text.encode("utf-8")


@st.composite
def repositories(draw) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = dict(CLEAN)
    for _ in range(draw(st.integers(1, 5))):
        directory = draw(st.sampled_from(DIRS))
        stem = draw(st.from_regex(r"[a-z0-9][a-z0-9.-]{0,12}", fullmatch=True) | names)
        stem = stem.replace("/", "_").replace("\0", "_").strip() or "x"
        suffix = draw(st.sampled_from([".yaml", ".yml", "-values-prod.yaml", "-sealed.yaml"]))
        path = f"{directory}/{stem}{suffix}" if directory else f"{stem}{suffix}"
        files[path] = draw(yaml_files())
    if draw(st.booleans()):
        files[".gitignore"] = draw(st.sampled_from(["", "*.yml\n", "*-values-*.yaml\n", "**\n"]))
    return files


def line_count(data: bytes) -> int:
    """Lines as an editor shows them, or as YAML 1.1 counts them: it also breaks lines at
    NEL, LS and PS (U+0085, U+2028, U+2029), and so does the parser Flux uses."""
    text = data.decode("utf-8-sig", errors="replace")
    return max(1, len(data.splitlines()), len(text.splitlines()))


def check_report(root: Path, report) -> None:  # type: ignore[no-untyped-def]
    for finding in report.findings:
        target = root / finding.path
        assert target.exists() or target.is_symlink(), finding
        assert finding.line >= 1 and finding.column >= 1, finding
        if target.is_file():
            assert finding.line <= line_count(target.read_bytes()), finding
    for fmt in LINT_FORMATS:
        text = render(report, fmt)
        if fmt is OutputFormat.json:
            data = json.loads(text)
            assert data["summary"]["errors"] == report.errors
            assert len(data["findings"]) == len(report.findings)
        elif fmt is OutputFormat.sarif:
            check_sarif(json.loads(text), len(report.findings))
        elif fmt is OutputFormat.gitlab:
            issues = json.loads(text)
            assert len(issues) == len({i["fingerprint"] for i in issues}) == len(report.findings)
        elif fmt is OutputFormat.github:
            lines = text.split("\n")[:-1]  # the runner splits workflow commands on \n only
            assert all(line.startswith(("::error ", "::warning ")) for line in lines)
            assert len(lines) == len(report.findings)


def check_sarif(sarif: dict, count: int) -> None:
    """The parts of SARIF 2.1.0 that code scanning requires."""
    assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1
    run = sarif["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == list(RULES)
    assert len(run["results"]) == count
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning") and result["message"]["text"]
        [location] = result["locations"]
        region = location["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert location["physicalLocation"]["artifactLocation"]["uri"]


@given(files=repositories())
def test_random_repositories_lint_cleanly_in_every_format(files) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tree(Path(tmp) / "repo", files)
        report = run_lint(root, LintOptions(sync_paths=(SYNC,)))
        check_report(root, report)
