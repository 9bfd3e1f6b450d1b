"""Chart versions: exact SemVer, ranges only when asked, `latest` never."""

from __future__ import annotations

import pytest

from scaffold.authoring.versions import check_version, is_exact
from scaffold.errors import UsageError


@pytest.mark.parametrize(
    "version", ["1.2.3", "v1.2.3", "0.0.0", "1.2.3-rc.1", "1.2.3+build.5", "10.20.30-alpha-1.x"]
)
def test_exact_versions(version) -> None:
    assert is_exact(version)
    assert check_version(version, allow_range=False) is True


@pytest.mark.parametrize(
    "version", ["1.2", "1", "1.2.x", "*", ">=8.0.0", "^1.2.3", "~1.2", ">=1.2.0 <2.0.0",
                "1.2.3 - 1.4.5", ">=1.0.0, <2.0.0", "1.x || >=3.0.0"]
)  # fmt: skip
def test_ranges_need_allow_range(version) -> None:
    assert not is_exact(version)
    with pytest.raises(UsageError, match="is a range") as caught:
        check_version(version, allow_range=False)
    assert "--allow-range" in (caught.value.hint or "")
    assert check_version(version, allow_range=True) is False


@pytest.mark.parametrize("version", ["latest", "LATEST"])
def test_latest_is_refused_even_with_allow_range(version) -> None:
    with pytest.raises(UsageError, match="latest") as caught:
        check_version(version, allow_range=True)
    assert "--allow-range" in (caught.value.hint or "")


@pytest.mark.parametrize(
    "version", ["", "01.2.3x", "1.2.3/../../x", "1.2.3\n", "stable", "1.2.3 ; rm", "a" * 200]
)
def test_junk_is_invalid(version) -> None:
    with pytest.raises(UsageError, match="invalid chart version"):
        check_version(version, allow_range=True)
