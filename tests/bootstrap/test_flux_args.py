"""Flags after `--`: parsed as pflag parses them, credentials and conflicts refused."""

from __future__ import annotations

import pytest

from scaffold import proc
from scaffold.bootstrap.flux_args import FluxFlag, check_flux_args, parse_flags, switch
from scaffold.errors import UsageError
from scaffold.flux.providers import Provider


@pytest.mark.parametrize(
    ("args", "flags"),
    [
        (["--a=1", "--b", "2"], [FluxFlag("--a", "1"), FluxFlag("--b", None)]),
        (["-sppw"], [FluxFlag("--silent", None), FluxFlag("--password", "pw")]),
        (["-p=pw"], [FluxFlag("--password", "pw")]),
        (["-s", "-u", "bot"], [FluxFlag("--silent", None), FluxFlag("--username", None)]),
        (["-nfoo"], [FluxFlag("--namespace", "foo")]),
        (["--x", "--", "--password=pw"], [FluxFlag("--x", None)]),
    ],
)
def test_parse_flags_like_pflag(args, flags) -> None:
    assert list(parse_flags(args)) == flags


def test_switch_keeps_the_last_value() -> None:
    assert switch(["--token-auth"], "--token-auth") is True
    assert switch(["--token-auth", "--token-auth=false"], "--token-auth") is False
    assert switch(["--silent=0"], "--silent") is False
    assert switch([], "--silent") is None


@pytest.mark.parametrize(
    "args",
    [["--namespace=gitops"], ["-n", "gitops"], ["-ngitops"], ["--kubeconfig=k"],
     ["--context", "kind"], ["--ns-follows-kube-context"], ["--path=x"], ["--private=false"],
     ["--visibility=internal"]],
)
def test_flags_we_manage_are_refused(args) -> None:
    with pytest.raises(UsageError, match="conflicts with the value gitops-scaffold sets"):
        check_flux_args(Provider.gitlab, args)


@pytest.mark.parametrize("args", [["--server=https://k"], ["--as=admin"], ["--client-key=k"]])
def test_flags_choosing_another_cluster_are_refused(args) -> None:
    with pytest.raises(UsageError, match="but not the `flux check`"):
        check_flux_args(Provider.github, args)


def test_username_is_ours_only_for_bitbucket_server() -> None:
    check_flux_args(Provider.git, ["-u", "bot"])
    with pytest.raises(UsageError, match="--username after `--` conflicts"):
        check_flux_args(Provider.bitbucket_server, ["--username=bot"])


def test_redact_covers_url_encoded_spellings() -> None:
    secret = "pa ss/w+rd=1"
    text = "a pa ss/w+rd=1 b pa%20ss%2Fw%2Brd%3D1 c pa+ss%2Fw%2Brd%3D1 d pa%20ss/w%2Brd%3D1"
    assert proc.redact(text, [secret]) == "a *** b *** c *** d ***"


def test_password_hint_names_the_providers_variable() -> None:
    with pytest.raises(UsageError) as refused:
        check_flux_args(Provider.gitlab, ["-sphunter2"])
    assert refused.value.hint == "export GITLAB_TOKEN; flux bootstrap gitlab reads its token there"
    assert "hunter2" not in refused.value.message
