"""`gitops-scaffold seal`: the SealedSecret file, its shape, and no plaintext anywhere."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import yaml
from kubesealpy import Unsealer
from kubesealpy.models import SealedSecret as KsSealedSecret

from tests.conftest import git

from .reference import label_for, reference_decrypt

PLANTED = "Pl4nted-XyZZy-9731"
SEALED = "clusters/dev/helm/secrets/db-creds-sealed.yaml"


def seal(cli, cwd, *args, input=None):
    return cli("seal", "db-creds", "--namespace", "apps", *args, cwd=cwd, input=input)


def unseal(private_key, path: Path) -> dict[str, bytes]:
    document = yaml.safe_load(path.read_text())
    secret = Unsealer.from_private_key(private_key).unseal(KsSealedSecret.model_validate(document))
    return {k: base64.b64decode(v) for k, v in (secret.data or {}).items()}


def files_containing(root: Path, needle: str) -> list[Path]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and needle.encode() in path.read_bytes():
            hits.append(path)
    return hits


def test_seal_writes_kubeseal_shaped_sealed_secret(cli, fleet, cert_file, controller_key) -> None:
    result = seal(cli, fleet, "--from-literal", "username=admin", "--cert", str(cert_file))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == SEALED
    assert f"git add {SEALED} && git commit -m 'Add SealedSecret apps/db-creds'" in result.stderr
    text = (fleet / SEALED).read_text()
    assert text.startswith("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n")
    document = yaml.safe_load(text)
    meta = {"creationTimestamp": None, "name": "db-creds", "namespace": "apps"}
    assert document["metadata"] == meta
    assert document["spec"]["template"] == {"metadata": meta, "type": "Opaque"}
    assert list(document["spec"]["encryptedData"]) == ["username"]
    assert unseal(controller_key.private_key, fleet / SEALED) == {"username": b"admin"}


@pytest.mark.parametrize(
    ("scope", "annotation"),
    [
        ("namespace-wide", "sealedsecrets.bitnami.com/namespace-wide"),
        ("cluster-wide", "sealedsecrets.bitnami.com/cluster-wide"),
    ],
)
def test_scope_annotations_and_labels(cli, fleet, cert_file, controller_key, scope, annotation):
    result = seal(cli, fleet, "--from-literal", "k=v", "--cert", str(cert_file), "--scope", scope)
    assert result.exit_code == 0, result.stderr
    document = yaml.safe_load((fleet / SEALED).read_text())
    assert document["metadata"]["annotations"] == {annotation: "true"}
    assert document["spec"]["template"]["metadata"]["annotations"] == {annotation: "true"}
    assert "'true'" in (fleet / SEALED).read_text() or '"true"' in (fleet / SEALED).read_text()
    label = label_for("apps", "db-creds", scope)
    value = document["spec"]["encryptedData"]["k"]
    assert reference_decrypt(controller_key.private_key, value, label) == b"v"
    assert unseal(controller_key.private_key, fleet / SEALED) == {"k": b"v"}


def test_sources_combine_and_keys_are_sorted(cli, fleet, cert_file, controller_key, tmp_path):
    (tmp_path / "ca.crt").write_bytes(b"-----BEGIN-----\n\x00\x01binary")
    (tmp_path / "app.env").write_text("# comment\n\nDB_USER=app\n  DB_HOST=db:5432\n")
    result = seal(
        cli,
        fleet,
        "--from-literal",
        "zeta=last",
        "--from-file",
        str(tmp_path / "ca.crt"),
        "--from-file",
        "values.yaml=-",
        "--from-env-file",
        str(tmp_path / "app.env"),
        "--cert",
        str(cert_file),
        input="auth:\n  password: x\n",
    )
    assert result.exit_code == 0, result.stderr
    document = yaml.safe_load((fleet / SEALED).read_text())
    assert list(document["spec"]["encryptedData"]) == sorted(
        ["zeta", "ca.crt", "values.yaml", "DB_USER", "DB_HOST"]
    )
    assert unseal(controller_key.private_key, fleet / SEALED) == {
        "zeta": b"last",
        "ca.crt": b"-----BEGIN-----\n\x00\x01binary",
        "values.yaml": b"auth:\n  password: x\n",
        "DB_USER": b"app",
        "DB_HOST": b"db:5432",
    }


def test_planted_value_never_leaks(cli, fleet, cert_file, tmp_path, controller_key) -> None:
    result = seal(
        cli,
        fleet,
        "--from-literal",
        f"password={PLANTED}",
        "--from-file",
        "token=-",
        "--cert",
        str(cert_file),
        input=PLANTED + "-stdin",
    )
    assert result.exit_code == 0, result.stderr
    assert PLANTED not in result.stdout + result.stderr
    assert files_containing(fleet, PLANTED) == []
    assert files_containing(tmp_path, PLANTED) == []
    assert unseal(controller_key.private_key, fleet / SEALED) == {
        "password": PLANTED.encode(),
        "token": f"{PLANTED}-stdin".encode(),
    }


@pytest.mark.parametrize(
    "args",
    [
        ["--from-literal", PLANTED],
        ["--from-literal", "password", PLANTED],
        ["--from-literal", f"={PLANTED}"],
        ["--from-literal", f"bad key={PLANTED}"],
        ["--from-literal", f"k={PLANTED}", "--from-literal", f"k={PLANTED}"],
        ["--from-literal", f"k={PLANTED}", "--from-file", "k=-"],
    ],
)
def test_errors_never_echo_a_value(cli, fleet, cert_file, args) -> None:
    result = seal(cli, fleet, *args, "--cert", str(cert_file), input=PLANTED)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert PLANTED not in result.stdout + result.stderr
    assert not (fleet / SEALED).exists()


def test_env_file_line_without_equals_is_not_echoed(cli, fleet, cert_file, tmp_path) -> None:
    env = tmp_path / "app.env"
    env.write_text(f"OK=1\n{PLANTED}\n")
    result = seal(cli, fleet, "--from-env-file", str(env), "--cert", str(cert_file))
    assert result.exit_code == 2
    assert f"{env}:2" in result.stderr
    assert PLANTED not in result.stderr


def test_env_file_bare_key_reads_the_environment(
    cli, fleet, cert_file, tmp_path, monkeypatch, controller_key
):
    monkeypatch.setenv("DB_PASSWORD", PLANTED)
    env = tmp_path / "app.env"
    env.write_text("DB_PASSWORD\n")
    result = seal(cli, fleet, "--from-env-file", str(env), "--cert", str(cert_file))
    assert result.exit_code == 0, result.stderr
    assert unseal(controller_key.private_key, fleet / SEALED) == {"DB_PASSWORD": PLANTED.encode()}


def test_nothing_to_seal(cli, fleet, cert_file) -> None:
    result = seal(cli, fleet, "--cert", str(cert_file))
    assert result.exit_code == 2
    assert "nothing to seal" in result.stderr


def test_existing_file_needs_force(cli, fleet, cert_file, controller_key) -> None:
    assert seal(cli, fleet, "--from-literal", "k=one", "--cert", str(cert_file)).exit_code == 0
    before = (fleet / SEALED).read_text()
    again = seal(cli, fleet, "--from-literal", "k=two", "--cert", str(cert_file))
    assert again.exit_code == 2
    assert f"{SEALED} already exists" in again.stderr
    assert "--force" in again.stderr
    assert (fleet / SEALED).read_text() == before
    forced = seal(cli, fleet, "--from-literal", "k=two", "--cert", str(cert_file), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert unseal(controller_key.private_key, fleet / SEALED) == {"k": b"two"}
    assert sorted(p.name for p in (fleet / SEALED).parent.iterdir()) == [
        ".gitkeep",
        "db-creds-sealed.yaml",
    ]


def test_works_from_a_subdirectory(cli, fleet, cert_file) -> None:
    sub = fleet / "clusters" / "dev" / "helm"
    result = seal(cli, sub, "--from-literal", "k=v", "--cert", str(cert_file))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "secrets/db-creds-sealed.yaml"
    assert (fleet / SEALED).is_file()


def test_several_clusters_need_sync_path(cli, two_clusters, cert_file) -> None:
    ambiguous = seal(cli, two_clusters, "--from-literal", "k=v", "--cert", str(cert_file))
    assert ambiguous.exit_code == 2
    assert "clusters/dev" in ambiguous.stderr and "clusters/prod" in ambiguous.stderr
    chosen = seal(
        cli,
        two_clusters,
        "--from-literal",
        "k=v",
        "--cert",
        str(cert_file),
        "--sync-path",
        "clusters/prod",
    )
    assert chosen.exit_code == 0, chosen.stderr
    assert (two_clusters / "clusters/prod/helm/secrets/db-creds-sealed.yaml").is_file()


def test_expired_certificate_needs_allow_expired(cli, fleet, expired_key, tmp_path) -> None:
    cert = expired_key.write(tmp_path)
    refused = seal(cli, fleet, "--from-literal", "k=v", "--cert", str(cert))
    assert refused.exit_code == 2
    assert "expired" in refused.stderr and "--allow-expired" in refused.stderr
    assert not (fleet / SEALED).exists()
    allowed = seal(cli, fleet, "--from-literal", "k=v", "--cert", str(cert), "--allow-expired")
    assert allowed.exit_code == 0
    assert "warning:" in allowed.stderr and "expired" in allowed.stderr


def test_ec_certificate_is_refused(cli, fleet, ec_cert_pem, tmp_path) -> None:
    cert = tmp_path / "ec.pem"
    cert.write_bytes(ec_cert_pem)
    result = seal(cli, fleet, "--from-literal", "k=v", "--cert", str(cert))
    assert result.exit_code == 2
    assert "not RSA" in result.stderr


@pytest.mark.parametrize(
    ("name", "namespace"), [("DB_Creds", "apps"), ("db-creds", "Apps"), ("db-creds", "a.b")]
)
def test_invalid_names_are_refused(cli, fleet, cert_file, name, namespace) -> None:
    result = cli(
        "seal",
        name,
        "--namespace",
        namespace,
        "--from-literal",
        "k=v",
        "--cert",
        str(cert_file),
        cwd=fleet,
    )
    assert result.exit_code == 2
    assert "invalid" in result.stderr


def test_sealed_file_is_not_ignored_by_git(cli, fleet, cert_file) -> None:
    assert seal(cli, fleet, "--from-literal", "k=v", "--cert", str(cert_file)).exit_code == 0
    assert git(fleet, "status", "--porcelain").strip() == f"?? {SEALED}"


def test_output_passes_the_linter(cli, fleet, cert_file) -> None:
    engine = pytest.importorskip("scaffold.lint.engine")
    assert seal(cli, fleet, "--from-literal", "k=v", "--cert", str(cert_file)).exit_code == 0
    report = engine.run_lint(fleet)
    assert [(f.rule, f.path, f.message) for f in report.findings] == []


def test_empty_value_is_refused(cli, fleet, cert_file) -> None:
    result = seal(cli, fleet, "--from-file", "token=-", "--cert", str(cert_file), input="")
    assert result.exit_code == 2
    assert "the value of 'token' is empty" in result.stderr
    assert "--allow-empty" in result.stderr
    assert not (fleet / SEALED).exists()


def test_empty_value_is_sealed_with_a_warning_when_allowed(
    cli, fleet, cert_file, controller_key
) -> None:
    args = ("--from-file", "token=-", "--cert", str(cert_file), "--allow-empty")
    result = seal(cli, fleet, *args, input="")
    assert result.exit_code == 0, result.stderr
    assert "warning: the value of 'token' is empty" in result.stderr
    assert unseal(controller_key.private_key, fleet / SEALED) == {"token": b""}


def test_data_over_one_mebibyte_is_refused(cli, fleet, cert_file, tmp_path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (1024 * 1024))
    result = seal(cli, fleet, "--from-file", f"blob={big}", "--cert", str(cert_file))
    assert result.exit_code == 2
    assert "at most 1 MiB" in result.stderr
    assert not (fleet / SEALED).exists()


def test_console_script_reads_a_piped_value(console_script, fleet, cert_file, controller_key):
    import subprocess

    done = subprocess.run(
        [str(console_script), "seal", "db-creds", "-n", "apps", "--from-file", "password=-",
         "--cert", str(cert_file)],
        cwd=fleet / "clusters", input=PLANTED.encode(), capture_output=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().strip() == "dev/helm/secrets/db-creds-sealed.yaml"
    assert PLANTED.encode() not in done.stdout + done.stderr
    assert unseal(controller_key.private_key, fleet / SEALED) == {"password": PLANTED.encode()}


def test_terminal_input_is_prompted_without_echo(monkeypatch) -> None:
    from scaffold.authoring import secret_data as secretdata

    prompts = []
    monkeypatch.setattr(secretdata.getpass, "getpass", lambda p: prompts.append(p) or "typed")
    value = secretdata.read_stdin_value("password", lambda: b"piped", isatty=True)
    assert value == b"typed"
    assert prompts == ["value for password: "]
    assert secretdata.read_stdin_value("password", lambda: b"piped", isatty=False) == b"piped"


def test_outside_a_git_work_tree_no_commit_command_is_printed(cli, make_tree, cert_file) -> None:
    from tests.authoring.conftest import CLUSTER_FILES, answers

    root = make_tree({**CLUSTER_FILES, ".copier-answers.yml": answers("clusters/dev")})
    result = seal(cli, root, "--from-literal", "k=v", "--cert", str(cert_file))
    assert result.exit_code == 0, result.stderr
    assert "git add" not in result.stderr
    assert "not in a Git work tree: nothing to commit" in result.stderr
