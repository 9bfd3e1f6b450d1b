"""`gitops-scaffold add repository|release`: the Flux objects and the refusals."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import write_tree

REPO_FILE = "clusters/dev/helm/repositories/podinfo.yaml"
RELEASE_FILE = "clusters/dev/helm/releases/podinfo-v6.5.0.yaml"
PLANTED = "Pl4nted-XyZZy-9731"


def add_podinfo_repository(cli, root, *extra):
    return cli(
        "add",
        "repository",
        "podinfo",
        "--url",
        "https://stefanprodan.github.io/podinfo",
        *extra,
        cwd=root,
    )


def add_podinfo_release(cli, root, *extra):
    return cli(
        "add", "release", "podinfo", "--chart", "podinfo", "--version", "6.5.0",
        "--repository", "podinfo", *extra, cwd=root,
    )  # fmt: skip


def load(path):
    return yaml.safe_load(path.read_text())


def test_add_repository_writes_a_helm_repository(cli, fleet) -> None:
    result = add_podinfo_repository(cli, fleet)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == REPO_FILE
    assert f"git add {REPO_FILE} && git commit -m 'Add HelmRepository podinfo'" in result.stderr
    assert load(fleet / REPO_FILE) == {
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "HelmRepository",
        "metadata": {"name": "podinfo", "namespace": "flux-system"},
        "spec": {"interval": "10m", "url": "https://stefanprodan.github.io/podinfo"},
    }


def test_add_repository_oci_sets_type(cli, fleet) -> None:
    result = cli(
        "add", "repository", "podinfo", "--url", "oci://ghcr.io/stefanprodan/charts",
        "--interval", "1h", "--namespace", "sources", cwd=fleet,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    spec = load(fleet / REPO_FILE)["spec"]
    assert spec == {"interval": "1h", "type": "oci", "url": "oci://ghcr.io/stefanprodan/charts"}
    assert load(fleet / REPO_FILE)["metadata"]["namespace"] == "sources"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Podinfo", "--url", "https://x.example"], "invalid repository name"),
        (["podinfo", "--url", "ftp://x.example"], "invalid repository URL"),
        (["podinfo", "--url", "https://x.example", "--oci"], "--oci needs an oci:// URL"),
        (["podinfo", "--url", "https://x.example", "--interval", "ten"], "invalid interval"),
        (["podinfo", "--url", "https://x.example", "--namespace", "Flux"], "invalid namespace"),
    ],
)
def test_add_repository_refuses_bad_input(cli, fleet, args, message) -> None:
    result = cli("add", "repository", *args, cwd=fleet)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (fleet / REPO_FILE).exists()


def test_add_repository_never_overwrites_without_force(cli, fleet) -> None:
    write_tree(fleet, {REPO_FILE: "# mine\n"})
    result = add_podinfo_repository(cli, fleet)
    assert result.exit_code == 2
    assert f"{REPO_FILE} already exists" in result.stderr
    assert (fleet / REPO_FILE).read_text() == "# mine\n"
    assert add_podinfo_repository(cli, fleet, "--force").exit_code == 0
    assert load(fleet / REPO_FILE)["kind"] == "HelmRepository"


def test_add_release_writes_a_helm_release(cli, fleet) -> None:
    assert add_podinfo_repository(cli, fleet).exit_code == 0
    result = add_podinfo_release(cli, fleet, "--target-namespace", "apps")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == RELEASE_FILE
    assert f"git add {RELEASE_FILE}" in result.stderr
    assert load(fleet / RELEASE_FILE) == {
        "apiVersion": "helm.toolkit.fluxcd.io/v2",
        "kind": "HelmRelease",
        "metadata": {"name": "podinfo", "namespace": "flux-system"},
        "spec": {
            "chart": {
                "spec": {
                    "chart": "podinfo",
                    "reconcileStrategy": "ChartVersion",
                    "sourceRef": {
                        "kind": "HelmRepository",
                        "name": "podinfo",
                        "namespace": "flux-system",
                    },
                    "version": "6.5.0",
                }
            },
            "interval": "10m",
            "targetNamespace": "apps",
        },
    }


def test_add_release_points_at_the_repository_namespace(cli, fleet) -> None:
    assert add_podinfo_repository(cli, fleet, "--namespace", "sources").exit_code == 0
    assert add_podinfo_release(cli, fleet).exit_code == 0
    source_ref = load(fleet / RELEASE_FILE)["spec"]["chart"]["spec"]["sourceRef"]
    assert source_ref["namespace"] == "sources"


def test_add_release_refuses_an_unknown_repository(cli, fleet) -> None:
    assert add_podinfo_repository(cli, fleet).exit_code == 0
    assert (
        cli("add", "repository", "bitnami", "--url", "https://b.example", cwd=fleet).exit_code == 0
    )
    result = cli(
        "add", "release", "redis", "--chart", "redis", "--version", "1.0.0",
        "--repository", "nope", cwd=fleet,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "no HelmRepository 'nope'" in result.stderr
    assert "declared: bitnami, podinfo" in result.stderr
    assert "--allow-missing-repository" in result.stderr
    assert not (fleet / "clusters/dev/helm/releases/redis-v1.0.0.yaml").exists()


def test_allow_missing_repository(cli, fleet) -> None:
    result = add_podinfo_release(cli, fleet, "--allow-missing-repository")
    assert result.exit_code == 0, result.stderr
    assert load(fleet / RELEASE_FILE)["spec"]["chart"]["spec"]["sourceRef"]["name"] == "podinfo"


def test_values_file_is_inlined_in_order(cli, fleet, tmp_path) -> None:
    values = tmp_path / "podinfo-values-v6.5.0.yaml"
    values.write_text("replicaCount: 2\nauth:\n  existingSecret: podinfo-auth\n  enabled: true\n")
    assert add_podinfo_repository(cli, fleet).exit_code == 0
    result = add_podinfo_release(cli, fleet, "--values-file", str(values))
    assert result.exit_code == 0, result.stderr
    spec = load(fleet / RELEASE_FILE)["spec"]
    assert spec["values"] == {
        "replicaCount": 2,
        "auth": {"existingSecret": "podinfo-auth", "enabled": True},
    }
    assert list(spec["values"]) == ["replicaCount", "auth"]


def test_values_file_with_credentials_is_refused_naming_keys_only(cli, fleet, tmp_path) -> None:
    values = tmp_path / "podinfo-values-v6.5.0.yaml"
    values.write_text(
        f"replicaCount: 2\nauth:\n  adminPassword: {PLANTED}\n  existingSecret: x\n"
        f"extra:\n- apiKey: {PLANTED}\n"
    )
    assert add_podinfo_repository(cli, fleet).exit_code == 0
    result = add_podinfo_release(cli, fleet, "--values-file", str(values))
    assert result.exit_code == 2
    assert "auth.adminPassword" in result.stderr
    assert "extra[0].apiKey" in result.stderr
    assert "gitops-scaffold seal" in result.stderr and "--secret-value" in result.stderr
    assert PLANTED not in result.stdout + result.stderr
    assert not (fleet / RELEASE_FILE).exists()


def test_broken_values_file_is_not_echoed(cli, fleet, tmp_path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text(f"a: 1\npassword: [{PLANTED}\n")
    assert add_podinfo_repository(cli, fleet).exit_code == 0
    result = add_podinfo_release(cli, fleet, "--values-file", str(values))
    assert result.exit_code == 2
    assert "not valid YAML" in result.stderr
    assert PLANTED not in result.stderr


def test_secret_values_become_values_from(cli, fleet) -> None:
    assert add_podinfo_repository(cli, fleet).exit_code == 0
    result = add_podinfo_release(
        cli, fleet,
        "--secret-value", "podinfo-auth:password=auth.adminPassword",
        "--secret-value", "podinfo-values:values.yaml",
        "--secret-value", "podinfo-extra",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert load(fleet / RELEASE_FILE)["spec"]["valuesFrom"] == [
        {
            "kind": "Secret",
            "name": "podinfo-auth",
            "targetPath": "auth.adminPassword",
            "valuesKey": "password",
        },
        {"kind": "Secret", "name": "podinfo-values", "valuesKey": "values.yaml"},
        {"kind": "Secret", "name": "podinfo-extra"},
    ]
    assert "warning: no SealedSecret flux-system/podinfo-auth" in result.stderr


def test_sealed_secret_in_the_wrong_namespace_is_pointed_out(cli, fleet, cert_file) -> None:
    sealed = cli(
        "seal", "podinfo-auth", "--namespace", "apps", "--from-literal", "password=x",
        "--cert", str(cert_file), cwd=fleet,
    )  # fmt: skip
    assert sealed.exit_code == 0, sealed.stderr
    assert add_podinfo_repository(cli, fleet).exit_code == 0
    result = add_podinfo_release(cli, fleet, "--secret-value", "podinfo-auth:password=a.b")
    assert result.exit_code == 0
    assert "found only apps/podinfo-auth" in result.stderr


def test_no_warning_when_the_secret_is_sealed_beside_the_release(cli, fleet, cert_file) -> None:
    sealed = cli(
        "seal", "podinfo-auth", "--namespace", "flux-system", "--from-literal", "password=x",
        "--cert", str(cert_file), cwd=fleet,
    )  # fmt: skip
    assert sealed.exit_code == 0, sealed.stderr
    assert add_podinfo_repository(cli, fleet).exit_code == 0
    result = add_podinfo_release(cli, fleet, "--secret-value", "podinfo-auth:password=a.b")
    assert result.exit_code == 0
    assert "warning" not in result.stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--secret-value", "Bad_Name:k=a.b"], "invalid Secret name"),
        (["--secret-value", "ok:bad key=a.b"], "invalid Secret key"),
        (["--secret-value", "ok:k=a b"], "invalid target path"),
        (["--target-namespace", "Apps"], "invalid namespace"),
    ],
)
def test_add_release_refuses_bad_input(cli, fleet, extra, message) -> None:
    assert add_podinfo_repository(cli, fleet).exit_code == 0
    result = add_podinfo_release(cli, fleet, *extra)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    ("chart", "version", "message"),
    [
        ("Podinfo", "6.5.0", "invalid chart name"),
        ("podinfo", ">=6.0.0", "chart version '>=6.0.0' is a range"),
        ("podinfo", "6.5", "chart version '6.5' is a range"),
        ("podinfo", "latest", "'latest' is not something Flux understands"),
        ("podinfo", "6.5.0/../x", "invalid chart version"),
    ],
)
def test_add_release_refuses_bad_chart_or_version(cli, fleet, chart, version, message) -> None:
    result = cli(
        "add", "release", "podinfo", "--chart", chart, "--version", version,
        "--repository", "podinfo", "--allow-missing-repository", cwd=fleet,
    )  # fmt: skip
    assert result.exit_code == 2
    assert message in result.stderr
    assert not list((fleet / "clusters/dev/helm/releases").glob("*.yaml"))


def test_add_release_accepts_a_range_when_asked(cli, fleet) -> None:
    result = cli(
        "add", "release", "podinfo", "--chart", "podinfo", "--version", ">=6.0.0 <7.0.0",
        "--repository", "podinfo", "--allow-missing-repository", "--allow-range", cwd=fleet,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    path = fleet / "clusters/dev/helm/releases/podinfo.yaml"
    assert load(path)["spec"]["chart"]["spec"]["version"] == ">=6.0.0 <7.0.0"


def test_add_release_of_a_declared_release_points_at_upgrade(cli, fleet) -> None:
    assert add_podinfo_repository(cli, fleet).exit_code == 0
    assert add_podinfo_release(cli, fleet).exit_code == 0
    result = cli(
        "add", "release", "podinfo", "--chart", "podinfo", "--version", "6.6.0",
        "--repository", "podinfo", "--force", cwd=fleet,
    )  # fmt: skip
    assert result.exit_code == 2
    assert f"HelmRelease flux-system/podinfo is already declared in {RELEASE_FILE}" in result.stderr
    assert "gitops-scaffold upgrade release podinfo --version 6.6.0" in result.stderr
    assert not (fleet / "clusters/dev/helm/releases/podinfo-v6.6.0.yaml").exists()
    # the very same file may still be rewritten with --force
    assert add_podinfo_release(cli, fleet, "--force").exit_code == 0


def test_add_json_output_names_what_was_written(cli, fleet) -> None:
    import json

    result = add_podinfo_repository(cli, fleet, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["action"] == "added"
    assert data["path"] == REPO_FILE
    assert data["kind"] == "HelmRepository"
    assert data["details"] == {"url": "https://stefanprodan.github.io/podinfo"}
    assert data["commit"].startswith(f"git add {REPO_FILE} && git commit -m")


def test_v_prefixed_version_is_not_doubled_in_the_file_name(cli, fleet) -> None:
    result = cli(
        "add", "release", "podinfo", "--chart", "podinfo", "--version", "v6.5.0",
        "--repository", "podinfo", "--allow-missing-repository", cwd=fleet,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert load(fleet / RELEASE_FILE)["spec"]["chart"]["spec"]["version"] == "v6.5.0"


def test_add_works_from_a_subdirectory_and_chooses_among_clusters(cli, two_clusters) -> None:
    sub = two_clusters / "clusters"
    ambiguous = add_podinfo_repository(cli, sub)
    assert ambiguous.exit_code == 2
    assert "clusters/dev, clusters/prod" in ambiguous.stderr
    chosen = add_podinfo_repository(cli, sub, "--sync-path", "clusters/prod")
    assert chosen.exit_code == 0, chosen.stderr
    assert chosen.stdout.strip() == "prod/helm/repositories/podinfo.yaml"
    # A repository of another cluster does not count for this one.
    missing = add_podinfo_release(cli, sub, "--sync-path", "clusters/dev")
    assert missing.exit_code == 2
    assert "declared: none" in missing.stderr


def test_outside_a_generated_repository(cli, make_git_repo) -> None:
    bare = make_git_repo({"README.md": "hi\n"})
    result = add_podinfo_repository(cli, bare)
    assert result.exit_code == 2
    assert "no cluster found in" in result.stderr
    assert "no answers file, gotk-sync.yaml or FluxInstance names a sync path" in result.stderr


def test_output_passes_the_linter(cli, fleet, cert_file, tmp_path) -> None:
    engine = pytest.importorskip("scaffold.lint.engine")
    values = tmp_path / "v.yaml"
    values.write_text("replicaCount: 2\n")
    assert add_podinfo_repository(cli, fleet).exit_code == 0
    sealed = cli(
        "seal", "podinfo-auth", "--namespace", "flux-system", "--from-literal", "password=x",
        "--cert", str(cert_file), cwd=fleet,
    )  # fmt: skip
    assert sealed.exit_code == 0
    result = add_podinfo_release(
        cli, fleet, "--values-file", str(values), "--secret-value", "podinfo-auth:password=a.b",
        "--target-namespace", "apps",
    )  # fmt: skip
    assert result.exit_code == 0
    report = engine.run_lint(fleet)
    assert [(f.rule, f.path, f.message) for f in report.findings] == []


def test_values_file_alias_bomb_is_walked_once(cli, fleet, tmp_path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    values = tmp_path / "bomb.yaml"
    values.write_text("\n".join(lines) + "\nnested:\n  token: *a8\n  password: plain\n")
    assert add_podinfo_repository(cli, fleet).exit_code == 0
    result = add_podinfo_release(cli, fleet, "--values-file", str(values))
    assert result.exit_code == 2
    assert "nested.password" in result.stderr


def test_placeholders_and_substitutions_are_not_credentials(cli, fleet, tmp_path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text(
        "auth:\n  password: ${DB_PASSWORD}\n  token: ''\n  secret: null\n  createSecret: true\n"
    )
    assert add_podinfo_repository(cli, fleet).exit_code == 0
    result = add_podinfo_release(cli, fleet, "--values-file", str(values))
    assert result.exit_code == 0, result.stderr
    assert load(fleet / RELEASE_FILE)["spec"]["values"]["auth"]["password"] == "${DB_PASSWORD}"


def test_outside_a_git_work_tree_no_commit_command_is_printed(cli, make_tree) -> None:
    from tests.authoring.conftest import CLUSTER_FILES, answers

    root = make_tree({**CLUSTER_FILES, ".copier-answers.yml": answers("clusters/dev")})
    result = add_podinfo_repository(cli, root)
    assert result.exit_code == 0, result.stderr
    assert (root / REPO_FILE).is_file()
    assert "git add" not in result.stderr and "git commit" not in result.stderr
    assert "not in a Git work tree" in result.stderr


def test_http_url_is_accepted_with_a_warning(cli, fleet) -> None:
    result = cli("add", "repository", "mirror", "--url", "http://charts.internal", cwd=fleet)
    assert result.exit_code == 0, result.stderr
    assert load(fleet / "clusters/dev/helm/repositories/mirror.yaml")["spec"]["url"] == (
        "http://charts.internal"
    )
    assert "warning: the repository URL uses http://" in result.stderr


def test_https_url_has_no_warning(cli, fleet) -> None:
    assert "warning" not in add_podinfo_repository(cli, fleet).stderr
