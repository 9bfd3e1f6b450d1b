"""Tests of scaffold.repository."""
