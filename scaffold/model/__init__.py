"""The model of a repository: its files, facts, Flux objects and what they render to."""
