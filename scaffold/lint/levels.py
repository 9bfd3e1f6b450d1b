"""How loud a finding is: the levels a rule reports at, or is turned off with."""

from __future__ import annotations

ERROR = "error"
WARNING = "warning"
OFF = "off"
LEVELS = (OFF, WARNING, ERROR)
