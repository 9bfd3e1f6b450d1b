"""Tests of scaffold.model.facts."""
