"""The fake flux and generated repositories of the bootstrap tests serve status too."""

from tests.bootstrap.conftest import (  # noqa: F401
    bare_remote,
    cluster_repo,
    fake_flux,
    git_target,
    https_remote,
    no_flux,
)
