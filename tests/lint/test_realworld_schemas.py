"""The Flux objects of the tests/realworld repositories pass schema-violation under both releases.

Examined on the way, and not findings: three home-ops repositories alert on a
`FluxInstance`, which flux-operator's patched Alert CRD accepts; xunholy's child
Kustomizations omit `interval` and `prune`, which the parent Kustomization's
`spec.patches` sets for every child.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.lint.config import LintConfig, default_options
from scaffold.lint.engine import LintOptions, run_lint
from scaffold.model.schemas.bundle import FLUX_MINORS

CORPUS = Path(__file__).resolve().parents[1] / "realworld"
REPOSITORIES = sorted(p.name for p in CORPUS.iterdir() if (p / "LICENSE").is_file())


@pytest.mark.parametrize("flux_minor", FLUX_MINORS)
def test_no_schema_finding_in_the_corpus(flux_minor) -> None:
    assert len(REPOSITORIES) == 14
    config = LintConfig(options=default_options(), flux_version=flux_minor)
    validated = 0
    for name in REPOSITORIES:
        options = LintOptions(select=["schema-violation"], config=config, cache=False, jobs=1)
        report = run_lint(CORPUS / name, options)
        assert [(f.path, f.line, f.message) for f in report.findings] == [], name
        validated += sum(
            1 for facts in report.facts.values() for doc in facts.documents if doc.schema_served
        )
    assert validated > 1400
