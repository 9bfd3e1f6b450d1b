"""Fixtures for authoring components: a generated-looking repo and controller certificates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from tests.fixtures import empty_layout

CLUSTER_FILES = empty_layout("clusters/dev")


def answers(sync_path: str) -> str:
    return f"_src_path: /opt/template\nsync_path: {sync_path}\ngit_provider: github\n"


@pytest.fixture
def fleet(make_git_repo) -> Path:
    """A repository with one cluster, clusters/dev, laid out as `new` lays it out."""
    return make_git_repo({**CLUSTER_FILES, ".copier-answers.yml": answers("clusters/dev")})


@pytest.fixture
def two_clusters(make_git_repo) -> Path:
    """A repository with clusters/dev and clusters/prod."""
    files = {
        **CLUSTER_FILES,
        ".copier-answers.yml": answers("clusters/dev"),
        ".copier-answers.clusters.prod.yml": answers("clusters/prod"),
        "clusters/prod/helm/secrets/.gitkeep": "",
    }
    return make_git_repo(files)


@dataclass(frozen=True)
class ControllerKey:
    """A key pair and certificate like the sealed-secrets controller's."""

    private_key: rsa.RSAPrivateKey
    cert_pem: bytes

    def write(self, directory: Path, name: str = "pub-sealed-secrets.pem") -> Path:
        path = directory / name
        path.write_bytes(self.cert_pem)
        return path


def self_signed(
    private_key, *, days: int = 3650, expired: bool = False, empty_subject: bool = True
):
    """A self-signed CA certificate; the controller's has an empty subject."""
    now = dt.datetime.now(dt.timezone.utc)
    start, end = (
        (now - dt.timedelta(days=30), now - dt.timedelta(days=1))
        if expired
        else (
            now - dt.timedelta(minutes=1),
            now + dt.timedelta(days=days),
        )
    )
    name = (
        x509.Name([])
        if empty_subject
        else x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sealed-secret")])
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private_key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="session")
def controller_key() -> ControllerKey:
    """RSA 2048 (the controller uses 4096; 2048 keeps the suite fast)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ControllerKey(key, self_signed(key))


@pytest.fixture(scope="session")
def expired_key(controller_key: ControllerKey) -> ControllerKey:
    return ControllerKey(
        controller_key.private_key, self_signed(controller_key.private_key, expired=True)
    )


@pytest.fixture(scope="session")
def ec_cert_pem() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    return self_signed(key, empty_subject=False)


@pytest.fixture
def cert_file(controller_key: ControllerKey, tmp_path: Path) -> Path:
    """The controller's certificate, outside the repository, as `--fetch-cert` leaves it."""
    return controller_key.write(tmp_path)


@pytest.fixture
def read_yaml() -> Callable[[Path], dict]:
    import yaml

    def read(path: Path) -> dict:
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    return read
