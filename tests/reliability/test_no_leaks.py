"""Nothing leaked: a planted secret never reaches output, a report, a cache or flux's argv.

One unique value is planted in a plaintext Secret, a values file, a
HelmRelease's inline values, a broken YAML file, a token variable and every
sealed input; then every command runs, in every output format, verbose, and on
its failure paths. The value may only be found in the files it was planted in.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import git, write_tree
from tests.lint.conftest import HELM_RELEASE, RELEASE_PATH, SYNC, tree
from tests.reliability.conftest import assert_handled

SECRET = "S3cr3t-5f0e9c2a-61d4-4c1b-9b7e-2a8d3c4f1e07"  # unique, and the same in every worker
PLANTED = {
    f"{SYNC}/apps/db-secret.yaml": (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: apps}\n"
        f"stringData:\n  password: {SECRET}\ndata:\n  token: {SECRET}\n"
    ),
    f"{SYNC}/helm/secrets/podinfo-values-prod.yaml": f"auth:\n  password: {SECRET}\n",
    RELEASE_PATH: HELM_RELEASE.replace(
        "helm.toolkit.fluxcd.io/v2", "helm.toolkit.fluxcd.io/v2beta1"
    ).replace("    replicaCount: 2\n", f"    replicaCount: 2\n    apiKey: {SECRET}\n"),
    f"{SYNC}/apps/broken.yaml": f"password: {SECRET}\n\tbad: [{SECRET}\n",
    f"{SYNC}/apps/dup.yaml": f"password: {SECRET}\npassword: {SECRET}\n",
    f"{SYNC}/apps/tabs.yaml": f"token:\n\t{SECRET}\n",
    # A fixable line between credentials: the diff's natural context.
    f"{SYNC}/apps/mixed.yaml": (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: m, namespace: apps}\n"
        f"data:\n  anything: {SECRET}\n---\n"
        f"password: {SECRET}\napiVersion: source.toolkit.fluxcd.io/v1beta2\n"
        f"kind: GitRepository\nmetadata: {{name: m, namespace: apps}}\nspec:\n  token: {SECRET}\n"
    ),
}


def scan(root: Path, *extra: Path, allowed: set[Path] = frozenset()) -> list[Path]:  # type: ignore[assignment]
    """Every file under `root` and `extra` (recursively, not .git) holding the secret."""
    found = []
    for base in (root, *extra):
        if not base.exists():
            continue
        candidates = [base] if base.is_file() else base.rglob("*")
        for path in candidates:
            if ".git" in path.parts or not path.is_file() or path in allowed:
                continue
            if SECRET.encode() in path.read_bytes():
                found.append(path)
    return found


@pytest.fixture
def leaky_repo(tmp_path) -> Path:
    root = write_tree(tmp_path / "repo", tree(**PLANTED))
    git(root, "init", "--quiet")
    git(root, "add", "-A")
    git(root, "add", "-f", f"{SYNC}/helm/secrets/podinfo-values-prod.yaml")
    git(root, "commit", "--quiet", "-m", "leaky")
    return root


def planted_paths(root: Path) -> set[Path]:
    return {root / rel for rel in PLANTED}


LINT_RUNS = [
    ["--format", fmt, *extra]
    for fmt in ("text", "json", "sarif", "github")
    for extra in ([], ["--verbose"], ["--strict", "--verbose"])
] + [
    ["--diff"],
    ["--diff", "--format", "json"],
    ["--diff", "--format", "sarif"],
    ["--diff", "--format", "github", "--verbose"],
    ["--fix", "--verbose"],
    ["--select", "no-such-rule"],
    ["--format", "yaml"],
    ["--sync-path", "../../etc"],
]


@pytest.mark.parametrize("args", LINT_RUNS, ids=lambda a: " ".join(a))
def test_lint_never_prints_the_secret(cli, leaky_repo, tmp_path, args) -> None:
    report = tmp_path / "report.out"
    result = cli("lint", str(leaky_repo), "--sync-path", SYNC, "--output-file", str(report), *args)
    # The planted secrets are errors; a bad flag or sync path is a usage error.
    bad_usage = {"--select", "--sync-path"} & set(args) or "yaml" in args
    assert_handled(result, codes=(2,) if bad_usage else (1,))
    assert SECRET not in result.stdout + result.stderr
    cache = Path(os.environ["XDG_CACHE_HOME"])
    assert scan(leaky_repo, report, cache, allowed=planted_paths(leaky_repo)) == []


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_build_never_prints_the_secret(cli, leaky_repo, fmt) -> None:
    result = cli("build", "--sync-path", SYNC, "-o", fmt, cwd=leaky_repo)
    assert_handled(result, codes=(0, 1))
    assert "kind: Secret" in result.stdout or '"Secret"' in result.stdout or result.exit_code
    assert SECRET not in result.stdout + result.stderr
    shown = cli("build", "--sync-path", SYNC, "-o", fmt, "--show-secrets", cwd=leaky_repo)
    assert_handled(shown, codes=(0, 1))


def test_lint_to_stdout_finds_the_plants_but_never_shows_them(cli, leaky_repo) -> None:
    result = cli("lint", str(leaky_repo), "--sync-path", SYNC, "--verbose")
    assert_handled(result, codes=(1,))
    for rel in PLANTED:
        assert rel in result.stdout + result.stderr
    assert "plaintext-secret" in result.stdout and "inline-secret-value" in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_lint_fix_writes_no_secret_anywhere_new(cli, leaky_repo) -> None:
    before = {p: p.read_bytes() for p in leaky_repo.rglob("*") if p.is_file()}
    result = cli("lint", str(leaky_repo), "--sync-path", SYNC, "--fix")
    assert_handled(result, codes=(1,))
    assert SECRET not in result.stdout + result.stderr
    changed = [p for p in leaky_repo.rglob("*") if p.is_file() and before.get(p) != p.read_bytes()]
    assert changed  # the deprecated apiVersion of the planted release was fixed in place
    new = [p for p in changed if ".git" not in p.parts and p not in planted_paths(leaky_repo)]
    assert all(SECRET.encode() not in p.read_bytes() for p in new)
    assert not list(leaky_repo.rglob("*.tmp"))


@pytest.mark.parametrize("failure", ["", "check-pre=1", "bootstrap=3", "check=1"])
@pytest.mark.parametrize("variable", ["GITHUB_TOKEN", "GIT_PASSWORD"])
def test_bootstrap_never_leaks_the_token(
    cli, fake_flux, git_target, cluster_repo, monkeypatch, failure, variable
) -> None:
    monkeypatch.setenv(variable, SECRET)
    fake_flux.set("LEAK", variable)  # the fake flux prints the value it was given
    if failure:
        fake_flux.set("FAIL", failure)
    if variable == "GIT_PASSWORD":
        root, _ = git_target
        args = ["bootstrap", "git", "--", "--token-auth"]
    else:
        root = cluster_repo(name="gh", owner="acme", repository="fleet")
        args = ["bootstrap", "github"]
    for extra in ([], ["--dry-run"]):
        result = cli(*args[:2], *extra, *args[2:], cwd=root)
        # The exit code depends on the failure injected; the point here is that none leaks.
        assert_handled(result, codes=(0, 1))
        assert "Traceback" not in result.stderr
        assert SECRET not in result.stdout + result.stderr
    for call in fake_flux.calls():
        assert SECRET not in " ".join(call["argv"])
    assert SECRET.encode() not in fake_flux.record.read_bytes()
    assert scan(root, Path(os.environ["XDG_CACHE_HOME"])) == []


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("failure", ["", "get=1"])
def test_status_never_leaks_the_token(
    cli, fake_flux, cluster_repo, monkeypatch, fmt, failure
) -> None:
    root = cluster_repo(owner="acme", repository="fleet")
    monkeypatch.setenv("GITHUB_TOKEN", SECRET)
    fake_flux.set("LEAK", "GITHUB_TOKEN")
    if failure:
        fake_flux.set("FAIL", failure)
    result = cli("status", "--format", fmt, cwd=root)
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert SECRET.encode() not in (
        fake_flux.record.read_bytes() if fake_flux.record.exists() else b""
    )


def seal_repo(make_git_repo) -> Path:
    from tests.authoring.conftest import CLUSTER_FILES, answers

    return make_git_repo({**CLUSTER_FILES, ".copier-answers.yml": answers("clusters/dev")})


SEAL_RUNS = [
    (["--from-literal", f"password={SECRET}"], None, 0),
    (["--from-file", "password=-"], SECRET, 0),
    (["--from-literal", "password", SECRET], None, 2),  # a space instead of `=`
    (["--from-literal", f"bad key={SECRET}"], None, 2),
    (["--from-literal", f"{SECRET}"], None, 2),
    (["--from-literal", f"a={SECRET}", "--from-literal", f"a={SECRET}"], None, 2),
    (["--from-file", "a=-", "--from-file", "b=-"], SECRET, 2),
    (["--from-literal", f"a={SECRET}", "--cert", "/nonexistent.pem"], None, 2),
    (["--from-file", f"password={SECRET}"], None, 2),  # a value where a path belongs
    (["--from-file", f"{SECRET}"], None, 2),
    (["--from-file", f"password={SECRET}", "--from-literal", f"b={SECRET}"], None, 2),
]


@pytest.mark.parametrize("args, stdin, code", SEAL_RUNS)
def test_seal_never_leaks_or_writes_plaintext(
    cli, make_git_repo, cert_file, tmp_path, args, stdin, code
) -> None:
    root = seal_repo(make_git_repo)
    result = cli("seal", "db", "-n", "apps", "--cert", str(cert_file), *args, cwd=root, input=stdin)
    assert_handled(result, codes=(code,))
    assert SECRET not in result.stdout + result.stderr
    assert scan(root, tmp_path / "home", Path(os.environ["XDG_CACHE_HOME"])) == []
    assert not list(root.rglob("*.tmp"))
    if code == 0:
        sealed = root / "clusters/dev/helm/secrets/db-sealed.yaml"
        assert sealed.is_file() and b"encryptedData" in sealed.read_bytes()
        again = cli("seal", "db", "-n", "apps", "--cert", str(cert_file), *args, cwd=root,
                    input=stdin)  # fmt: skip
        assert_handled(again, codes=(2,))
        assert "already exists" in again.stderr and SECRET not in again.stdout + again.stderr


def test_seal_env_file_values_stay_in_the_env_file(cli, make_git_repo, cert_file, tmp_path):
    root = seal_repo(make_git_repo)
    env_file = tmp_path / "secret.env"
    env_file.write_text(f"password={SECRET}\nbad line {SECRET}\n")
    result = cli("seal", "db", "-n", "apps", "--cert", str(cert_file), "--from-env-file",
                 str(env_file), cwd=root)  # fmt: skip
    assert_handled(result, codes=(2,))
    assert SECRET not in result.stdout + result.stderr
    env_file.write_text(f"password={SECRET}\n")
    result = cli("seal", "db", "-n", "apps", "--cert", str(cert_file), "--from-env-file",
                 str(env_file), cwd=root)  # fmt: skip
    assert_handled(result, codes=(0,))
    assert SECRET not in result.stdout + result.stderr
    assert scan(root) == []


def test_add_release_refuses_credentials_without_echoing_them(cli, make_git_repo, tmp_path):
    root = seal_repo(make_git_repo)
    assert (
        cli("add", "repository", "podinfo", "--url", "https://x.example", cwd=root).exit_code == 0
    )
    values = tmp_path / "values.yaml"
    values.write_text(f"replicaCount: 2\nauth:\n  password: {SECRET}\n")
    result = cli("add", "release", "podinfo", "--chart", "podinfo", "--version", "6.5.0",
                 "--repository", "podinfo", "--values-file", str(values), cwd=root)  # fmt: skip
    assert_handled(result, codes=(2,))
    assert SECRET not in result.stdout + result.stderr
    assert scan(root) == []


CREDENTIAL_URLS = [
    f"https://user:{SECRET}@github.com/acme/fleet.git",
    f"https://{SECRET}@github.com/acme/fleet.git",  # a token as the user name
    f"ssh://git:{SECRET}@example.com/fleet.git",
    f"ssh://{SECRET}@example.com/fleet.git",
    f"{SECRET}@example.com:acme/fleet.git",
]


@pytest.mark.parametrize("url", CREDENTIAL_URLS)
def test_new_refuses_a_url_with_credentials(cli, tmp_path, url) -> None:
    dest = tmp_path / "fleet"
    for data in (f"git_url={url}", url):  # also a --data without its key
        result = cli("new", str(dest), "--data", "git_provider=git", "--data", data)
        assert_handled(result, codes=(2,))
        assert SECRET not in result.stdout + result.stderr
        assert not dest.exists()


@pytest.mark.parametrize("url", CREDENTIAL_URLS)
def test_bootstrap_refuses_a_url_with_credentials(cli, fake_flux, git_target, url) -> None:
    root, _ = git_target
    result = cli("bootstrap", "git", "--url", url, cwd=root)
    assert_handled(result, codes=(2,))
    assert "credentials" in result.stderr and SECRET not in result.stdout + result.stderr
    assert fake_flux.calls() == []


@pytest.mark.parametrize("url", CREDENTIAL_URLS[:2])
def test_answers_read_back_with_credentials_are_refused(cli, fake_flux, cluster_repo, url):
    root = cluster_repo(git_provider="git", git_url=url)
    result = cli("bootstrap", "git", cwd=root)
    assert_handled(result, codes=(2,))
    assert ".copier-answers.yml:" in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert fake_flux.calls() == []
    again = cli("new", str(root), "--sync-path", "clusters/prod", "--no-commit")
    assert_handled(again, codes=(2,))
    assert SECRET not in again.stdout + again.stderr
    assert not (root / "clusters/prod").exists()


@pytest.mark.parametrize("url", CREDENTIAL_URLS[:2])
def test_add_repository_refuses_a_url_with_credentials(cli, make_git_repo, url) -> None:
    root = seal_repo(make_git_repo)
    result = cli("add", "repository", "podinfo", "--url", url, cwd=root)
    assert_handled(result, codes=(2,))
    assert SECRET not in result.stdout + result.stderr
    assert scan(root) == []


# Credentials where lint has no rule for them: a URL's user information (a token as the
# user too), a JSON string inside YAML, an environment line, a short key (`DB_PASS`).
# Short and plain, so a message would quote them; each must stay out of every output.
SHORT = "Zq7w4e1cK9"
NUMBER = "80417263"
QUIET_PLANTS = {
    f"{SYNC}/helm/repositories/private.yaml": (
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\n"
        "metadata: {name: private, namespace: flux-system}\n"
        f"spec: {{interval: 10m, url: 'https://ghp_{SHORT}@charts.example.com/x'}}\n"
        "---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\n"
        "metadata: {name: private, namespace: flux-system}\n"
        f"spec: {{interval: 10m, url: 'https://u:{SHORT}@git.example.com/x.git',\n"
        f"  ref: {{branch: main}}, provider: 'https://ghp_{SHORT}@h.io'}}\n"
    ),
    f"{SYNC}/apps/settings.yaml": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: apps}\n"
        f"data:\n  settings: '{{\"db_password\":\"{SHORT}\"}}'\n  env: \"DB_PASS={SHORT}\"\n"
        "---\napiVersion: source.toolkit.fluxcd.io/v1beta2\n"  # fixable: the diff shows context
        f"spec: {{interval: 10m, url: 'https://u:{SHORT}@git.example.com/y.git'}}\n"
        "kind: GitRepository\nmetadata: {name: y, namespace: apps}\n"
        "---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
        "metadata: {name: apps, namespace: flux-system}\n"
        "spec:\n  interval: 10m\n  path: ./clusters/dev/apps\n  prune: true\n"
        "  sourceRef: {kind: GitRepository, name: flux-system}\n"
        f"  postBuild: {{substitute: {{DB_PASS: {NUMBER}}}}}\n"
    ),
}
QUIET_RUNS = [
    ("list",), ("list", "--format", "json"), ("tree",), ("tree", "--format", "mermaid"),
    ("lint", "--format", "sarif"), ("lint", "--format", "json"), ("lint", "--verbose"),
    ("lint", "--diff"), ("lint", "--diff", "--format", "sarif"),
    ("build",), ("build", "-o", "json"),
]  # fmt: skip


@pytest.fixture
def quiet_repo(tmp_path) -> Path:
    root = write_tree(tmp_path / "repo", tree(**QUIET_PLANTS))
    git(root, "init", "--quiet")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "quiet")
    return root


@pytest.mark.parametrize("args", QUIET_RUNS, ids=" ".join)
def test_urls_json_env_and_short_keys_never_shown(cli, quiet_repo, args) -> None:
    result = cli(*args, "--sync-path", SYNC, cwd=quiet_repo)
    assert_handled(result, codes=(0, 1))
    cache = [p for p in Path(os.environ["XDG_CACHE_HOME"]).rglob("*") if p.is_file()]
    for secret in (SHORT, NUMBER):
        assert secret not in result.stdout + result.stderr
        assert [p for p in cache if secret.encode() in p.read_bytes()] == []


DIFF_FORMATS = ("text", "markdown", "json", "github")
DIFF_RUNS = [("diff", "HEAD~1", "HEAD", "-o", fmt) for fmt in DIFF_FORMATS]
DIFF_RUNS += [("diff", "HEAD~1")]  # the head: the work tree


@pytest.fixture
def quiet_history(tmp_path) -> Path:
    """The quiet plants changed from harmless values in a commit before: diff shows values."""
    root = write_tree(tmp_path / "repo", tree(**{
        path: text.replace(SHORT, "harmless-before").replace(NUMBER, "7")
        for path, text in QUIET_PLANTS.items()
    }))  # fmt: skip
    git(root, "init", "--quiet")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "before")
    write_tree(root, tree(**QUIET_PLANTS))
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "quiet")
    return root


@pytest.mark.parametrize("args", DIFF_RUNS, ids=" ".join)
def test_diff_never_shows_the_quiet_plants(cli, quiet_history, args) -> None:
    result = cli(*args, "--sync-path", SYNC, cwd=quiet_history)
    assert_handled(result, codes=(0, 1))
    assert "settings" in result.stdout  # the changed ConfigMap is shown
    cache = [p for p in Path(os.environ["XDG_CACHE_HOME"]).rglob("*") if p.is_file()]
    for secret in (SHORT, NUMBER):
        assert secret not in result.stdout + result.stderr
        assert [p for p in cache if secret.encode() in p.read_bytes()] == []


def test_the_quiet_plants_are_seen(cli, quiet_repo) -> None:
    listed = cli("list", "--sync-path", SYNC, cwd=quiet_repo)
    # The facts keep a source's URL without its user information at all.
    assert " https://charts.example.com/x " in listed.stdout
    linted = cli("lint", "--sync-path", SYNC, cwd=quiet_repo)
    assert "spec.postBuild.substitute.DB_PASS: expected string, got integer" in linted.stdout
    assert "spec.provider: the value is not one of the allowed values" in linted.stdout
