"""A cluster's sync source is whatever its root Kustomization names, not only `flux-system`."""

from __future__ import annotations

from scaffold.model.facts.documents import Document, FileFacts, Ref
from scaffold.model.sync_sources import SyncSources
from tests.lint.conftest import found
from tests.lint.rules.flux_tree import SYNC, apps_repo, kustomization

GIT = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n"


def sync_manifest(name: str, kind: str = "GitRepository", path: str = f"./{SYNC}") -> str:
    """A gotk-sync.yaml whose source and root Kustomization are called `name`."""
    source = (
        f"{GIT.replace('GitRepository', kind)}  name: {name}\n  namespace: flux-system\n"
        "spec:\n  interval: 1m\n  url: ssh://git@example.com/o/homelab.git\n"
    )
    return source + "---\n" + kustomization(name, path, source=f"{kind}/{name}")


def homelab(**extra: str) -> dict[str, str]:
    """The apps repository, synced from a source named `homelab`."""
    return apps_repo(
        **{
            f"{SYNC}/flux-system/gotk-sync.yaml": sync_manifest("homelab"),
            f"{SYNC}/apps.yaml": kustomization("apps", "./apps", source="GitRepository/homelab"),
            **extra,
        }
    )


def test_the_root_kustomization_names_the_sync_source(lint_tree) -> None:
    files = homelab(
        **{"apps/kustomization.yaml": "resources:\n  - app.yaml\n  - child.yaml\n",
           "apps/child.yaml": kustomization("child", "./gone", source="GitRepository/homelab")}
    )  # fmt: skip
    report = lint_tree(files, select=["missing-flux-path"])
    assert found(report) == [("missing-flux-path", "apps/child.yaml", 8)]


def test_an_oci_repository_or_a_bucket_is_followed_too(lint_tree) -> None:
    for kind in ("OCIRepository", "Bucket"):
        files = homelab(
            **{f"{SYNC}/flux-system/gotk-sync.yaml": sync_manifest("cluster", kind),
               f"{SYNC}/apps.yaml": kustomization("apps", "./nowhere", source=f"{kind}/cluster")}
        )  # fmt: skip
        report = lint_tree(files, select=["missing-flux-path"])
        assert found(report) == [("missing-flux-path", f"{SYNC}/apps.yaml", 8)], kind


def test_a_second_git_repository_on_the_sync_source_url_is_this_repository(lint_tree) -> None:
    url = "  url: ssh://git@example.com/o/homelab.git\n"
    mono = f"{GIT}  name: mono\n  namespace: flux-system\nspec:\n{url}"
    child = kustomization("m", "./gone", source="GitRepository/mono")
    files = homelab(**{f"{SYNC}/mono.yaml": mono + "---\n" + child})
    report = lint_tree(files, select=["missing-flux-path"])
    assert found(report) == [("missing-flux-path", f"{SYNC}/mono.yaml", 16)]


def test_a_source_no_root_kustomization_names_stays_foreign(lint_tree) -> None:
    files = homelab(
        **{f"{SYNC}/other.yaml": kustomization("o", "./gone", source="GitRepository/other")}
    )
    assert found(lint_tree(files, select=["missing-flux-path"])) == []


def facts(path: str, spec_path: str, source: str) -> FileFacts:
    kind, _, name = source.partition("/")
    doc = Document(
        0, (1, 1), 1, api_version="kustomize.toolkit.fluxcd.io/v1", kind="Kustomization",
        spec_path=spec_path, source_ref=Ref(kind, name, None, (1, 1)),
    )  # fmt: skip
    return FileFacts(path=path, yaml=True, documents=(doc,))


def test_names_are_found_in_the_sync_path_relative_to_a_sub_folder_root() -> None:
    sync = SyncSources(
        {"repos/ops/clusters/mgmt/sync.yaml": facts("repos/ops/clusters/mgmt/sync.yaml",
                                                    "./clusters/mgmt", "GitRepository/ops"),
         "elsewhere/sync.yaml": facts("elsewhere/sync.yaml", "./clusters/mgmt",
                                      "GitRepository/stranger"),
         # Another cluster applying clusters/mgmt of another repository
         "clusters/prod/x.yaml": facts("clusters/prod/x.yaml", "./clusters/mgmt",
                                       "GitRepository/tenant")}
    )  # fmt: skip
    assert ("GitRepository", "ops") in sync.names("repos/ops/clusters/mgmt")
    assert ("GitRepository", "stranger") not in sync.names("repos/ops/clusters/mgmt")
    assert ("GitRepository", "flux-system") in sync.names("repos/ops/clusters/mgmt")
    assert ("GitRepository", "tenant") not in sync.names("clusters/mgmt")
