from __future__ import annotations

from scaffold.model.cycles import cycles
from tests.lint.conftest import found
from tests.lint.rules.flux_tree import SYNC, apps_repo, config_map, kustomization

RULE = "dependency-cycle"


def lint(lint_tree, files):
    return lint_tree(files, sync_paths=(SYNC,), select=[RULE])


def depends(*names: str, namespace: str | None = None) -> str:
    ns = f"\n      namespace: {namespace}" if namespace else ""
    return "  dependsOn:\n" + "".join(f"    - name: {n}{ns}\n" for n in names)


def flux_repo(**specs: str) -> dict[str, str]:
    """Kustomizations named by the keys, each applying its own directory."""
    files = apps_repo()
    for name, spec in specs.items():
        files[f"{SYNC}/{name}.yaml"] = kustomization(name, f"./{name}", spec=spec)
        files[f"{name}/cm.yaml"] = config_map(name, "default")
    return files


def helm_release(name: str, spec: str = "") -> str:
    return (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
        f"metadata:\n  name: {name}\n  namespace: default\nspec:\n  interval: 1h\n"
        "  chartRef:\n    kind: OCIRepository\n    name: chart\n" + spec
    )


def test_clean(lint_tree) -> None:
    files = flux_repo(infra="", apps=depends("infra"), more=depends("apps", "infra"))
    files["base/kustomization.yaml"] = "resources:\n  - cm.yaml\n"
    files["base/cm.yaml"] = config_map("b")
    files["overlay/kustomization.yaml"] = "resources:\n  - ../base\n"
    assert found(lint(lint_tree, files)) == []


def test_fires_once_on_a_depends_on_cycle_naming_it(lint_tree) -> None:
    files = flux_repo(apps=depends("infra"), infra=depends("db"), db=depends("apps"))
    report = lint(lint_tree, files)
    assert found(report) == [(RULE, f"{SYNC}/apps.yaml", 14)]
    assert report.findings[0].message == (
        "Kustomization dependsOn forms a cycle: flux-system/apps -> flux-system/infra -> "
        "flux-system/db -> flux-system/apps; none of them is ever reconciled"
    )
    assert report.findings[0].severity == "error"


def test_fires_on_one_that_depends_on_itself(lint_tree) -> None:
    assert found(lint(lint_tree, flux_repo(apps=depends("apps")))) == [
        (RULE, f"{SYNC}/apps.yaml", 14)
    ]


def test_helm_releases_depend_on_helm_releases(lint_tree) -> None:
    files = apps_repo(
        **{"apps/kustomization.yaml": "resources:\n  - a.yaml\n  - b.yaml\n",
           "apps/a.yaml": helm_release("a", depends("b")),
           "apps/b.yaml": helm_release("b", depends("a"))}
    )  # fmt: skip
    report = lint(lint_tree, files)
    assert found(report) == [(RULE, "apps/a.yaml", 12)]
    assert "default/a -> default/b -> default/a" in report.findings[0].message


def test_another_namespace_is_another_object(lint_tree) -> None:
    files = flux_repo(apps=depends("infra"), infra=depends("apps", namespace="other"))
    assert found(lint(lint_tree, files)) == []


def test_fires_on_a_resources_cycle(lint_tree) -> None:
    files = apps_repo(
        **{f"{SYNC}/cycles.yaml": kustomization("base", "./base") + "---\n"
           + kustomization("self", "./self"),
           "base/kustomization.yaml": "resources:\n  - ../overlay\n",
           "overlay/kustomization.yaml": "resources:\n  - ../base\n",
           "self/kustomization.yaml": "resources:\n  - cm.yaml\n  - ./\n",
           "self/cm.yaml": config_map("s")}
    )  # fmt: skip
    report = lint(lint_tree, files)
    assert found(report) == [
        (RULE, "base/kustomization.yaml", 2),
        (RULE, "self/kustomization.yaml", 3),
    ]
    messages = [f.message for f in report.findings]
    assert messages[0] == (
        "kustomization resources form a cycle: base/ -> overlay/ -> base/; "
        "kustomize refuses to build it"
    )
    assert "self/ -> self/" in messages[1]


def test_a_cycle_no_cluster_applies_is_not_judged(lint_tree) -> None:
    files = apps_repo(
        **{"base/kustomization.yaml": "resources:\n  - ../overlay\n",
           "overlay/kustomization.yaml": "resources:\n  - ../base\n"}
    )  # fmt: skip
    assert found(lint(lint_tree, files)) == []
    assert found(lint_tree(files, sync_paths=(), select=[RULE])) == [
        (RULE, "base/kustomization.yaml", 2)
    ]


def test_suppressed(lint_tree) -> None:
    spec = depends("apps").replace("apps\n", "apps  # gitops-scaffold: disable=dependency-cycle\n")
    assert found(lint(lint_tree, flux_repo(apps=spec))) == []


def test_cycles_are_named_from_their_least_member() -> None:
    edges = {"c": ["a"], "a": ["b", "x"], "b": ["c", "a"], "x": [], "y": ["y"]}
    assert cycles(edges) == [("a", "b"), ("y",)]


def loop_repo() -> dict[str, str]:
    """`apps` applies ./apps holding `loop`, which applies ./infra, whose `back` applies
    ./apps again."""
    files = apps_repo()
    files["apps/kustomization.yaml"] = "resources:\n  - app.yaml\n  - loop.yaml\n"
    files["apps/loop.yaml"] = kustomization("loop", "./infra")
    files["infra/back.yaml"] = kustomization("back", "./apps")
    return files


def test_fires_once_on_kustomizations_applying_each_other(lint_tree) -> None:
    report = lint(lint_tree, loop_repo())
    assert found(report) == [(RULE, "infra/back.yaml", 8)]
    assert report.findings[0].message == (
        "Kustomizations apply each other by spec.path: flux-system/back -> flux-system/loop "
        "-> flux-system/back; each manages, and takes from the other, everything either "
        "applies"
    )


def test_once_however_many_clusters_apply_the_cycle(lint_tree) -> None:
    files = loop_repo()
    files["clusters/prod/apps.yaml"] = kustomization("apps", "./apps")
    report = lint_tree(files, sync_paths=(SYNC, "clusters/prod"), select=[RULE])
    assert found(report) == [(RULE, "infra/back.yaml", 8)]


def test_a_second_kustomization_applying_the_sync_path_again(lint_tree) -> None:
    files = apps_repo()
    files[f"{SYNC}/flux-system/gotk-sync.yaml"] = kustomization("flux-system", f"./{SYNC}")
    assert found(lint(lint_tree, files)) == []  # Flux's own applies itself: bootstrap
    files[f"{SYNC}/again.yaml"] = kustomization("again", f"./{SYNC}")
    report = lint(lint_tree, files)
    assert found(report) == [(RULE, f"{SYNC}/again.yaml", 8)]
    assert "flux-system/again -> flux-system/flux-system -> flux-system/again" in (
        report.findings[0].message
    )


def test_an_applies_cycle_through_an_unsettled_namespace_is_not_followed(lint_tree) -> None:
    files = loop_repo()
    files["infra/back.yaml"] = kustomization("back", "./apps", namespace="${NS}")
    assert found(lint(lint_tree, files)) == []
