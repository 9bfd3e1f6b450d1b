"""A file is parsed once: the renderer reads the documents the facts pipeline composed, and
another state of the repository reads those of the blobs it shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.model.load import ModelOptions, load_model
from scaffold.model.render import accumulate
from scaffold.model.source import GitRevision, WorkTree
from tests.conftest import git, write_tree
from tests.views.test_build import FILES


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    root = write_tree(tmp_path / "fleet", FILES)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "fleet")
    return root


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many files the renderer parses itself."""
    count = [0]
    real = accumulate.load_documents

    def counted(data: bytes, flags: list[bool] | None = None) -> list[object]:
        count[0] += 1
        return real(data, flags)

    monkeypatch.setattr(accumulate, "load_documents", counted)
    return count


def _everything(rendering) -> list:
    return [
        (c.sync_path, k.key, k.not_rendered, [str(p) for p in k.problems],
         [(o.file, o.obj) for o in k.objects])
        for c in rendering.clusters
        for k in c.kustomizations
    ]  # fmt: skip


def test_the_renderer_reads_the_documents_the_facts_pipeline_composed(fleet, parses) -> None:
    plain = load_model(WorkTree(fleet), ModelOptions(cache=False)).rendering()
    assert parses[0] == 7  # every manifest the clusters apply, parsed by the renderer
    parses[0] = 0
    model = load_model(WorkTree(fleet), ModelOptions(cache=False, documents=True))
    assert len(model.parsed) == len(FILES)  # each YAML file, the kustomization files too
    assert _everything(model.rendering()) == _everything(plain)
    assert parses[0] == 0


def test_a_file_the_facts_cache_answered_is_parsed_by_the_renderer(fleet, parses) -> None:
    load_model(WorkTree(fleet), ModelOptions(documents=True))  # fills the facts cache
    model = load_model(WorkTree(fleet), ModelOptions(documents=True))
    assert model.parsed == {}
    model.rendering()
    assert parses[0] == 7


def test_another_state_parses_only_the_blobs_the_first_did_not_have(fleet, parses) -> None:
    options = ModelOptions(cache=False)
    base = load_model(GitRevision(fleet, "HEAD"), options)
    base.rendering()
    assert parses[0] == 7
    path = fleet / "apps/base/deployment.yaml"
    path.write_text(path.read_text().replace("1.0.0", "1.1.0"))
    head = load_model(WorkTree(fleet), options)
    head.parsed = base.parsed
    parses[0] = 0
    shared = head.rendering()
    assert parses[0] == 1  # the changed deployment
    fresh = load_model(WorkTree(fleet), options).rendering()
    assert _everything(shared) == _everything(fresh)
    assert "ghcr.io/acme/web:1.2.0" in str(_everything(shared))
