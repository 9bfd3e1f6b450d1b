"""Tests of scaffold.model.files."""
