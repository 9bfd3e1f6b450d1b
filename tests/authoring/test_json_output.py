"""`--format json` of the writing commands: what was written, and nothing secret."""

from __future__ import annotations

import json
import re

import pytest

from scaffold.formats import WRITE_FORMATS, OutputFormat

PLANTED = "Pl4nted-XyZZy-9731"


def test_new_json_names_the_files_and_the_commit(cli, tmp_path) -> None:
    dest = tmp_path / "fleet"
    result = cli("new", str(dest), "--sync-path", "clusters/dev", "-d", "owner=acme",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["action"] == "created"
    assert data["sync_path"] == "clusters/dev"
    assert ".gitignore" in data["files"]
    assert re.fullmatch(r"[0-9a-f]{40}", data["commit"])
    assert "acme" not in result.stdout  # answers are not part of what was written


def test_new_json_does_not_combine_with_bootstrap(cli, tmp_path) -> None:
    result = cli("new", str(tmp_path / "f"), "--format", "json", "--bootstrap", "github")
    assert result.exit_code == 2
    assert "-o json does not combine with --bootstrap" in result.stderr
    assert not (tmp_path / "f").exists()


def test_seal_json_names_keys_never_values(cli, fleet, cert_file) -> None:
    result = cli("seal", "db", "-n", "apps", "--from-literal", f"password={PLANTED}",
                 "--cert", str(cert_file), "--format", "json", cwd=fleet)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["action"] == "sealed"
    assert data["path"] == "clusters/dev/helm/secrets/db-sealed.yaml"
    assert data["details"] == {"namespace": "apps", "scope": "strict", "keys": ["password"]}
    assert PLANTED not in result.stdout + result.stderr


@pytest.mark.parametrize("fmt", [f.value for f in WRITE_FORMATS])
def test_every_write_format_is_accepted(cli, fleet, fmt) -> None:
    result = cli("add", "repository", "r", "--url", "https://charts.example.org", "--format", fmt,
                 cwd=fleet)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    if fmt == OutputFormat.json.value:
        assert json.loads(result.stdout)["kind"] == "HelmRepository"
    else:
        assert result.stdout.strip() == "clusters/dev/helm/repositories/r.yaml"


def test_an_unknown_format_is_refused_before_writing(cli, fleet) -> None:
    result = cli("add", "repository", "r", "--url", "https://charts.example.org",
                 "--format", "mermaid", cwd=fleet)  # fmt: skip
    assert result.exit_code == 2
    assert "unknown format 'mermaid'" in result.stderr
    assert not (fleet / "clusters/dev/helm/repositories/r.yaml").exists()
