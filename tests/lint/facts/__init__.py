"""Tests of scaffold.lint.facts."""
