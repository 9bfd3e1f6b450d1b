"""Text made safe to show: no file name or value may move the cursor or forge a line.

One home for the escaping every report needs: `printable` for a terminal or Markdown,
and GitHub's workflow-command escaping (`%`, CR, LF; in a property also `:` and `,`).
"""

from __future__ import annotations

import re

# Bytes of a file name that are not UTF-8 arrive as lone surrogates (os.fsdecode).
_UNDECODABLE = re.compile("[\udc80-\udcff]")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Every control character but CR and LF, which GitHub's format escapes its own way.
NOT_CRLF = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str, *, control: re.Pattern[str] | None = CONTROL) -> str:
    """`text` safe to print: undecodable bytes as `\\xNN`, control characters escaped too
    (`control`), so that no file name can move the cursor or forge a line."""
    text = _UNDECODABLE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", text)
    if control is not None:
        text = control.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), text)
    return text


def github_data(value: str) -> str:
    """`value` as the message of a GitHub workflow command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(value: str) -> str:
    """`value` as a property (`file=`, `title=`) of a GitHub workflow command."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")
