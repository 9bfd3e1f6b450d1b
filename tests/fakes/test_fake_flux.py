"""The fake flux keeps the behaviours it documents, as read in the flux v2.9.4 source."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

FAKE = Path(__file__).with_name("fake_flux.py")
NAG = "✗ flux 2.7.3 <2.9.4 (new CLI version is available, please upgrade)"


@pytest.fixture
def flux(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("FAKE_FLUX_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("FAKE_FLUX_RECORD", str(tmp_path / "calls.jsonl"))

    def run(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(FAKE), *args], input=stdin, text=True,
                              capture_output=True, env={**os.environ, **env})

    return run


@pytest.fixture
def remote(tmp_path) -> str:
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(path)],
                   check=True)
    return path.as_uri()


def show(remote: str, rev: str) -> str:
    git_dir = remote.removeprefix("file://")
    return subprocess.run(["git", "--git-dir", git_dir, "show", rev], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.parametrize(("args", "error"), [
    (["check", "--foo"], "✗ unknown flag: --foo"),
    (["check", "-x"], "✗ unknown shorthand flag: 'x' in -x"),
    (["bootstrap", "git", "--url"], "✗ flag needs an argument: --url"),
    (["bootstrap", "github", "--personal=yes"],
     '✗ invalid argument "yes" for "--personal" flag: strconv.ParseBool: parsing "yes":'
     " invalid syntax"),
    (["bootstrap", "github", "--password=x"], "✗ unknown flag: --password"),
    (["check", "extra"], '✗ unknown command "extra" for "flux check"'),
])
def test_rejects_what_cobra_rejects(flux, args, error) -> None:
    done = flux(*args)
    assert (done.returncode, done.stderr.strip()) == (1, error)


def test_records_argv_and_variable_names_only(flux, tmp_path) -> None:
    flux("check", "--context=kind-dev", "--kubeconfig=/dev/null", GITHUB_TOKEN="s3cret")
    call = json.loads((tmp_path / "calls.jsonl").read_text())
    assert call["argv"] == ["check", "--context=kind-dev", "--kubeconfig=/dev/null"]
    assert "GITHUB_TOKEN" in call["env"] and "s3cret" not in json.dumps(call)


def test_check_nags_first_without_failing(flux) -> None:
    done = flux("check", "--pre")
    assert done.returncode == 0
    assert done.stderr.splitlines()[:2] == ["► checking prerequisites", NAG]
    assert NAG not in flux("check", FAKE_FLUX_LATEST="2.7.3").stderr


def test_check_fails_with_the_real_wording(flux) -> None:
    done = flux("check", FAKE_FLUX_CONTROLLERS_NOT_READY="helm-controller")
    assert done.returncode == 1
    assert "✗ helm-controller: deployment not ready" in done.stderr
    assert done.stderr.splitlines()[-1] == "✗ check failed"
    old = flux("check", "--pre", FAKE_FLUX_KUBERNETES_VERSION="1.27.3")
    assert old.returncode == 1
    assert old.stderr.splitlines()[-1] == "✗ Kubernetes version v1.27.3 does not match >=1.33.0-0"


def test_bootstrap_git_asks_for_the_deploy_key_and_aborts_at_eof(flux, remote) -> None:
    done = flux("bootstrap", "git", f"--url={remote}", "--path=clusters/dev")
    assert done.returncode == 1
    assert "Please give the key access to your repository" in done.stdout
    assert done.stderr.splitlines()[-1] == "✗ aborting"
    # The components were pushed before the question, as flux does.
    assert "Add Flux v2.7.3 component manifests" in show(remote, "main")


def test_bootstrap_git_writes_ssh_url_and_namespace(flux, remote) -> None:
    done = flux("bootstrap", "git", f"--url={remote}", "--path=./clusters/dev/", "-n", "ops",
                stdin="y\n", FAKE_FLUX_REMOTE=remote)
    assert done.returncode == 0, done.stderr
    docs = list(yaml.safe_load_all(show(remote, "main:clusters/dev/ops/gotk-sync.yaml")))
    assert [d["metadata"]["name"] for d in docs] == ["ops", "ops"]
    assert docs[0]["spec"]["url"].startswith("ssh://git@")
    assert docs[1]["spec"]["path"] == "./clusters/dev"
    exported = flux("export", "kustomization", "ops", "-n", "ops")
    assert "  path: ./clusters/dev\n" in exported.stdout


def test_bootstrap_git_token_auth_keeps_https(flux, remote) -> None:
    done = flux("bootstrap", "git", "--url=https://git.example.com/fleet.git", "--token-auth",
                "--path=clusters/dev", FAKE_FLUX_REMOTE=remote, GIT_PASSWORD="pw")
    assert done.returncode == 0, done.stderr
    sync = show(remote, "main:clusters/dev/flux-system/gotk-sync.yaml")
    assert "  url: https://git.example.com/fleet.git\n" in sync
    assert "Please give" not in done.stdout


def test_get_all_prints_suspended_and_multiline_messages(flux) -> None:
    done = flux("get", "all", "-A", FAKE_FLUX_SUSPENDED="flux-system/kustomization/flux-system",
                FAKE_FLUX_NOT_READY="apps/helmrelease/podinfo=install failed\nretries exhausted")
    lines = done.stdout.splitlines()
    row = next(line for line in lines if line.startswith("flux-system\tkustomization/"))
    assert row.split("\t")[3].strip() == "True"
    failed = lines.index(next(line for line in lines if "helmrelease/podinfo" in line))
    assert lines[failed + 1].split("\t")[:2] == ["         ", "                   "]
    assert lines[failed + 1].split("\t")[5].strip() == "retries exhausted"


def test_get_all_reports_an_unreachable_cluster_but_exits_zero(flux) -> None:
    done = flux("get", "all", "-A", FAKE_FLUX_CLUSTER="unreachable")
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr.startswith("✗ failed to get API group resources")
