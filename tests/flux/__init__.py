"""Tests of scaffold.flux."""
