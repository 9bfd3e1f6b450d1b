"""Bounded reads: exactly what a file holds, one byte past the limit at most."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scaffold import fs


@pytest.mark.parametrize(
    ("content", "size", "limit", "expected"),
    [
        (b"abc", 3, 100, b"abc"),  # what fstat said
        (b"abcdef", 3, 100, b"abcdef"),  # it grew after fstat: the rest is read too
        (b"abcdef", 3, 5, b"abcde"),  # but never past the limit
        (b"abcdef", 6, 5, b"abcde"),  # larger than the limit: the limit, to say so
        (b"", 0, 5, b""),
        (b"ab", 10, 100, b"ab"),  # it shrank
    ],
)
def test_read_up_to(
    tmp_path: Path, content: bytes, size: int, limit: int, expected: bytes
) -> None:
    path = tmp_path / "file"
    path.write_bytes(content)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert fs.read_up_to(fd, size, limit) == expected
    finally:
        os.close(fd)


def test_read_bounded_refuses_what_is_too_large_and_reads_the_rest(tmp_path: Path) -> None:
    small = tmp_path / "small"
    small.write_bytes(b"x" * 100)
    assert fs.read_bounded(small, 100) == b"x" * 100
    with pytest.raises(fs.Refused):
        fs.read_bounded(small, 99)
