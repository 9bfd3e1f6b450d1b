"""Tests of scaffold.lint.files."""
